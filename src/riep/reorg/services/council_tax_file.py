"""Importing predecessors' Band D and tax base from a CSV or XLSX (riep.core.importing: every row checked, all or
nothing, the same file again changes nothing).

Columns: `council` (the GSS code, the ONS SNAC code of a council abolished in 2009, or its name as the scenario
lists it), `band_d` (£, the Band D including the county's precept) and `tax_base` (Band D equivalents).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from riep.core.importing import ImportSummary, Problems, Progress, Row, Sheet, import_file, scope_of
from riep.core.money import MAX_MONEY
from riep.reorg.models import Scenario

COLUMNS = ("council", "band_d", "tax_base")


def _number(row: Row, key: str, problems: Problems, what: str) -> Decimal | None:
    text = row.text(key).replace(",", "").replace("£", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.cell(row, key, f"{what} must be a number")
        return None
    if not value.is_finite() or abs(value) > MAX_MONEY:
        problems.cell(row, key, f"{what} is not a number this model can hold")
        return None
    if value < 0:
        problems.cell(row, key, f"{what} must not be negative")
        return None
    if value != value.quantize(Decimal("0.01")):
        problems.cell(row, key, f"{what} has more than 2 decimal places")
        return None
    return value


def import_council_tax(data: bytes, filename: str, scenario: Scenario, progress: Progress | None = None) -> ImportSummary:
    entries = list(scenario.predecessors.select_related("council"))
    by_code = {}
    for e in entries:
        for code in (e.council.gss_code, e.council.snac_code, e.council.name, e.council.short_name):
            if code:
                by_code[code.strip().lower()] = e

    def check(sheet: Sheet, problems: Problems, progress: Progress):
        plan, seen = [], {}
        for row in sheet.rows:
            entry = by_code.get(row.text("council").lower())
            if entry is None:
                problems.cell(row, "council", f"'{row.text('council')}' is not one of {scenario}'s predecessor councils")
            elif entry.pk in seen:
                problems.cell(row, "council", f"{entry.council} is also on row {seen[entry.pk]}")
            band_d = _number(row, "band_d", problems, "Band D")
            tax_base = _number(row, "tax_base", problems, "The tax base")
            if entry is not None and entry.pk not in seen:
                seen[entry.pk] = row.number
                plan.append((entry, band_d, tax_base))
        return plan

    def write(plan, summary: ImportSummary, problems: Problems, progress: Progress) -> None:
        for entry, band_d, tax_base in plan:
            if (entry.band_d, entry.tax_base) == (band_d, tax_base):
                summary.unchanged += 1
                continue
            if entry.band_d is None and entry.tax_base is None:
                summary.added += 1
            else:
                summary.changed += 1
            entry.band_d, entry.tax_base = band_d, tax_base
            entry.save()

    return import_file(data, filename, kind="reorg.council_tax", scope=scope_of(scenario=scenario.slug),
                       required=COLUMNS, check=check, write=write, progress=progress, things="councils")
