"""The registry's API routes: councils (with GSS codes, types, counties, regions, successors) and partnerships."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from ninja import Schema

from riep.core.api.auth import Router, api_requires
from riep.core.errors import NotFound
from riep.registry import as_at
from riep.registry.models import Organisation, Partnership

router = Router(tags=["registry"])


class CouncilOut(Schema):
    gss_code: str | None
    snac_code: str
    name: str
    short_name: str
    council_type: str
    council_type_name: str
    county_gss_code: str | None
    county: str | None
    region_code: str | None
    region: str | None
    population: int | None
    mhclg_ecode: str
    start_date: dt.date | None
    end_date: dt.date | None
    successor_gss_codes: list[str]


class GrantOut(Schema):
    year: str
    kind: str
    amount: Decimal
    source: str
    illustrative: bool


class PartnershipOut(Schema):
    code: str
    name: str
    region_code: str | None
    accountable_body_gss_code: str | None
    accountable_body: str
    member_gss_codes: list[str]
    grants: list[GrantOut]


def _one(queryset, message: str, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound(message)
    return found


def _council_out(c: Organisation) -> dict:
    return {
        "gss_code": c.gss_code, "snac_code": c.snac_code, "name": c.name, "short_name": c.short_name,
        "council_type": c.council_type, "council_type_name": c.get_council_type_display(),
        "county_gss_code": c.county.gss_code if c.county else None, "county": c.county.name if c.county else None,
        "region_code": c.region.code if c.region else None, "region": c.region.name if c.region else None,
        "population": c.population, "mhclg_ecode": c.mhclg_ecode, "start_date": c.start_date, "end_date": c.end_date,
        "successor_gss_codes": [s.gss_code for s in c.successors.all() if s.gss_code],
    }


@router.get("/councils", response=list[CouncilOut], tags=["registry"])
@api_requires("signed_in")
def list_councils(request, region: str | None = None, type: str | None = None, include_former: bool = False,
                  on: dt.date | None = None):
    """Councils, filtered by region (E12 code) and type (CTY, NMD, UA, MD, LBO, CC); `on` (YYYY-MM-DD): the councils
    as they stood that day (2008-04-01: Bedfordshire County Council, not Central Bedfordshire)."""
    councils = Organisation.objects.councils().select_related("region", "county").prefetch_related("successors")
    if region:
        councils = councils.filter(region__code=region)
    if type:
        councils = councils.filter(council_type=type)
    if on is not None:
        councils = (councils.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)) if include_former
                    else as_at.existed_on(councils, on))
    elif not include_former:
        councils = councils.current()
    return [_council_out(c) for c in councils.order_by("name")]


@router.get("/councils/{gss_code}", response=CouncilOut, tags=["registry"])
@api_requires("signed_in")
def get_council(request, gss_code: str):
    council = _one(Organisation.objects.councils().select_related("region", "county"),
                   f"There is no council with GSS code '{gss_code}'.", gss_code=gss_code)
    return _council_out(council)


def _partnership_out(p: Partnership) -> dict:
    return {
        "code": p.code, "name": p.name, "region_code": p.region.code if p.region else None,
        "accountable_body_gss_code": p.accountable_body.gss_code, "accountable_body": p.accountable_body.name,
        "member_gss_codes": [m.organisation.gss_code for m in p.memberships.all() if m.organisation.gss_code],
        "grants": [{"year": g.year.label, "kind": g.kind, "amount": g.amount, "source": g.source, "illustrative": g.illustrative}
                   for g in p.grants.all()],
    }


def _partnerships():
    return Partnership.objects.select_related("region", "accountable_body").prefetch_related("grants", "memberships__organisation")


@router.get("/partnerships", response=list[PartnershipOut], tags=["registry"])
@api_requires("signed_in")
def list_partnerships(request):
    return [_partnership_out(p) for p in _partnerships()]


@router.get("/partnerships/{code}", response=PartnershipOut, tags=["registry"])
@api_requires("signed_in")
def get_partnership(request, code: str):
    return _partnership_out(_one(_partnerships(), f"There is no partnership with code '{code}'.", code__iexact=code))
