"""The search page: the header's search box sends a GET here; results grouped by kind (see riep.core.search)."""
from django.shortcuts import render

from riep.core import search
from riep.core.permissions import requires


@requires("signed_in")
def search_page(request):
    query = search.cleaned(request.GET.get("q"))
    groups = search.search(request.user, query)
    too_short = bool(request.GET.get("q", "").strip()) and len(query) < search.MIN_LENGTH
    return render(request, "core/search.html", {
        "q": query, "groups": groups, "too_short": too_short, "min_length": search.MIN_LENGTH,
        "found": sum(len(g.results) for g in groups),
    })
