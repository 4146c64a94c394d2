"""Long tables shown a page at a time, downloaded whole.

A national partnership has thousands of projects and gains: a page that builds a row for every one of them takes
seconds, and nobody reads 3,000 rows on screen. So a view shows one page of rows (GOV.UK pagination below the
table, `?page=N`) while the table's CSV and XLSX downloads still hold every row::

    page = page_of(request, projects)                        # reads ?page=; a bad page number shows the nearest
    rows = projects if downloading(request) else page.items  # build rows only for what is shown
    table = Table(..., rows=build(rows), page=page)

Totals rows are for the whole list, never for the page: compute them from the queryset, not from the rows shown.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator

PER_PAGE = 50


@dataclass
class PageLink:
    number: int | None  # None: the ellipsis between runs of page numbers
    url: str = ""
    current: bool = False


@dataclass
class Page:
    items: Sequence[Any]  # this page's objects (a list: the queryset has been sliced and fetched)
    number: int
    pages: int
    count: int  # how many in the whole list
    first: int  # "Showing 51 to 100 of 3,012"
    last: int
    query: Any  # the request's QueryDict, to keep filters and sort in page links
    param: str = "page"  # the query parameter: another name where a page has several long tables
    anchor: str = ""  # where a page link lands (the table's id), for a table below the top of its page

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"

    @property
    def summary(self) -> str:
        return f"Showing {self.first:,} to {self.last:,} of {self.count:,}"

    def url(self, number: int) -> str:
        query = self.query.copy()
        query[self.param] = str(number)
        for key in ("download", "format"):
            query.pop(key, None)
        return "?" + query.urlencode() + (f"#{self.anchor}" if self.anchor else "")

    @property
    def previous(self) -> str:
        return self.url(self.number - 1) if self.number > 1 else ""

    @property
    def next(self) -> str:
        return self.url(self.number + 1) if self.number < self.pages else ""

    @property
    def links(self) -> list[PageLink]:
        """GOV.UK pagination's numbers: the first, the last, and the current page with one either side."""
        wanted = {1, self.pages, self.number - 1, self.number, self.number + 1}
        links: list[PageLink] = []
        for number in range(1, self.pages + 1):
            if number in wanted:
                links.append(PageLink(number, self.url(number), number == self.number))
            elif links and links[-1].number is not None:
                links.append(PageLink(None))
        return links


def downloading(request) -> bool:
    """Whether the request asks for one of the page's tables as a file (then every row is wanted)."""
    return bool(request.GET.get("download"))


def page_of(request, items, per_page: int = PER_PAGE, param: str = "page", anchor: str = "") -> Page:
    """The page `?page=N` of `items` (an ordered queryset, or a list); out-of-range or unreadable numbers show the
    nearest page. `param` and `anchor` for a long table in a section of a longer page."""
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    shown = paginator.get_page(request.GET.get(param))
    count = paginator.count
    return Page(items=list(shown.object_list), number=shown.number, pages=paginator.num_pages, count=count,
                first=shown.start_index() if count else 0, last=shown.end_index() if count else 0, query=request.GET,
                param=param, anchor=anchor)
