"""Long API lists a page at a time: `?offset=&limit=` on the request, the answer a plain JSON list as before, with
`X-Total-Count` and an RFC 8288 `Link` header (`rel="next"`, `rel="prev"`) saying how to get the rest.

A list stays a list, so clients written before paging keep working for lists shorter than the default page;
a national partnership's thousands of projects no longer come back in one answer that takes seconds to build::

    @router.get("/projects", response=list[ProjectOut])
    @api_requires("signed_in")
    def list_projects(request, response: HttpResponse, paging: Query[Paging]):
        return [out(p) for p in page(request, response, projects, paging)]
"""
from __future__ import annotations

from django.http import HttpResponse
from ninja import Schema
from pydantic import Field

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_OFFSET = 10**9  # beyond any list here, and within every database's OFFSET


class Paging(Schema):
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip (0 for the first page).")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT,
                       description=f"How many items to return (at most {MAX_LIMIT}; {DEFAULT_LIMIT} if not given).")


def page(request, response: HttpResponse, items, paging: Paging) -> list:
    """This page of `items` (an ordered queryset), with the total and the next and previous pages' addresses set on
    `response` (ninja's temporal response, whose headers reach the client)."""
    total = items.count()
    start, limit = paging.offset, paging.limit
    response["X-Total-Count"] = str(total)
    links = []
    if start + limit < total:
        links.append(f'<{_address(request, start + limit, limit)}>; rel="next"')
    if start > 0:
        links.append(f'<{_address(request, max(start - limit, 0), limit)}>; rel="prev"')
    if links:
        response["Link"] = ", ".join(links)
    return list(items[start:start + limit])


def _address(request, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"], query["limit"] = str(offset), str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
