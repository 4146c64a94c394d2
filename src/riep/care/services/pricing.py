"""Pricing a placement: its needs, its rate card, its fair price and range, and the tables that explain a price."""
from __future__ import annotations

from decimal import Decimal

from riep.care.calc import (
    WEEKS_PER_YEAR,
    FairPrice,
    GapFlag,
    RateCard,
    ServiceType,
    SupportNeeds,
    fair_weekly_price,
    gap_flag,
    load_rate_card,
)
from riep.care.calc.negotiated import NegotiatedSaving, negotiated_saving
from riep.care.calc.rates import to_pence
from riep.care.models import Placement
from riep.core.tables import DATE, MONEY, Column, Table

ZERO = Decimal("0.00")
DEFAULT_RATE_CARD = "england-2026-27"
NEGOTIATION_METHOD = "fair price negotiation"
NEEDS_FIELDS = ("shared_core_hours", "shared_by", "one_to_one_hours", "two_to_one_hours", "waking_night_hours",
                "sleep_in_nights", "nights_shared_by")



def needs_of(placement: Placement) -> SupportNeeds:
    return SupportNeeds(ServiceType(placement.service_type), **{f: getattr(placement, f) for f in NEEDS_FIELDS})


def card_for(placement: Placement) -> RateCard:
    return load_rate_card(placement.rate_card or DEFAULT_RATE_CARD)


def price_of(placement: Placement) -> FairPrice:
    """The itemised fair price of a placement from the rate card it was priced with."""
    return fair_weekly_price(needs_of(placement), card_for(placement))


def priced_values(fee: Decimal | None, fair: Decimal, floor: Decimal, ceiling: Decimal, card: RateCard) -> dict:
    values = {"rate_card": card.name, "rate_card_vintage": card.vintage, "fair_weekly_price": fair,
              "floor_weekly_price": floor, "ceiling_weekly_price": ceiling,
              "weekly_gap": None, "annual_gap": None, "gap_flag": ""}
    if fee is not None:
        weekly = fee - fair
        values.update(weekly_gap=weekly, annual_gap=to_pence(weekly * WEEKS_PER_YEAR),
                      gap_flag=gap_flag(fee, floor, fair, ceiling).value)
    return values


def reprice(placement: Placement, card: RateCard | None = None, save: bool = True) -> bool:
    """Prices a placement against a card (its own by default); returns whether anything changed."""
    card = card or card_for(placement)
    price = fair_weekly_price(needs_of(placement), card)
    values = priced_values(placement.current_weekly_fee, price.total, price.floor, price.ceiling, card)
    changed = any(getattr(placement, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(placement, key, value)
    if changed and save:
        placement.save()
    return changed


def flag_label(flag: str) -> str:
    return GapFlag(flag).label if flag else "No current fee to compare"


def breakdown_table(price: FairPrice) -> Table:
    rows = [{"line": line.label, "formula": line.formula or "Fixed amount per place",
             "inputs": "; ".join(f"{k}: {v}" for k, v in line.inputs),
             "amount": line.amount} for line in price.lines]
    return Table("breakdown", "Fair weekly price, line by line",
                 [Column("line", "Cost line"), Column("formula", "Formula"), Column("inputs", "Inputs"),
                  Column("amount", "£ a week", MONEY)],
                 rows, footer={"line": "Fair weekly price", "amount": price.total})


def rates_table(price: FairPrice) -> Table:
    """Every rate-card entry the price used, once, with its source and vintage."""
    seen: dict[str, object] = {}
    for line in price.lines:
        for rate in line.rates:
            seen.setdefault(rate.key, rate)
    rows = [{"key": r.key, "value": f"{r.value} {r.unit}", "source": r.source, "date": r.date,
             "status": "Illustrative default: replace with local evidence" if r.illustrative
             else ("Statutory figure to verify" if r.verify else "Sourced")} for r in seen.values()]
    return Table("rates", "Rates used, with source and vintage",
                 [Column("key", "Rate"), Column("value", "Value"), Column("source", "Source"), Column("date", "Date", DATE),
                  Column("status", "Status")], rows)


DEFAULT_REMAINING_YEARS = Decimal(3)  # when the rate card states no assumption


def default_remaining_years(placement: Placement) -> Decimal:
    """The rate card's assumption of how long a reviewed placement of this kind continues."""
    try:
        value = card_for(placement).expected_remaining_years(placement.service_type)
    except (ValueError, KeyError):
        value = None
    return value if value is not None else DEFAULT_REMAINING_YEARS


def remaining_years(placement: Placement) -> Decimal:
    return placement.expected_remaining_years or default_remaining_years(placement)


def negotiated(placement: Placement) -> NegotiatedSaving:
    """The placement's negotiated saving year by year (raises BelowFloor for a fee agreed below the floor)."""
    return negotiated_saving(placement.current_weekly_fee, placement.agreed_weekly_fee, placement.agreed_on,
                             remaining_years(placement), placement.review_cost or ZERO, placement.floor_weekly_price)


def annual_saving(placement: Placement) -> Decimal:
    weekly = placement.weekly_saving
    return to_pence(weekly * WEEKS_PER_YEAR) if weekly else ZERO
