"""Response headers every page needs."""
from __future__ import annotations

from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivatePagesAreNotCached:
    """A signed-in person's pages and downloads (their councils' gains, placements, people) must not be kept by a
    shared proxy or the browser's back-forward cache after they sign out: `Cache-Control: no-store, private`.
    Pages for everyone (sign-in, methodology, static files) keep whatever caching they had."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, max-age=0
            response["Cache-Control"] += ", private"
            patch_vary_headers(response, ("Cookie",))
        return response
