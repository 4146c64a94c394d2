"""Import gains from CSV or XLSX: one row per gain and financial year, all or nothing.

Columns (header names, any order, case-insensitive): reference, council (GSS code), project (code, optional),
service_area, category, description, cash_releasing (yes/no), service_quality_maintained (yes/no),
quality_evidence, status, evidence_level (1–5), evidence_method, first_year, year, gross_saving, investment,
ongoing_costs, staff_costs_incurred_anyway, reference_saving, shares (e.g. "E10000020=0.6; E10000029=0.4").
Gain-level columns must agree on every row of a gain. Re-importing the same file changes nothing: gains are
found again by reference. Changes go through services.save_gain, so locked NI 179 returns are refused.
"""
from __future__ import annotations

import csv
import io
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from riep.core.fy import FinancialYear
from riep.core.money import to_money
from riep.ledger.calc.gains import as_share
from riep.ledger.models import Category, EfficiencyGain, GainStatus
from riep.ledger.services import AMOUNT_FIELDS, GainData, save_gain
from riep.portfolio.models import Project
from riep.registry.models import Organisation

REQUIRED = ("reference", "council", "service_area", "category", "description", "status", "first_year", "year")
GAIN_COLUMNS = ("council", "project", "service_area", "category", "description", "cash_releasing",
                "service_quality_maintained", "quality_evidence", "status", "evidence_level", "evidence_method",
                "first_year", "shares")
_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


class ImportFailed(Exception):
    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"row {r}: {m}" for r, m in problems[:20]))


@dataclass
class ImportSummary:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.rows} rows: {len(self.created)} gains created, {len(self.changed)} changed, "
                f"{len(self.unchanged)} unchanged")


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(row number as the user sees it, row) pairs; the header is row 1."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h or "").strip().lower() for h in rows[0]]
        return [(i, {h: ("" if v is None else str(v).strip()) for h, v in zip(header, row)})
                for i, row in enumerate(rows[1:], start=2) if any(v not in (None, "") for v in row)]
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [(h or "").strip().lower() for h in reader.fieldnames or []]
    return [(i, {k: (v or "").strip() for k, v in row.items() if k}) for i, row in enumerate(reader, start=2)
            if any((v or "").strip() for v in row.values() if isinstance(v, str))]


def _bool(value: str, name: str) -> bool:
    if value == "":
        return True
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    raise ValueError(f"{name} must be yes or no, not ‘{value}’")


def _gain_fields(row: dict, councils: dict, projects: dict) -> tuple[dict, dict | None]:
    council = councils.get(row["council"])
    if council is None:
        raise ValueError(f"there is no council with GSS code ‘{row['council']}’")
    project = None
    if row.get("project"):
        project = projects.get(row["project"])
        if project is None:
            raise ValueError(f"there is no project with code ‘{row['project']}’")
    if row["category"] not in Category.values:
        raise ValueError(f"category must be one of {', '.join(Category.values)}, not ‘{row['category']}’")
    if row["status"] not in GainStatus.values:
        raise ValueError(f"status must be one of {', '.join(GainStatus.values)}, not ‘{row['status']}’")
    level = row.get("evidence_level") or ""
    if level and level not in {"1", "2", "3", "4", "5"}:
        raise ValueError(f"evidence_level must be 1 to 5, not ‘{level}’")
    shares = None
    if row.get("shares"):
        shares = {}
        for part in [p.strip() for p in row["shares"].split(";") if p.strip()]:
            code, _, value = part.partition("=")
            if code.strip() not in councils:
                raise ValueError(f"shares: there is no council with GSS code ‘{code.strip()}’")
            as_share(value.strip())
            shares[councils[code.strip()]] = value.strip()
    fields = {
        "council": council, "project": project, "service_area": row["service_area"], "category": row["category"],
        "description": row["description"], "cash_releasing": _bool(row.get("cash_releasing", ""), "cash_releasing"),
        "service_quality_maintained": _bool(row.get("service_quality_maintained", ""), "service_quality_maintained"),
        "quality_evidence": row.get("quality_evidence", ""), "status": row["status"],
        "evidence_level": int(level) if level else None, "evidence_method": row.get("evidence_method", ""),
        "first_year": FinancialYear.parse(row["first_year"]),
    }
    return fields, shares


def _permission_problem(user, council, existing) -> str | None:
    """Why this user may not import this row, or None. Council officers import only their councils' gains."""
    from riep.ledger.permissions import may_record_gains_for as can_record_gains_for

    if not can_record_gains_for(user, council):
        return f"you may not import gains for {council} ({council.gss_code}): it is not one of your councils"
    if existing is not None and existing.council_id != council.pk and not can_record_gains_for(user, existing.council):
        return (f"gain {existing.reference} belongs to {existing.council} ({existing.council.gss_code}), "
                "which is not one of your councils")
    return None


def import_gains(path: Path, user=None, reason: str = "Imported", progress=None) -> ImportSummary:
    """Validates every row first and reports every problem; then saves everything in one transaction.

    With a user (every page, API and job import), each row is checked against what that user may record: a
    council officer imports only gains of their own councils, and every other row is reported by number and council.
    Without a user (the `riep ledger import` command, run by the operator) there is no such check.
    """
    rows = read_rows(path)
    problems: list[tuple[int, str]] = []
    if not rows:
        raise ImportFailed([(1, "the file has no rows of gains")])
    missing = [c for c in REQUIRED if c not in rows[0][1]]
    if missing:
        raise ImportFailed([(1, f"missing column(s): {', '.join(missing)}")])
    councils = {c.gss_code: c for c in Organisation.objects.councils().exclude(gss_code__isnull=True)}
    projects = {p.code: p for p in Project.objects.all()}
    existing_gains = ({g.reference: g for g in EfficiencyGain.objects.select_related("council")
                       .filter(reference__in={row.get("reference") for _, row in rows})} if user is not None else {})
    gains: "OrderedDict[str, dict]" = OrderedDict()
    for number, row in rows:
        try:
            for column in REQUIRED:
                if not row.get(column):
                    raise ValueError(f"{column} is blank")
            fields, shares = _gain_fields(row, councils, projects)
            if user is not None:
                refused = _permission_problem(user, fields["council"], existing_gains.get(row["reference"]))
                if refused:
                    raise ValueError(refused)
            year = FinancialYear.parse(row["year"])
            amounts = {}
            for name in AMOUNT_FIELDS:
                text = row.get(name, "")
                amount = None if text == "" else to_money(text)
                if amount is not None and amount < 0:
                    raise ValueError(f"{name} must not be negative")
                amounts[name] = amount if amount is not None or name == "reference_saving" else to_money("0")
        except (ValueError, TypeError) as error:
            problems.append((number, str(error)))
            continue
        entry = gains.setdefault(row["reference"], {"fields": fields, "shares": shares, "years": {}, "first_row": number})
        if (entry["fields"], entry["shares"]) != (fields, shares):
            problems.append((number, f"gain {row['reference']}: gain details differ from row {entry['first_row']}"))
            continue
        if year in entry["years"]:
            problems.append((number, f"gain {row['reference']}: {year} appears twice"))
            continue
        entry["years"][year] = amounts
    if problems:
        raise ImportFailed(problems)
    summary = ImportSummary(rows=len(rows))
    with transaction.atomic():
        for i, (reference, entry) in enumerate(gains.items(), start=1):
            existing = EfficiencyGain.objects.filter(reference=reference).first()
            fields = dict(entry["fields"])
            if existing is None:
                fields["reference"] = reference
            data = GainData(fields=fields, years=entry["years"],
                            shares=entry["shares"] if entry["shares"] is not None else ({} if existing is None else None),
                            replace_years=True)
            try:
                gain, changed = save_gain(user, existing, data, reason=reason, check_permission=user is not None)
            except ValidationError as error:
                problems.append((entry["first_row"], f"gain {reference}: {' '.join(error.messages)}"))
                continue
            except Exception as error:  # permission refusals and the like: reported per row, nothing saved
                problems.append((entry["first_row"], f"gain {reference}: {error}"))
                continue
            (summary.created if existing is None else summary.changed if changed else summary.unchanged).append(reference)
            if progress:
                progress(i, len(gains), f"Importing {reference}")
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ImportFailed(problems)
    return summary
