"""Long tables a page at a time: the page links GOV.UK pagination shows, and what a page link keeps of the query."""
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from riep.core.tables.paging import Page, page_of


def _page(number, pages, query="", **extra):
    request = RequestFactory().get("/projects/?" + query)
    return Page(items=[], number=number, pages=pages, count=pages * 50, first=0, last=0, query=request.GET, **extra)


def test_a_page_of_a_list_with_the_nearest_page_for_bad_numbers():
    items = list(range(120))
    for asked, number, first, last in (("2", 2, 51, 100), ("3", 3, 101, 120), ("999", 3, 101, 120), ("x", 1, 1, 50),
                                       ("-1", 3, 101, 120)):
        page = page_of(RequestFactory().get("/", {"page": asked}), items)
        assert (page.number, page.first, page.last, page.count, page.pages) == (number, first, last, 120, 3), asked
        assert page.items == items[first - 1:last]
    empty = page_of(RequestFactory().get("/"), [])
    assert (empty.pages, empty.count, empty.first, empty.last, empty.items) == (1, 0, 0, 0, [])


def test_page_links_keep_filters_and_sort_and_drop_downloads():
    page = _page(2, 5, "partnership=EE&sort=-name&page=2&download=projects&format=csv")
    assert page.next == "?partnership=EE&sort=-name&page=3"
    assert page.previous == "?partnership=EE&sort=-name&page=1"
    assert page.summary == "Showing 0 to 0 of 250"
    section = _page(1, 3, "as_at=2009-04-01", param="projects-page", anchor="table-projects")
    assert section.next == "?as_at=2009-04-01&projects-page=2#table-projects" and section.previous == ""


def test_the_numbers_shown_for_page_seven_of_forty():
    shown = [(link.number, link.current) for link in _page(7, 40).links]
    assert shown == [(1, False), (None, False), (6, False), (7, True), (8, False), (None, False), (40, False)]


@given(st.integers(1, 300).flatmap(lambda pages: st.tuples(st.just(pages), st.integers(1, pages))))
def test_links_always_show_first_last_and_current_in_order_with_single_ellipses(case):
    pages, number = case
    links = _page(number, pages).links
    numbers = [link.number for link in links if link.number is not None]
    assert numbers == sorted(set(numbers)) and {1, pages, number} <= set(numbers)
    assert [link.number for link in links if link.current] == [number]
    assert all(not (a.number is None and b.number is None) for a, b in zip(links, links[1:]))
    # an ellipsis stands for at least one hidden page
    for before, gap, after in zip(links, links[1:], links[2:]):
        if gap.number is None:
            assert after.number - before.number >= 2
