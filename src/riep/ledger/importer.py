"""Import gains from CSV or XLSX: one row per gain and financial year, all or nothing (`riep.core.importing`).

Columns (header names, any order, case-insensitive): reference, council (GSS code), project (code, optional),
service_area, category, description, cash_releasing (yes/no), service_quality_maintained (yes/no),
quality_evidence, status, evidence_level (1–5), evidence_method, first_year, year, gross_saving, investment,
ongoing_costs, staff_costs_incurred_anyway, reference_saving, shares (e.g. "E10000020=0.6; E10000029=0.4").
Gain-level columns must agree on every row of a gain. Re-importing the same file changes nothing: gains are
found again by reference. Changes go through services.save_gain, so locked NI 179 returns are refused, and so is a
project the gain's council does not take part in (it would count in another partnership's value report).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from riep.core.fy import FinancialYear
from riep.core.importing import ImportSummary, Problems, Progress, Row, Sheet, every, import_file, scope_of
from riep.core.money import MAX_MONEY, to_money
from riep.ledger.calc.gains import as_share
from riep.ledger.models import Category, EfficiencyGain, GainStatus
from riep.ledger.permissions import may_record_gains_for
from riep.ledger.services import AMOUNT_FIELDS, GainData, save_gain
from riep.portfolio.models import Project
from riep.registry.models import Organisation

REQUIRED = ("reference", "council", "service_area", "category", "description", "status", "first_year", "year")
OPTIONAL = ("project", "cash_releasing", "service_quality_maintained", "quality_evidence", "evidence_level",
            "evidence_method", *AMOUNT_FIELDS, "shares")  # blank or absent: see each column's default
_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


@dataclass
class GainImportSummary(ImportSummary):
    references: dict[str, list[str]] = field(default_factory=lambda: {"added": [], "changed": [], "unchanged": []})

    def count(self, outcome: str, reference: str) -> None:
        self.references[outcome].append(reference)
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class _Context:
    user: object
    councils: dict
    projects: dict
    existing: dict


def _yes_no(row: Row, name: str, problems: Problems) -> bool:
    value = row.text(name).lower()
    if value in _YES or value == "":
        return True
    if value in _NO:
        return False
    problems.cell(row, name, f"{name} must be yes or no, not ‘{row.text(name)}’")
    return True


def _council(row: Row, name: str, ctx: _Context, problems: Problems):
    council = ctx.councils.get(row.text(name))
    if council is None:
        problems.cell(row, name, f"there is no council with GSS code ‘{row.text(name)}’")
    return council


def _choice(row: Row, name: str, choices, problems: Problems) -> str:
    value = row.text(name)
    if value not in choices:
        problems.cell(row, name, f"{name} must be one of {', '.join(choices)}, not ‘{value}’")
    return value


def _year(row: Row, name: str, problems: Problems) -> FinancialYear | None:
    try:
        return FinancialYear.parse(row.text(name))
    except ValueError as error:
        problems.cell(row, name, str(error))
        return None


def _amount(row: Row, name: str, problems: Problems) -> Decimal | None:
    text = row.text(name)
    if text == "":
        return None if name == "reference_saving" else to_money("0")
    try:
        amount = to_money(text)
    except ValueError:  # to_money refuses non-numbers and amounts too large to be money ("1e30")
        problems.cell(row, name, f"‘{text}’ is not an amount of money")
        return None
    if amount < 0:
        problems.cell(row, name, f"{name} must not be negative")
    elif amount > MAX_MONEY:
        problems.cell(row, name, f"{name} is more than £{MAX_MONEY:,} (is it in pence, or two numbers together?)")
    return amount


def _shares(row: Row, ctx: _Context, problems: Problems) -> dict | None:
    if not row.text("shares"):
        return None
    shares = {}
    for part in [p.strip() for p in row.text("shares").split(";") if p.strip()]:
        code, _, value = (s.strip() for s in part.partition("="))
        if code not in ctx.councils:
            problems.cell(row, "shares", f"shares: there is no council with GSS code ‘{code}’")
            continue
        try:
            as_share(value)
        except ValueError as error:
            problems.cell(row, "shares", f"shares: {error}")
            continue
        shares[ctx.councils[code]] = value
    return shares


def _permission_problem(user, council, existing) -> str | None:
    """Why this user may not import this row, or None. Council officers import only their councils' gains."""
    if not may_record_gains_for(user, council):
        return f"you may not import gains for {council} ({council.gss_code}): it is not one of your councils"
    if existing is not None and existing.council_id != council.pk and not may_record_gains_for(user, existing.council):
        return (f"gain {existing.reference} belongs to {existing.council} ({existing.council.gss_code}), "
                "which is not one of your councils")
    return None


def _check_row(row: Row, ctx: _Context, problems: Problems):
    """(gain fields, shares, year, amounts) of one row, or None when the row has a problem (all of them reported)."""
    before = len(problems)
    for column in REQUIRED:
        if not row.text(column):
            problems.cell(row, column, f"{column} is blank")
    if len(problems) > before:
        return None
    council = _council(row, "council", ctx, problems)
    project = None
    if row.text("project"):
        project = ctx.projects.get(row.text("project"))
        if project is None:
            problems.cell(row, "project", f"there is no project with code ‘{row.text('project')}’")
    level = row.text("evidence_level")
    if level and level not in {"1", "2", "3", "4", "5"}:
        problems.cell(row, "evidence_level", f"evidence_level must be 1 to 5, not ‘{level}’")
    fields = {
        "council": council, "project": project, "service_area": row.text("service_area"),
        "category": _choice(row, "category", Category.values, problems), "description": row.text("description"),
        "cash_releasing": _yes_no(row, "cash_releasing", problems),
        "service_quality_maintained": _yes_no(row, "service_quality_maintained", problems),
        "quality_evidence": row.text("quality_evidence"), "status": _choice(row, "status", GainStatus.values, problems),
        "evidence_level": int(level) if level in {"1", "2", "3", "4", "5"} else None,
        "evidence_method": row.text("evidence_method"), "first_year": _year(row, "first_year", problems),
    }
    shares = _shares(row, ctx, problems)
    year = _year(row, "year", problems)
    amounts = {name: _amount(row, name, problems) for name in AMOUNT_FIELDS}
    if council is not None and ctx.user is not None:
        refused = _permission_problem(ctx.user, council, ctx.existing.get(row.text("reference")))
        if refused:
            problems.cell(row, "council", refused)
    if len(problems) > before:
        return None
    return fields, shares, year, amounts


def check_gains(sheet: Sheet, problems: Problems, progress: Progress, user=None) -> OrderedDict:
    """Every row checked, every problem collected; the gains to save, by reference, with their years."""
    references = {row.text("reference") for row in sheet.rows}
    ctx = _Context(
        user=user,
        councils={c.gss_code: c for c in Organisation.objects.councils().exclude(gss_code__isnull=True)},
        projects={p.code: p for p in Project.objects.all()},
        existing=({g.reference: g for g in EfficiencyGain.objects.select_related("council")
                   .filter(reference__in=references)} if user is not None else {}),
    )
    gains: OrderedDict[str, dict] = OrderedDict()
    for row in every(sheet.rows, progress, "Checking gains"):
        checked = _check_row(row, ctx, problems)
        if checked is None:
            continue
        fields, shares, year, amounts = checked
        reference = row.text("reference")
        entry = gains.setdefault(reference, {"fields": fields, "shares": shares, "years": {}, "first_row": row.number})
        if (entry["fields"], entry["shares"]) != (fields, shares):
            problems.cell(row, "reference", f"gain {reference}: gain details differ from row {entry['first_row']}")
        elif year in entry["years"]:
            problems.cell(row, "year", f"gain {reference}: {year} appears twice")
        else:
            entry["years"][year] = amounts
    return gains


def _write_gains(gains: OrderedDict, summary: GainImportSummary, problems: Problems, progress: Progress,
                 user=None, reason: str = "Imported") -> None:
    for done, (reference, entry) in enumerate(gains.items(), start=1):
        existing = EfficiencyGain.objects.filter(reference=reference).first()
        fields = dict(entry["fields"])
        if existing is None:
            fields["reference"] = reference
        data = GainData(fields=fields, years=entry["years"],
                        shares=entry["shares"] if entry["shares"] is not None else ({} if existing is None else None),
                        replace_years=True)
        try:
            gain, changed = save_gain(user, existing, data, reason=reason, check_permission=user is not None)
        except ValidationError as error:  # a locked NI 179 return, shares that do not add up
            problems.add(entry["first_row"], "reference", reference, f"gain {reference}: {' '.join(error.messages)}")
            continue
        except PermissionDenied as error:
            problems.add(entry["first_row"], "council", reference, f"gain {reference}: {error}")
            continue
        summary.count("added" if existing is None else "changed" if changed else "unchanged", reference)
        progress(done, len(gains), f"Importing {reference}")


def import_gains(data: bytes, filename: str, user=None, reason: str = "Imported",
                 progress: Progress | None = None) -> GainImportSummary:
    """Checks every row and reports every problem (ImportRefused); then saves everything in one transaction.

    With a user (every page, API and job import), each row is checked against what that user may record: a
    council officer imports only gains of their own councils, and every other row is reported by number and council.
    Without a user (the `riep ledger import` command, run by the operator) there is no such check.
    """
    return import_file(
        data, filename, kind="ledger.gains", scope=scope_of(user=getattr(user, "pk", None) or "operator"),
        required=REQUIRED, progress=progress, summary=GainImportSummary, things="gains",
        check=lambda sheet, problems, step: check_gains(sheet, problems, step, user=user),
        write=lambda gains, summary, problems, step: _write_gains(gains, summary, problems, step, user, reason),
    )
