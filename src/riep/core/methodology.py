"""Methodology pages: one per calculation, written in Markdown under riep/methodology/ with sources.

Each page's front matter names the calculations it documents; a meta-test checks that every
calculation module is covered by a page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from riep.core.permissions import requires

PAGES_DIR = Path(__file__).resolve().parent.parent / "methodology"


@dataclass(frozen=True)
class MethodologyPage:
    slug: str
    title: str
    summary: str
    covers: tuple[str, ...]
    body_html: str


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, body


_GOVUK_CLASSES = {
    "p": "govuk-body", "h2": "govuk-heading-l", "h3": "govuk-heading-m", "h4": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet", "ol": "govuk-list govuk-list--number", "a": "govuk-link",
    "table": "govuk-table", "thead": "govuk-table__head", "tbody": "govuk-table__body",
    "tr": "govuk-table__row", "th": "govuk-table__header", "td": "govuk-table__cell",
}
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> str:
    """Markdown (CommonMark + tables, raw HTML disabled) with GOV.UK classes; # headings become h2."""
    html = _MARKDOWN.render(text)
    html = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}>", html)
    html = html.replace("<th>", '<th scope="col">')
    return re.sub(
        r"<(p|h2|h3|h4|ul|ol|a|table|thead|tbody|tr|th|td)([ >])",
        lambda m: f'<{m.group(1)} class="{_GOVUK_CLASSES[m.group(1)]}"{m.group(2)}',
        html,
    )


@lru_cache(maxsize=None)
def all_pages() -> dict[str, MethodologyPage]:
    pages = {}
    for path in sorted(PAGES_DIR.glob("*.md")):
        meta, body = _front_matter(path.read_text(encoding="utf-8"))
        pages[path.stem] = MethodologyPage(
            slug=path.stem, title=meta.get("title", path.stem), summary=meta.get("summary", ""),
            covers=tuple(c.strip() for c in meta.get("covers", "").split(",") if c.strip()),
            body_html=render_markdown(body),
        )
    return pages


@requires("signed_in")
def index(request):
    return render(request, "core/methodology_index.html", {"pages": all_pages().values()})


@requires("signed_in")
def page(request, slug):
    found = all_pages().get(slug)
    if found is None:
        raise Http404("No such methodology page")
    return render(request, "core/methodology_page.html", {"page": found, "body": mark_safe(found.body_html)})
