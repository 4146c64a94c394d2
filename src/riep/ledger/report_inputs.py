"""What the value report counts, and what it says about its own figures: which gains are benefits (and why the
others are not), costs incurred before the period, the validation status of the councils' returns and the vintage
of the data. Kept apart from the report's arithmetic (riep.ledger.report) so each rule is stated once."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max

from riep.core.fy import FinancialYear, year_range
from riep.core.tables import FINANCIAL_YEAR, MONEY, Column, Table
from riep.ledger.calc.gains import Gain
from riep.ledger.calc.ni179 import PERSISTENCE_YEARS
from riep.ledger.models import EfficiencyGain, GainStatus, GainYear, Ni179Return, ReturnStatus

ZERO = Decimal("0.00")


def left_out_reason(gain: EfficiencyGain, calc: Gain) -> str | None:
    """Why a gain is not counted as a benefit of the partnership's funding, or None when it is."""
    if gain.project_id is None:
        return ("Not a partnership project: the council's own gain counts in its NI 179, but is not a return on the "
                "partnership's funding.")
    if gain.status in (GainStatus.PLANNED, GainStatus.FORECAST):
        return f"{gain.get_status_display()}: not yet realised, so not counted as a benefit."
    if not gain.service_quality_maintained:
        return "Service quality was not maintained: a cut, not a value-for-money gain."
    failing = [calc.first_year + k for k in range(1, PERSISTENCE_YEARS + 1) if calc.ongoing_value_in(calc.first_year + k) <= 0]
    if failing:
        return (f"Not ongoing: no saving above its ongoing costs in {', '.join(y.label for y in failing)}, so NI 179 "
                "deletes it; the report does not count it either.")
    return None


def costs_before_period(calc: Gain, first: FinancialYear) -> Decimal:
    """Set-up costs recorded before the period for a gain that first accrues in it or later: counted in the
    period's first year, as NI 179 nets pre-accrual costs into the first year of accrual (never dropped)."""
    if calc.first_year < first:
        return ZERO
    return sum((y.costs for y in calc.years if y.year < first), ZERO)


@dataclass
class LeftOut:
    rows: list

    def table(self) -> Table:
        return Table("left-out", "Gains recorded but not counted as benefits of the partnership's funding", [
            Column("gain", "Gain"), Column("council", "Council"), Column("project", "Project"),
            Column("gross", "Gross saving in the period", MONEY), Column("reason", "Why it is not counted"),
        ], self.rows, footer={"gain": "Total", "gross": sum((r["gross"] for r in self.rows), ZERO)},
            note="These gains are in the ledger and, where they qualify, in the councils' NI 179; the value report "
                 "counts only realised, ongoing, quality-maintained gains of the partnership's projects.")


@dataclass(frozen=True)
class ValidationStatus:
    validated: tuple[str, ...]  # "Norfolk County Council 2008-09"
    not_validated: tuple[str, ...]  # "Suffolk County Council 2008-09 (submitted for validation)"
    statement: str
    table: Table


def validation_status(councils, first: FinancialYear, last: FinancialYear) -> ValidationStatus:
    """Which councils' NI 179 returns for the period's years are validated, and which are not."""
    years = [y for y in year_range(first, last)]
    found = {(r.council_id, r.year): r for r in Ni179Return.objects.filter(council__in=councils)}
    validated, not_validated, rows = [], [], []
    for council in councils:
        for year in years:
            r = found.get((council.pk, year))
            status = "Validated" if r and r.locked else (r.get_status_display() if r else "Not started")
            rows.append({"council": str(council), "year": year, "status": status,
                         "figure": r.validated_total if r and r.locked else None})
            if r and r.locked:
                validated.append(f"{council} {year}")
            elif r and r.status in (ReturnStatus.SUBMITTED, ReturnStatus.RETURNED):
                not_validated.append(f"{council} {year} ({status.lower()})")
    statement = (f"Validated NI 179 returns: {', '.join(validated) if validated else 'none'}. "
                 f"Returns made but not validated: {', '.join(not_validated) if not_validated else 'none'}. "
                 "Every other council-year has no return yet. Savings figures here are the ledger's, whether or not "
                 "a return has been validated; the CSR07 comparison counts validated returns only.")
    table = Table("validation", "Validation status of the councils' NI 179 returns", [
        Column("council", "Council"), Column("year", "Financial year", FINANCIAL_YEAR), Column("status", "Return"),
        Column("figure", "Validated NI 179", MONEY),
    ], rows)
    return ValidationStatus(tuple(validated), tuple(not_validated), statement, table)


def data_vintage(gains) -> str:
    """When the report's ledger data last changed: the latest change to any of its gains or their years."""
    ids = list(gains.values_list("pk", flat=True))
    latest = [EfficiencyGain.history.filter(id__in=ids).aggregate(m=Max("history_date"))["m"],
              GainYear.history.filter(gain_id__in=ids).aggregate(m=Max("history_date"))["m"]]
    latest = [d for d in latest if d is not None]
    return f"{max(latest):%d %B %Y %H:%M}".lstrip("0") if latest else "no gains recorded"
