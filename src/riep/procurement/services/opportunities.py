"""Collaboration opportunities for a partnership (`analytics.queries.opportunities` over its member councils'
lines), and turning one into a portfolio project through the portfolio's own form."""
from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from riep.core.tables import COUNT, MONEY, Column, Table
from riep.portfolio.forms import ProjectForm, period_choice
from riep.portfolio.models import Theme
from riep.portfolio.permissions import may_create_project_in
from riep.procurement.analytics import queries
from riep.procurement.models import Supplier
from riep.procurement.services.map_file import supplier_map_file
from riep.procurement.services.storage import spend_dir
from riep.procurement.services.suppliers import category_label, supplier_map
from riep.registry import scope
from riep.registry.models import FundingPeriod, Organisation

OPPORTUNITY_FIELDS = ["key", "kind", "name", "councils", "spend", "lines", "unit_price_min", "unit_price_max",
                      "price_spread", "saving_at_lowest_price", "by_council"]


def opportunities_for(partnership) -> list[dict]:
    councils = list(scope.councils_of_partnership(partnership).exclude(gss_code=None))
    gss = [c.gss_code for c in councils]
    # the map's file (kept up to date by `map_file`), else — before any resolution — the names as they are
    found = queries.opportunities(spend_dir(), supplier_map_file() or supplier_map(councils), gss)
    names = {s.reference: s.name for s in Supplier.objects.filter(
        reference__in=[o["supplier_ref"] for o in found if o["supplier_ref"]])}
    council_names = {c.gss_code: str(c) for c in councils}
    for o in found:
        o["key"] = f"supplier:{o['supplier_ref']}" if o["kind"] == "supplier" else f"category:{o['category_code']}"
        o["name"] = names.get(o["supplier_ref"], o["supplier_ref"]) if o["kind"] == "supplier" else category_label(
            o["category_code"])
        for entry in o["by_council"]:
            entry["council"] = council_names.get(entry["council_gss"], entry["council_gss"])
    return found


def opportunities_rows(partnership) -> list[dict]:
    """For the CLI and the API: money as text, each council's spend as `GSS:spend` pairs."""
    rows = []
    for o in opportunities_for(partnership):
        row = {k: o.get(k) for k in OPPORTUNITY_FIELDS}
        row["by_council"] = "; ".join(f"{e['council_gss']}:{e['spend']}" for e in o["by_council"])
        rows.append({k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.items()})
    return rows


def opportunities_table(partnership, found: list[dict]) -> Table:
    return Table("opportunities", f"Collaboration opportunities: {partnership.name}", [
        Column("name", "Supplier or category"), Column("kind", "Kind"), Column("councils", "Councils buying", COUNT),
        Column("spend", "Addressable spend", MONEY), Column("lines", "Lines", COUNT),
        Column("price_spread", "Spread in unit price paid", MONEY),
        Column("saving_at_lowest_price", "At the lowest council's price, would cost less by", MONEY),
        Column("each", "Each council's spend")],
        ({**o, "each": "; ".join(f"{e['council']} £{e['spend']:,.2f} ({e['lines']} lines)" for e in o["by_council"])}
         for o in found),
        note="Suppliers and ProClass categories bought by two or more member councils, largest addressable spend "
             "first. A unit price is the amount a council pays most often for that supplier, where it repeats on "
             "at least a quarter of its lines.")


def _code(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50]


def create_project(user, partnership, key: str):
    """The opportunity as a proposed project of the partnership, led by the council that spends most, with every
    buying council taking part, through the portfolio's own form (so its rules apply)."""
    if not may_create_project_in(user, partnership):
        raise PermissionDenied(f"You may not create projects in {partnership.name}.")
    found = next((o for o in opportunities_for(partnership) if o["key"] == key), None)
    if found is None:
        raise ValidationError("That opportunity is no longer found in the partnership's spend: re-run the finder.")
    councils = {c.gss_code: c for c in Organisation.objects.filter(
        gss_code__in=[e["council_gss"] for e in found["by_council"]])}
    lead = councils[found["by_council"][0]["council_gss"]]
    theme = Theme.objects.filter(slug="procurement").first() or Theme.objects.first()
    period = FundingPeriod.objects.filter(partnership=partnership).order_by("-pk").first()
    code = _code(f"{partnership.code}-joint-{found['name']}")
    spend = "; ".join(f"{e['council']} £{e['spend']:,.2f}" for e in found["by_council"])
    data = {"name": f"Joint contract: {found['name']}"[:200], "code": code, "partnership": partnership.pk,
            "funding_period": period_choice(period) if period else "", "theme": theme.pk if theme else "",
            "lead_council": lead.pk, "participating_councils": [c.pk for c in councils.values()],
            "description": (f"Collaboration opportunity from the procurement hub: {found['councils']} councils buy "
                            f"{found['name']} ({found['kind']}), addressable spend £{found['spend']:,.2f} over "
                            f"{found['lines']:,} lines ({spend})."),
            "status": "proposed", "programme": ""}
    form = ProjectForm(data, partnerships=scope.partnerships_person_manages(user))
    if not form.is_valid():
        errors = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in form.errors.items())
        raise ValidationError(f"The project could not be created: {errors}")
    return form.save()
