"""A saving from a new joint contract, validated against the councils' own prior spend lines for that supplier or
category (the price previously paid, as the West Midlands hub did), recorded in the ledger as a cash-releasing gain
with the validation as its evidence (the value report lists it through the ledger's evidence registry)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from riep.core.fy import FinancialYear
from riep.core.tables import COUNT, DATE, MONEY, Column, Table
from riep.ledger.services import Category, EvidenceLevel, GainData, GainStatus, new_gain, save_gain
from riep.procurement.analytics import queries
from riep.procurement.models import JointContractSaving, Supplier
from riep.procurement.services.storage import spend_dir
from riep.procurement.services.suppliers import category_label, supplier_map

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
METHOD = "Validated against the councils' own prior spend lines (spend over £500 files) in the procurement hub"


@dataclass
class Baseline:
    spend: Decimal
    lines: int
    months: int
    annual: Decimal
    by_council: dict  # gss -> spend


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def prior_spend(councils, supplier: Supplier | None, category_code: str, start: dt.date, end: dt.date) -> Baseline:
    """The councils' lines with the supplier (or any supplier in the category) between the two dates' months."""
    if end < start:
        raise ValidationError("The baseline must end on or after it starts.")
    months = _months(start, end)
    gss = [c.gss_code for c in councils]
    rows = queries.spend_by_supplier_council_month(spend_dir(), supplier_map(councils), gss, months)
    if supplier is not None:
        rows = [r for r in rows if r["supplier_ref"] == supplier.reference]
    else:
        refs = set(Supplier.objects.filter(category_code=category_code).values_list("reference", flat=True))
        rows = [r for r in rows if r["supplier_ref"] in refs]
    spend = sum((r["spend"] for r in rows), ZERO)
    by_council: dict[str, Decimal] = {}
    for r in rows:
        by_council[r["council_gss"]] = by_council.get(r["council_gss"], ZERO) + r["spend"]
    annual = (spend * 12 / len(months)).quantize(PENNY, ROUND_HALF_UP)
    return Baseline(spend, sum(r["lines"] for r in rows), len(months), annual, by_council)


def _shares(councils, by_council: dict) -> dict:
    """Each council's share of the gain: its share of the prior spend, exact fractions adding up to 1."""
    total = sum((v for v in by_council.values() if v > 0), ZERO)
    paying = [c for c in councils if by_council.get(c.gss_code, ZERO) > 0]
    shares = {c: Fraction(by_council[c.gss_code]) / Fraction(total) for c in paying}
    return {c: str(s) for c, s in shares.items()}


@transaction.atomic
def record_joint_contract_saving(user, partnership, councils, *, supplier: Supplier | None, category_code: str = "",
                                 baseline_from: dt.date, baseline_to: dt.date, contract_start: dt.date,
                                 new_annual_cost: Decimal, project=None) -> JointContractSaving:
    """Validates the saving against the prior lines and records it in the ledger. Refused (ValidationError) when
    the councils have no prior lines for it or the new contract does not cost less than they paid."""
    councils = list(councils)
    if supplier is None and not category_code:
        raise ValidationError("Choose the supplier or the category the joint contract replaces.")
    if contract_start <= baseline_to:
        raise ValidationError("The joint contract must start after the baseline period it is compared with.")
    baseline = prior_spend(councils, supplier, category_code, baseline_from, baseline_to)
    what = supplier.name if supplier else category_label(category_code)
    if not baseline.lines or baseline.spend <= 0:
        raise ValidationError(f"There are no prior spend lines with {what} for these councils between "
                              f"{baseline_from:%B %Y} and {baseline_to:%B %Y}: the saving cannot be validated.")
    saving = baseline.annual - new_annual_cost
    if saving <= 0:
        raise ValidationError(f"The joint contract (£{new_annual_cost:,.2f} a year) does not cost less than the "
                              f"councils paid before (£{baseline.annual:,.2f} a year): there is no saving.")
    shares = _shares(councils, baseline.by_council)
    lead = max(shares, key=lambda c: baseline.by_council[c.gss_code])
    record = JointContractSaving.objects.create(
        partnership=partnership, lead_council=lead, supplier=supplier, category_code=category_code,
        project_id=getattr(project, "pk", None), contract_start=contract_start, baseline_from=baseline_from,
        baseline_to=baseline_to, baseline_spend=baseline.spend, baseline_lines=baseline.lines,
        baseline_annual=baseline.annual, new_annual_cost=new_annual_cost, annual_saving=saving,
        recorded_by=user if getattr(user, "pk", None) else None)
    record.councils.set(shares)
    year = FinancialYear.containing(contract_start)
    fields = {
        "council": lead, "project": project, "service_area": "Procurement: joint contract",
        "category": Category.PROCUREMENT, "cash_releasing": True, "service_quality_maintained": True,
        "quality_evidence": "The joint contract buys the same supplies or services the councils bought before.",
        "description": (f"Joint contract for {what} from {contract_start:%d %B %Y}: £{new_annual_cost:,.2f} a year "
                        f"against £{baseline.annual:,.2f} a year paid before (£{baseline.spend:,.2f} over "
                        f"{baseline.lines:,} spend lines, {baseline_from:%B %Y} to {baseline_to:%B %Y}, "
                        f"× 12 / {baseline.months} months). Annual saving £{saving:,.2f}."),
        "status": GainStatus.REALISED, "evidence_level": EvidenceLevel.BEFORE_AFTER,
        "evidence_method": f"{METHOD}: {reverse('procurement:saving', args=[record.pk])}",
        "first_year": year, "illustrative": False,
    }
    data = GainData(fields, {year: {"gross_saving": saving, "investment": ZERO, "ongoing_costs": ZERO}},
                    shares=shares if len(shares) > 1 else None, replace_years=True)
    gain, _ = save_gain(user, new_gain(f"SPEND-{partnership.code}-{record.pk}"), data,
                        check_permission=user is not None)
    record.ledger_gain_id = gain.pk
    record.save(update_fields=["ledger_gain_id"])
    return record


def evidence_table(gains) -> Table:
    """For the value report (registered with the ledger's evidence registry): each gain's validation."""
    by_gain = {s.ledger_gain_id: s for s in JointContractSaving.objects.filter(
        ledger_gain_id__in=[g.pk for g in gains]).select_related("supplier")}
    rows = [{"gain": g.reference, "what": s.supplier.name if s.supplier else category_label(s.category_code),
             "from": s.baseline_from, "to": s.baseline_to, "lines": s.baseline_lines, "spend": s.baseline_spend,
             "annual": s.baseline_annual, "new": s.new_annual_cost, "saving": s.annual_saving}
            for g in gains if (s := by_gain.get(g.pk))]
    return Table("spend_validation", "Joint-contract savings validated against prior spend lines", [
        Column("gain", "Gain"), Column("what", "Supplier or category"), Column("from", "Baseline from", DATE),
        Column("to", "Baseline to", DATE), Column("lines", "Prior lines", COUNT),
        Column("spend", "Prior spend", MONEY), Column("annual", "Prior spend a year", MONEY),
        Column("new", "Joint contract a year", MONEY), Column("saving", "Annual saving", MONEY)], rows,
        note=METHOD + ".")
