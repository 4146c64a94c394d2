"""Response headers every page needs."""
from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class ControlCharactersRefused:
    """A page address whose query holds a NUL character is refused with 400 before any view runs: PostgreSQL cannot
    compare text containing NUL, so a filter such as `?partnership=%00` would otherwise end in a 500. (Forms refuse
    NUL themselves; the API answers 422 in its own shape, see riep.core.api.errors.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and any(
                "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest("The address contains a NUL character (%00): remove it and try again.",
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)


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
