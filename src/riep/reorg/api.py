"""Structural change API under /api/v1/reorg/: scenarios and their results, assumption changes, council tax
harmonisation, shared-service business cases and capacity-pool proposals. Same scope rules as the pages."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Field, Schema

from riep.core.api.auth import AUTH, Router, api_requires
from riep.core.api.types import RowId
from riep.core.errors import NotFound
from riep.reorg.calc.harmonisation import FormerArea, harmonise, paths_as_json
from riep.reorg.models import Assumption, CapacityPool, Scenario, SharedService
from riep.reorg.permissions import may_view, require_change, visible
from riep.reorg.services import pool, scenarios, shared

router = Router(tags=["reorg"], auth=AUTH)
Amount = Field(ge=0, max_digits=16, decimal_places=4, allow_inf_nan=False)


class AreaIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    band_d: Decimal = Field(ge=0, max_digits=10, decimal_places=2, allow_inf_nan=False)
    tax_base: Decimal = Field(max_digits=12, decimal_places=2, allow_inf_nan=False)


class HarmoniseIn(Schema):
    areas: list[AreaIn] = Field(min_length=2, max_length=50)
    years: int = Field(ge=1, le=99)
    referendum_limit: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=4, allow_inf_nan=False,
                                             description="A fraction: 0.0499 is 4.99%.")


class AssumptionIn(Schema):
    low: Decimal = Amount
    central: Decimal = Amount
    high: Decimal = Amount
    source_note: str = Field(min_length=1, max_length=500)
    reason: str = Field(min_length=1, max_length=300)


def _get(model, **lookup):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        raise NotFound(f"There is no {model._meta.verbose_name} {next(iter(lookup.values()))!r}.")
    return obj


def _seen(request, obj):
    if not may_view(request.user, obj):
        raise PermissionDenied(f"You may not see {obj}.")
    return obj


@router.get("/scenarios", response=list[dict])
@api_requires("signed_in")
def list_scenarios(request):
    return [{"slug": s.slug, "name": s.name, "area": s.area, "vesting_year": str(s.vesting_year),
             "illustrative": s.illustrative} for s in visible(request.user, Scenario.objects.all())]


@router.get("/scenarios/{slug}/results", response=dict)
@api_requires("signed_in")
def scenario_results(request, slug: str):
    s = _seen(request, _get(Scenario, slug=slug))
    return scenarios.run_as_json(s, scenarios.run_scenario(s))


@router.patch("/assumptions/{assumption_id}", response=dict)
@api_requires("edit_projects")
def change_assumption(request, assumption_id: RowId, payload: AssumptionIn):
    a = Assumption.objects.select_related("assumption_set__scenario").filter(pk=assumption_id).first()
    if a is None:
        raise NotFound(f"There is no assumption {assumption_id}.")
    require_change(request.user, a.assumption_set.scenario)
    scenarios.change_assumption(request.user, a, payload.low, payload.central, payload.high, payload.source_note,
                                payload.reason)
    return {"id": a.pk, "key": a.key, "low": str(a.low), "central": str(a.central), "high": str(a.high),
            "source_note": a.source_note, "versions": a.history.count()}


@router.post("/harmonise", response=dict)
@api_requires("signed_in")
def harmonise_route(request, payload: HarmoniseIn):
    """Per path the Band D of each former area each year, the yield and the income foregone against the
    weighted-average path; a path over the referendum limit lists its breaches under `errors`."""
    areas = [FormerArea(a.name, a.band_d, a.tax_base) for a in payload.areas]
    return paths_as_json(harmonise(areas, payload.years, payload.referendum_limit))


@router.get("/shared-services/{slug}", response=dict)
@api_requires("signed_in")
def shared_service(request, slug: str):
    s = _seen(request, _get(SharedService, slug=slug))
    case = shared.business_case(s)
    money = {lvl: str(v) for lvl, v in case.saving.items()}
    return {"slug": s.slug, "name": s.name, "formula": s.formula, "set_up": str(case.set_up),
            "running_cost": str(case.running_cost), "saving": money,
            "payback_years": {k: None if v is None else str(v) for k, v in case.payback_years.items()},
            "councils": [{"council": c.council, "share": str(c.share), "set_up": str(c.set_up),
                          "cash_released_for_frontline_services": {k: str(v) for k, v in c.cash_released.items()}}
                         for c in case.shares],
            "realised": [{"year": str(r.year), "amount": str(r.amount),
                          "ledger_gain": r.ledger_gain.reference if r.ledger_gain else None}
                         for r in s.realised.select_related("ledger_gain")]}


class SharingIn(Schema):
    formula: str = Field(description="equal, population, transactions, baseline or entered")
    shares: dict[str, Decimal] = Field(default_factory=dict,
                                       description="For 'entered': council GSS (or SNAC) code → percent; adds up to 100.")


@router.patch("/shared-services/{slug}/cost-sharing", response=dict)
@api_requires("edit_projects")
def set_cost_sharing(request, slug: str, payload: SharingIn):
    s = _get(SharedService, slug=slug)
    require_change(request.user, s)
    shared.set_cost_sharing(request.user, s, payload.formula, payload.shares)
    return shared_service(request, slug)


@router.get("/capacity-pools/{slug}/proposal", response=list[dict])
@api_requires("signed_in")
def pool_proposal(request, slug: str):
    p = _seen(request, _get(CapacityPool, slug=slug))
    return [{"offer": o.pk, "request": r.pk, "from": str(o.council), "to": str(r.council),
             "specialism": o.specialism, "days": m.days, "km": m.km} for o, r, m in pool.proposal(p)]
