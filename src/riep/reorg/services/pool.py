"""The planning capacity pool: the proposed placements (riep.reorg.calc.matching), agreeing one (a recharge rate and
a partnership project), and the link to the receiving council's NI 157 page in the performance toolkit."""
from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from functools import lru_cache

from django.db import transaction

from riep.core.errors import Conflict, UserError
from riep.core.money import to_money
from riep.portfolio.models import Project, Theme
from riep.registry.councils_file import DATA_DIR
from riep.reorg.calc import matching
from riep.reorg.models import CapacityOffer, CapacityPlacement, CapacityPool, CapacityRequest

# The performance toolkit's indicator page for a council, by URL only (no import of riep.performance).
NI157_URL = "/performance/councils/{code}/indicators/NI157/"


@lru_cache(maxsize=1)
def _locations() -> dict[str, tuple[float, float]]:
    """(latitude, longitude) by GSS code, from the registry's bundled council register (mySociety)."""
    out = {}
    with open(DATA_DIR / "uk_local_authorities_current.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("gss-code") and row.get("lat") and row.get("long"):
                out[row["gss-code"]] = (float(row["lat"]), float(row["long"]))
    return out


def location(council) -> tuple[float, float] | None:
    return _locations().get(council.gss_code or "")


def _offer(o: CapacityOffer) -> matching.Offer:
    return matching.Offer(str(o.pk), str(o.council), o.specialism, o.days, o.start, o.end, o.max_travel_km,
                          location(o.council))


def _request(r: CapacityRequest) -> matching.Request:
    return matching.Request(str(r.pk), str(r.council), r.specialism, r.days, r.start, r.end, location(r.council))


def proposal(pool: CapacityPool) -> list[tuple[CapacityOffer, CapacityRequest, matching.Placement]]:
    """The optimal placements among the offers and requests not yet placed."""
    offers = {str(o.pk): o for o in pool.offers.select_related("council").filter(placement__isnull=True)}
    requests = {str(r.pk): r for r in pool.requests.select_related("council").filter(placement__isnull=True)}
    placed = matching.propose([_offer(o) for o in offers.values()], [_request(r) for r in requests.values()])
    return [(offers[p.offer], requests[p.request], p) for p in placed]


def ni157_url(council) -> str:
    return NI157_URL.format(code=council.gss_code or council.snac_code)


@transaction.atomic
def agree_placement(user, offer: CapacityOffer, request: CapacityRequest, recharge_per_day, agreed_on: dt.date):
    """Agrees a proposed pair: the placement, recharged a day, tracked as a project of the pool's partnership."""
    if offer.pool_id != request.pool_id:
        raise UserError("The offer and the request are in different pools.", field="request")
    if CapacityPlacement.objects.filter(offer=offer).exists() or CapacityPlacement.objects.filter(request=request).exists():
        raise Conflict("That offer or request is already placed.")
    fit = matching.compatible(_offer(offer), _request(request))
    if fit is None:
        raise UserError("That offer cannot meet that request (specialism, dates or travel).", field="request")
    rate = to_money(recharge_per_day)
    if rate < 0:
        raise UserError("The recharge rate must not be negative.", field="recharge_per_day")
    pool = offer.pool
    days, km = fit
    theme, _ = Theme.objects.get_or_create(slug="planning", defaults={"name": "Planning"})
    start, end = max(offer.start, request.start), min(offer.end, request.end)
    # The placement's project runs within a funding period, as every project does (riep.portfolio.forms).
    periods = list(pool.partnership.funding_periods.order_by("first_year"))
    period = next((p for p in periods if p.first_year.first_day <= start and end <= p.last_year.last_day), None)
    if period is None:
        covered = "; ".join(f"{p.first_year.first_day:%-d %B %Y} to {p.last_year.last_day:%-d %B %Y}" for p in periods)
        raise UserError(f"No funding period of {pool.partnership} covers the placement ({start:%-d %B %Y} to "
                        f"{end:%-d %B %Y}), so it cannot be tracked as a project"
                        + (f": its periods run {covered}." if covered else ": it has none."), field="request")
    code = f"capacity-{pool.slug}-{offer.pk}-{request.pk}"
    code = code if len(code) <= 60 else f"capacity-{pool.pk}-{offer.pk}-{request.pk}"  # never cut: unique
    project = Project.objects.create(
        code=code, name=f"Planning capacity: {offer.council} to {request.council} ({offer.get_specialism_display()})",
        partnership=pool.partnership, funding_period=period, theme=theme, lead_council=request.council,
        description=(f"Placement from the {pool} of {days} officer days ({offer.get_specialism_display().lower()}) "
                     f"from {offer.council} to {request.council}, recharged at £{rate:,.2f} a day "
                     f"(£{rate * days:,.2f} in all). Watch the receiving council's NI 157 (speed of planning "
                     f"decisions) in the performance toolkit: {ni157_url(request.council)}"),
        start_date=start, end_date=end,
        illustrative=pool.illustrative)
    project.participating_councils.set([offer.council, request.council])
    return CapacityPlacement.objects.create(pool=pool, offer=offer, request=request, days=days, km=km,
                                            recharge_per_day=rate, agreed_on=agreed_on, project=project)


def recharge_total(placements) -> Decimal:
    return sum((p.recharge_per_day * p.days for p in placements), Decimal("0.00"))
