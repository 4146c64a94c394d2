"""Care calculator API under /api/v1/care/: price one set of needs, and the placements the caller may see.

Same rules as the pages: the government reviewer sees no placement (403); other roles see only their councils'
placements (council officers) or their partnerships' member councils' placements (partnership staff and board).
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Schema
from ninja.errors import HttpError

from riep.care import services
from riep.care.calc import RateCardError, check_needs, fair_weekly_price, load_rate_card, quote_gap
from riep.care.models import Placement
from riep.care.permissions import may_view_placement
from riep.core.api.auth import AUTH, Router, api_requires
from riep.core.api.types import Hours, Money, People
from riep.core.errors import NotFound, UserError

router = Router(tags=["care"], auth=AUTH)


class PriceIn(Schema):
    """Hours and nights a week (at most 4 decimal places), people sharing (1 to 100), the fee in pounds and pence."""

    service_type: str
    rate_card: str = services.DEFAULT_RATE_CARD
    shared_core_hours: Hours = Decimal(0)
    shared_by: People = 1
    one_to_one_hours: Hours = Decimal(0)
    two_to_one_hours: Hours = Decimal(0)
    waking_night_hours: Hours = Decimal(0)
    sleep_in_nights: Hours = Decimal(0)
    nights_shared_by: People | None = None
    provider_fee: Money | None = None


class RateOut(Schema):
    key: str
    value: Decimal
    unit: str
    source: str
    date: str
    verify: bool
    illustrative: bool


class LineOut(Schema):
    key: str
    label: str
    block: str
    amount: Decimal
    formula: str
    inputs: dict[str, str]
    rates: list[RateOut]


class GapOut(Schema):
    fee: Decimal
    weekly_gap: Decimal
    annual_gap: Decimal
    flag: str
    flag_label: str
    is_risk: bool


class PriceOut(Schema):
    rate_card: str
    vintage: str
    financial_year: str
    fair_weekly_price: Decimal
    floor: Decimal
    ceiling: Decimal
    lines: list[LineOut]
    gap: GapOut | None = None


class PlacementOut(Schema):
    id: int
    council_gss_code: str | None
    council: str
    person_reference: str
    service_type: str
    provider: str
    current_weekly_fee: Decimal | None
    review_date: dt.date | None
    rate_card: str
    rate_card_vintage: str
    fair_weekly_price: Decimal | None
    floor_weekly_price: Decimal | None
    ceiling_weekly_price: Decimal | None
    weekly_gap: Decimal | None
    annual_gap: Decimal | None
    gap_flag: str
    agreed_weekly_fee: Decimal | None
    agreed_on: dt.date | None
    ledger_gain: str | None
    illustrative: bool


class PlacementDetailOut(PlacementOut):
    needs: dict[str, str | None]
    lines: list[LineOut]


def _lines(price) -> list[dict]:
    return [{"key": l.key, "label": l.label, "block": l.block, "amount": l.amount, "formula": l.formula,
             "inputs": dict(l.inputs),
             "rates": [{"key": r.key, "value": r.value, "unit": r.unit, "source": r.source, "date": r.date,
                        "verify": r.verify, "illustrative": r.illustrative} for r in l.rates]} for l in price.lines]


def _gap(gap) -> dict | None:
    if gap is None:
        return None
    return {"fee": gap.fee, "weekly_gap": gap.weekly_gap, "annual_gap": gap.annual_gap, "flag": gap.flag.value,
            "flag_label": gap.flag.label, "is_risk": gap.is_risk}


@router.post("/price", response=PriceOut)
@api_requires("signed_in")
def price(request, payload: PriceIn):
    """Prices one person's needs with a named rate card: the fair weekly price, its range and every line with its sources."""
    try:
        card = load_rate_card(payload.rate_card)
    except (RateCardError, FileNotFoundError, ValueError) as error:
        raise UserError(str(error), field="rate_card") from None
    values = payload.model_dump(exclude={"rate_card", "provider_fee"})
    needs, problems = check_needs(**values)
    if problems:
        raise ValidationError({field: message for field, message in problems})
    if needs.service_type not in card.services:
        raise UserError(f"{card.name} has no rates for {needs.service_type.label}", field="rate_card")
    fair = fair_weekly_price(needs, card)
    gap = None
    if payload.provider_fee is not None:
        try:
            gap = quote_gap(fair, str(payload.provider_fee))
        except ValueError as error:
            raise UserError(str(error), field="provider_fee") from None
    return {"rate_card": card.name, "vintage": card.vintage, "financial_year": card.financial_year.label,
            "fair_weekly_price": fair.total, "floor": fair.floor, "ceiling": fair.ceiling, "lines": _lines(fair),
            "gap": _gap(gap)}


def _placement_out(p: Placement) -> dict:
    return {"id": p.pk, "council_gss_code": p.council.gss_code, "council": p.council.name,
            "person_reference": p.person_reference, "service_type": p.service_type, "provider": p.provider,
            "current_weekly_fee": p.current_weekly_fee, "review_date": p.review_date, "rate_card": p.rate_card,
            "rate_card_vintage": p.rate_card_vintage, "fair_weekly_price": p.fair_weekly_price,
            "floor_weekly_price": p.floor_weekly_price, "ceiling_weekly_price": p.ceiling_weekly_price,
            "weekly_gap": p.weekly_gap, "annual_gap": p.annual_gap, "gap_flag": p.gap_flag,
            "agreed_weekly_fee": p.agreed_weekly_fee, "agreed_on": p.agreed_on,
            "ledger_gain": p.ledger_gain.reference if p.ledger_gain_id else None, "illustrative": p.illustrative}


@router.get("/placements", response=list[PlacementOut])
@api_requires("view_care_placements")
def list_placements(request, council: str | None = None, provider: str | None = None, service_type: str | None = None):
    """The placements the caller may see, largest weekly gap first."""
    params = {"council": council, "provider": provider, "service_type": service_type}
    placements = services.filter_placements(services.visible_placements(request.auth), params)
    return [_placement_out(p) for p in services.ranked(placements)]


@router.get("/placements/{placement_id}", response=PlacementDetailOut)
@api_requires("view_care_placements")
def get_placement(request, placement_id: int):
    placement = Placement.objects.select_related("council", "ledger_gain").filter(pk=placement_id).first()
    if placement is None:
        raise NotFound(f"There is no placement {placement_id}.")
    if not may_view_placement(request.auth, placement):
        raise HttpError(403, "You may not see this placement: it is not one of your councils' placements.")
    price = services.price_of(placement)
    needs = {f: (None if getattr(placement, f) is None else str(getattr(placement, f))) for f in services.NEEDS_FIELDS}
    return {**_placement_out(placement), "needs": needs, "lines": _lines(price)}
