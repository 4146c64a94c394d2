"""PDFs (WeasyPrint) that never reach the network.

Documents are rendered with base URL STATIC_HOST, a host that can never resolve (.invalid); the URL fetcher
serves only the platform's own static files under it and refuses every other URL (other hosts, file:, paths
climbing out of the static tree), so a PDF cannot leak a request or read the server's files.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

STATIC_HOST = "http://riep-static.invalid"


class RefusedURL(ValueError):
    """A PDF asked for something other than one of the platform's static files."""


def static_file_for(url: str) -> Path:
    prefix = STATIC_HOST + settings.STATIC_URL
    if not url.startswith(prefix):
        raise RefusedURL(f"Refused to fetch {url}: PDFs use only the platform's own static files")
    relative = url[len(prefix):].split("?")[0].split("#")[0]
    if not relative or relative.startswith("/") or ".." in Path(relative).parts:
        raise RefusedURL(f"Refused to fetch {url}")
    found = finders.find(relative)
    if not found:
        raise RefusedURL(f"No static file {relative}")
    return Path(found)


def static_only_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415 (WeasyPrint takes a second to load: only PDF downloads pay for it)

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file_for(url)
            # Without a content type WeasyPrint takes a file as text/plain and ignores a stylesheet.
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    return StaticOnlyFetcher(fail_on_errors=False)


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1), so screen readers get headings, table structure and text alternatives."""
    from weasyprint import HTML  # noqa: PLC0415 (WeasyPrint takes a second to load: only PDF downloads pay for it)

    return HTML(string=html, base_url=STATIC_HOST + "/", url_fetcher=static_only_fetcher()).write_pdf(pdf_variant="pdf/ua-1")
