"""Ledger API under /api/v1/ledger/: gains (list, read, create, update) and NI 179 returns.

Same rules as the pages: council officers change only their councils' gains, changes touching a validated
(locked) NI 179 return are refused with 409 and a clear message, and every change needs a reason.
"""

from decimal import Decimal
from typing import Annotated

from django.http import HttpResponse
from ninja import Field, Query, Schema, Status

from riep.core.api.auth import Router, api_requires
from riep.core.api.paging import Paging, page
from riep.core.api.types import Money
from riep.core.errors import NotFound, UserError
from riep.core.fy import FinancialYear
from riep.ledger import permissions, services
from riep.ledger.calc.gains import as_share
from riep.ledger.models import Category, EfficiencyGain, GainStatus
from riep.portfolio.models import Project
from riep.registry.models import Organisation, Partnership

router = Router(tags=["ledger"])
PENNY = Decimal("0.01")
EvidenceLevelIn = Annotated[int, Field(ge=1, le=5, description="Maryland scale, 1 (weakest) to 5")]


class GainYearOut(Schema):
    year: str
    gross_saving: Decimal
    investment: Decimal
    ongoing_costs: Decimal
    staff_costs_incurred_anyway: Decimal
    reference_saving: Decimal | None


class GainYearIn(Schema):
    """One financial year's amounts, each in pounds and pence (at most 2 decimal places, under £1,000,000,000,000)."""

    year: str = Field(examples=["2009-10"])
    gross_saving: Money = Decimal("0")
    investment: Money = Decimal("0")
    ongoing_costs: Money = Decimal("0")
    staff_costs_incurred_anyway: Money = Decimal("0")
    reference_saving: Money | None = None


class ShareIO(Schema):
    gss_code: str
    share: str


class ShareOut(Schema):
    # A council abolished before GSS codes began (Bedfordshire County Council, 2009) has only its SNAC code.
    gss_code: str | None
    snac_code: str | None
    share: str


class GainOut(Schema):
    reference: str
    council_gss_code: str | None
    council_snac_code: str | None
    project: str | None
    service_area: str
    category: str
    description: str
    cash_releasing: bool
    service_quality_maintained: bool
    quality_evidence: str
    status: str
    evidence_level: int | None
    evidence_method: str
    first_year: str
    illustrative: bool
    version: int
    change_reason: str
    years: list[GainYearOut]
    shares: list[ShareOut]


class GainIn(Schema):
    reference: str
    council_gss_code: str
    project: str | None = None
    service_area: str
    category: str
    description: str
    cash_releasing: bool = True
    service_quality_maintained: bool = True
    quality_evidence: str = ""
    status: str = GainStatus.FORECAST
    evidence_level: EvidenceLevelIn | None = None
    evidence_method: str = ""
    first_year: str
    years: list[GainYearIn] = []
    shares: list[ShareIO] = []


class GainPatch(Schema):
    reason: str
    council_gss_code: str | None = None
    project: str | None = None
    service_area: str | None = None
    category: str | None = None
    description: str | None = None
    cash_releasing: bool | None = None
    service_quality_maintained: bool | None = None
    quality_evidence: str | None = None
    status: str | None = None
    evidence_level: EvidenceLevelIn | None = None
    evidence_method: str | None = None
    first_year: str | None = None
    years: list[GainYearIn] | None = None
    shares: list[ShareIO] | None = None


class Ni179LineOut(Schema):
    gain: str
    included: bool
    provisional: bool
    reasons: list[str]
    net_value: Decimal
    counted: Decimal


class Ni179Out(Schema):
    gss_code: str
    council: str
    year: str
    basis: str
    total: Decimal
    return_status: str
    locked: bool
    version: int
    validated_total: Decimal | None
    lines: list[Ni179LineOut]


def _gain_out(g: EfficiencyGain) -> dict:
    return {
        "reference": g.reference, "council_gss_code": g.council.gss_code,
        "council_snac_code": g.council.snac_code, "project": g.project.code if g.project_id else None,
        "service_area": g.service_area, "category": g.category, "description": g.description,
        "cash_releasing": g.cash_releasing, "service_quality_maintained": g.service_quality_maintained,
        "quality_evidence": g.quality_evidence, "status": g.status, "evidence_level": g.evidence_level,
        "evidence_method": g.evidence_method, "first_year": g.first_year.label, "illustrative": g.illustrative,
        "version": g.version, "change_reason": g.change_reason,
        "years": [{"year": y.year.label, "gross_saving": y.gross_saving, "investment": y.investment, "ongoing_costs": y.ongoing_costs,
                   "staff_costs_incurred_anyway": y.staff_costs_incurred_anyway, "reference_saving": y.reference_saving}
                  for y in g.years.all()],
        "shares": [{"gss_code": s.council.gss_code, "snac_code": s.council.snac_code, "share": s.share}
                   for s in g.shares.all()],
    }


def _council(gss: str, field: str = "council_gss_code") -> Organisation:
    council = Organisation.objects.councils().filter(gss_code=gss).first()
    if council is None:
        raise UserError(f"there is no council with GSS code '{gss}'", field=field)
    return council


def _year(text: str, field: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except ValueError as error:
        raise UserError(str(error), field=field) from None


def _fields(payload, partial: bool) -> dict:
    data = payload.model_dump(exclude_unset=partial)
    fields = {}
    if "council_gss_code" in data and data["council_gss_code"] is not None:
        fields["council"] = _council(data["council_gss_code"])
    if "project" in data:
        fields["project"] = None
        if data["project"]:
            fields["project"] = Project.objects.filter(code=data["project"]).first()
            if fields["project"] is None:
                raise UserError(f"there is no project with code '{data['project']}'", field="project")
    for name in ("service_area", "description", "cash_releasing", "service_quality_maintained", "quality_evidence",
                 "evidence_level", "evidence_method"):
        if name in data and (data[name] is not None or name == "evidence_level"):
            fields[name] = data[name]
    if data.get("category") is not None:
        if data["category"] not in Category.values:
            raise UserError(f"choose one of {', '.join(Category.values)}", field="category")
        fields["category"] = data["category"]
    if data.get("status") is not None:
        if data["status"] not in GainStatus.values:
            raise UserError(f"choose one of {', '.join(GainStatus.values)}", field="status")
        fields["status"] = data["status"]
    if data.get("first_year") is not None:
        fields["first_year"] = _year(data["first_year"], "first_year")
    return fields


def _years(items) -> dict:
    years = {}
    for i, item in enumerate(items):
        year = _year(item.year, f"years[{i}].year")
        if year in years:
            raise UserError(f"{year} is given twice: send one entry per year", field=f"years[{i}].year")
        # The schema bounds every amount to the column's 14 digits and 2 places, so this never rounds.
        years[year] = {name: (None if getattr(item, name) is None else getattr(item, name).quantize(PENNY))
                       for name in services.AMOUNT_FIELDS}
    return years


def _shares(items) -> dict:
    out = {}
    for i, item in enumerate(items):
        try:
            as_share(item.share)
        except ValueError as error:
            raise UserError(str(error), field=f"shares[{i}].share") from None
        out[_council(item.gss_code, f"shares[{i}].gss_code")] = item.share
    return out


def _gain(reference: str) -> EfficiencyGain:
    gain = services.gains_queryset().filter(reference=reference).first()
    if gain is None:
        raise NotFound(f"There is no gain with reference '{reference}'.")
    return gain


@router.get("/gains", response=list[GainOut])
@api_requires("signed_in")
def list_gains(request, response: HttpResponse, paging: Query[Paging], council: str | None = None,
               partnership: str | None = None, status: str | None = None):
    """Gains the caller may read, a page at a time (`offset`, `limit`; the total in X-Total-Count, the next page in
    Link)."""
    gains = services.gains_queryset()
    if council:
        found_council = _council(council, "council")
        permissions.require_read_council_gains(request.auth, found_council)
        gains = services.gains_for_council(found_council)
    if partnership:
        found = Partnership.objects.filter(code__iexact=partnership).first()
        if found:
            permissions.require_read_reports_of(request.auth, found)
        gains = services.gains_for_partnership(found) if found else gains.none()
    gains = permissions.gains_person_may_read(request.auth, gains)  # a board member: their partnership's only
    if status:
        gains = gains.filter(status=status)
    return [_gain_out(g) for g in page(request, response, gains.order_by("reference", "pk"), paging)]


@router.get("/gains/{reference}", response=GainOut)
@api_requires("signed_in")
def get_gain(request, reference: str):
    gain = _gain(reference)
    permissions.require_read_gain(request.auth, gain)
    return _gain_out(gain)


@router.post("/gains", response={201: GainOut})
@api_requires("record_gains")
def create_gain(request, payload: GainIn):
    if EfficiencyGain.objects.filter(reference=payload.reference).exists():
        raise UserError(f"a gain with reference '{payload.reference}' already exists: choose another",
                        field="reference")
    fields = _fields(payload, partial=False)
    fields["reference"] = payload.reference
    data = services.GainData(fields=fields, years=_years(payload.years), shares=_shares(payload.shares))
    gain, _ = services.save_gain(request.auth, None, data, "Recorded through the API")
    return Status(201, _gain_out(services.gains_queryset().get(pk=gain.pk)))


@router.patch("/gains/{reference}", response=GainOut)
@api_requires("record_gains")
def update_gain(request, reference: str, payload: GainPatch):
    gain = _gain(reference)
    data = services.GainData(
        fields=_fields(payload, partial=True),
        years=_years(payload.years) if payload.years is not None else {},
        shares=_shares(payload.shares) if payload.shares is not None else None,
        replace_years=payload.years is not None,
    )
    services.save_gain(request.auth, gain, data, payload.reason)
    return _gain_out(services.gains_queryset().get(pk=gain.pk))


@router.get("/ni179/{gss_code}/{year}", response=Ni179Out)
@api_requires("signed_in")
def get_ni179(request, gss_code: str, year: str, basis: str = "outturn"):
    council = Organisation.objects.councils().filter(gss_code=gss_code).first()
    if council is None:
        raise NotFound(f"There is no council with GSS code '{gss_code}'.")
    permissions.require_read_council_gains(request.auth, council)
    fy = _year(year, "year")
    try:
        result = services.ni179_for_council(council, fy, basis)
    except ValueError as error:
        raise UserError(str(error), field="basis") from None
    ret = services.get_return(council, fy)
    return {
        "gss_code": gss_code, "council": str(council), "year": fy.label, "basis": result.basis.value, "total": result.total,
        "return_status": ret.status, "locked": ret.locked, "version": ret.version, "validated_total": ret.validated_total,
        "lines": [{"gain": l.gain_id, "included": l.included, "provisional": l.provisional,
                   "reasons": [r.text for r in l.reasons], "net_value": l.net_value, "counted": l.counted}
                  for l in result.lines],
    }
