"""The negotiation pack of one placement: the fair price, its breakdown, the gap and the assumptions, as a page
and as a PDF. The PDF renderer fetches nothing from the network: its URL fetcher serves only the platform's own
static files and refuses every other URL."""
from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string

from riep.care.calc import quote_gap
from riep.care.models import Placement
from riep.care.services import pricing
from riep.core.pdf import STATIC_HOST, render_pdf
from riep.core.tables import COUNT, FINANCIAL_YEAR, MONEY, Column, Table

ZERO = Decimal("0.00")


def _saving_years(placement: Placement) -> Table | None:
    """The negotiated saving year by year, as the ledger records it (None before an outcome, or below the floor)."""
    if placement.agreed_weekly_fee is None or placement.current_weekly_fee is None or placement.agreed_on is None:
        return None
    try:
        saving = pricing.negotiated(placement)
    except ValueError:
        return None
    rows = [{"year": y.year, "weeks": y.weeks, "gross": y.gross_saving, "cost": y.review_cost,
             "net": y.gross_saving - y.review_cost} for y in saving.years]
    return Table("saving-years", "The negotiated saving, year by year", [
        Column("year", "Financial year", FINANCIAL_YEAR), Column("weeks", "Weeks", COUNT),
        Column("gross", "Saving", MONEY), Column("cost", "One-off review cost", MONEY), Column("net", "Net", MONEY),
    ], rows, {"year": "Total", "weeks": saving.total_weeks, "gross": saving.gross_total,
              "cost": sum((y.review_cost for y in saving.years), ZERO),
              "net": saving.gross_total - sum((y.review_cost for y in saving.years), ZERO)},
        note=f"£{saving.weekly_saving:,.2f} a week for {saving.remaining_years} years from the date agreed; weeks in "
             "each financial year to the nearest week.")


def pack_context(placement: Placement) -> dict:
    price = pricing.price_of(placement)
    gap = quote_gap(price, placement.current_weekly_fee) if placement.current_weekly_fee is not None else None
    card = pricing.card_for(placement)
    rates = pricing.rates_table(price)
    return {
        "placement": placement, "price": price, "gap": gap, "card": card,
        "breakdown": pricing.breakdown_table(price), "rates": rates,
        "illustrative_rates": sum(1 for r in rates.rows if r["status"].startswith("Illustrative")),
        "to_verify": sum(1 for r in rates.rows if r["status"].startswith("Statutory")),
        "annual_saving": pricing.annual_saving(placement),
        "saving_years": _saving_years(placement),
        "stored_differs": placement.fair_weekly_price is not None and placement.fair_weekly_price != price.total,
    }


def pack_html(placement: Placement, request=None) -> str:
    return render_to_string("care/negotiation_pack_pdf.html", {**pack_context(placement), "static_host": STATIC_HOST},
                            request=request)


def pack_pdf(placement: Placement) -> bytes:
    return render_pdf(pack_html(placement))
