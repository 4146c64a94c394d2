from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


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


class FundingYearOut(Schema):
    year: str
    allocation: Decimal
    spend: Decimal | None
    carried_in: Decimal
    carried_forward: Decimal
    variance: Decimal | None


class FundingLineOut(Schema):
    year: str
    allocation: Decimal
    spend: Decimal | None


class FundingSourceOut(Schema):
    id: int
    kind: str
    contributor_gss_code: str | None
    description: str
    lines: list[FundingLineOut]


class ConfidenceOut(Schema):
    rating: str
    assessed_on: dt.date
    commentary: str


class ProjectOut(Schema):
    code: str
    name: str
    partnership: str
    theme: str
    lead_council_gss_code: str | None
    participating_gss_codes: list[str]
    description: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    illustrative: bool
    funding_period: str
    current_confidence: ConfidenceOut | None
    funding_by_year: list[FundingYearOut]
    funding_sources: list[FundingSourceOut]


class ProjectIn(Schema):
    code: str
    name: str
    partnership: str
    theme: str
    lead_council_gss_code: str
    participating_gss_codes: list[str] = []
    description: str = ""
    status: str = "active"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    funding_period: str | None = None


class ProjectPatch(Schema):
    """Only the fields sent change. A field left out keeps its value; null clears a date or the description and is
    refused for the rest (a project always has a name, status, theme, lead council and participants)."""

    name: str = None
    description: str | None = None
    status: str = None
    theme: str = None
    lead_council_gss_code: str = None
    participating_gss_codes: list[str] = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
