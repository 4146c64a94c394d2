"""The negotiation pack of one placement: the fair price, its breakdown, the gap and the assumptions, as a page
and as a PDF. The PDF renderer fetches nothing from the network: its URL fetcher serves only the platform's own
static files and refuses every other URL."""
from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from riep.care import services
from riep.care.calc import quote_gap
from riep.care.models import Placement

STATIC_HOST = "http://riep-static.invalid"  # .invalid never resolves


class RefusedURL(ValueError):
    pass


def static_file_for(url: str) -> Path:
    """The platform static file a URL names, or RefusedURL."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    prefix = STATIC_HOST + settings.STATIC_URL
    if not url.startswith(prefix):
        raise RefusedURL(f"Refused to fetch {url}: the negotiation pack uses only the platform's own static files")
    relative = url[len(prefix):].split("?")[0].split("#")[0]
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        raise RefusedURL(f"Refused to fetch {url}")
    found = finders.find(relative)
    if not found:
        raise RefusedURL(f"No static file {relative}")
    return Path(found)


def url_fetcher():
    """A WeasyPrint URL fetcher serving only the platform's static files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return URLFetcherResponse(url, body=static_file_for(url).read_bytes(), headers={})

    return StaticOnlyFetcher(fail_on_errors=False)


def pack_context(placement: Placement) -> dict:
    price = services.price_of(placement)
    gap = quote_gap(price, placement.current_weekly_fee) if placement.current_weekly_fee is not None else None
    card = services.card_for(placement)
    rates = services.rates_table(price)
    return {
        "placement": placement, "price": price, "gap": gap, "card": card,
        "breakdown": services.breakdown_table(price), "rates": rates,
        "illustrative_rates": sum(1 for r in rates.rows if r["status"].startswith("Illustrative")),
        "to_verify": sum(1 for r in rates.rows if r["status"].startswith("Statutory")),
        "annual_saving": services.annual_saving(placement),
        "stored_differs": placement.fair_weekly_price is not None and placement.fair_weekly_price != price.total,
    }


def pack_html(placement: Placement, request=None) -> str:
    return render_to_string("care/negotiation_pack_pdf.html", {**pack_context(placement), "static_host": STATIC_HOST},
                            request=request)


def pack_pdf(placement: Placement) -> bytes:
    from weasyprint import HTML

    return HTML(string=pack_html(placement), base_url=STATIC_HOST + "/", url_fetcher=url_fetcher()).write_pdf()
