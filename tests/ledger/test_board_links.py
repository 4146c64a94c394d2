"""A board member serves their own partnership (issue 15): the pages they reach — their starting page, council and
partnership pages, search, the programme and portfolio — never link them to what answers 403 (another
partnership's gains or returns), 404 or 500. A bounded crawl from the pages they open, following every link."""
from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urljoin, urlsplit

from riep.registry.models import Organisation, Partnership

BOARD = "board@improvementeast.example"
HREF = re.compile(r'<a\s[^>]*href="([^"]+)"', re.I)
# Links that are not pages: downloads of the page's own tables (the page's permission), files, sign-out, the API.
# Stored files too (board papers, evidence): the tests keep uploads apart from the demo's files, so they would 404.
SKIP = re.compile(r"[?&](download|export|format|items)=|^/(static|media|api|accounts/sign-out|admin)/|\.(pdf|csv|xlsx)$"
                  r"|/(papers|evidence)/\d+/$")
PAGES, PER_SHAPE = 200, 3
WORDS = {"ni179", "ni157"}


KINDS = [("<gss>", r"[EWSN]\d{8}"), ("<snac>", r"\d\d[A-Z]{0,2}"), ("<year>", r"\d{4}-\d\d"), ("<n>", r"\d+")]


def _kind(part: str) -> str:
    """A path segment's kind: a GSS or SNAC code, a year, a number, another id (a reference), or itself."""
    if part in WORDS or not re.search(r"\d", part):
        return part
    return next((name for name, pattern in KINDS if re.fullmatch(pattern, part)), "<id>")


def _shape(url: str) -> str:
    """Pages of one kind share a shape (a council page is a council page): only a few of each are opened. Codes
    of different kinds make different shapes (a council abolished before GSS codes has a SNAC code in its links)."""
    return "/".join(_kind(part) for part in urlsplit(url).path.split("/"))


def _links(html: str, base: str):
    for href in HREF.findall(html):
        href = urldefrag(urljoin(base, href.replace("&amp;", "&")))[0]
        parts = urlsplit(href)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(url):
            yield url


def _crawl(client, seeds):
    """Breadth first from the seeds (each opened whatever its shape), at most PER_SHAPE pages of any other shape
    and PAGES in all: returns the pages opened and every (link, status, page it was on) that failed."""
    opened, failed, shapes = set(), [], Counter()
    queue = deque((url, "(start)") for url in seeds)
    while queue and len(opened) < PAGES:
        url, found_on = queue.popleft()
        if url in opened or (found_on != "(start)" and shapes[_shape(url)] >= PER_SHAPE):
            continue
        opened.add(url)
        shapes[_shape(url)] += 1
        response = client.get(url)
        status = response.status_code
        if status in (301, 302):
            location = response["Location"]
            if "/accounts/sign-in" in location:
                failed.append((url, f"{status} to sign-in", found_on))
            else:
                queue.appendleft((urlsplit(location).path + (f"?{urlsplit(location).query}" if urlsplit(location).query else ""), url))
            continue
        if status >= 400:
            failed.append((url, status, found_on))
            continue
        if "text/html" in response.get("Content-Type", ""):
            queue.extend((link, url) for link in _links(response.content.decode(), url) if link not in opened)
    return opened, failed


def test_no_page_a_board_member_reaches_links_them_to_a_refusal(client, ledger):
    from riep.accounts.models import User

    client.force_login(User.objects.get(email=BOARD))
    # The pages a board member opens: their starting page, the registers, every partnership, a council of each,
    # the portfolio and the search box (councils, partnerships, projects, gains by reference).
    councils = [Organisation.objects.councils().filter(memberships__partnership=p).order_by("name").first()
                for p in Partnership.objects.order_by("code")]
    seeds = ["/", "/registry/councils/", "/registry/partnerships/", "/projects/", "/ledger/",
             "/search/?q=Kent", "/search/?q=EE-", "/search/?q=SE-", "/search/?q=waste",
             *[f"/registry/partnerships/{p.code}/" for p in Partnership.objects.order_by("code")],
             *[f"/registry/councils/{c.pk}/" for c in councils if c is not None]]
    opened, failed = _crawl(client, seeds)
    assert len(opened) >= 60, sorted(opened)  # the crawl really went somewhere
    assert any(u.startswith("/ledger/") for u in opened) and any(u.startswith("/projects/") for u in opened)
    assert "/ledger/ni179/09/2008-09/" in opened  # Bedfordshire County Council's return, by its SNAC code
    assert failed == [], "\n".join(f"{url} answered {status} (linked from {page})" for url, status, page in failed)
