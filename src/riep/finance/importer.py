"""Importing a revenue-return workbook (RS outturn summary, RA budget) through the platform's import protocol.

`import_return(data, filename)` reads the data sheet (the sheet named "... LA Data ..."; a CSV of that sheet works
too), finds its layout (`riep.finance.workbook`: header rows found, columns by CIPFA line number and label), joins
each authority to the registry and writes all or nothing, idempotent by content (`riep.core.importing`).

Joining to the registry, in order:
1. the MHCLG E-code (the publisher's own key, stable when the ONS code changes, as Hertfordshire's districts'
   did in 2018 and Northumberland's in 2013);
2. the ONS (GSS) code;
3. a council that had been abolished before the year began is carried to its single successor (the return then
   describes the successor's area; two or more successors cannot be split, so the row is reported instead).

Authorities that are not councils in the registry (police, fire and rescue, national park, waste and transport
authorities) are not refused: they are listed in the return's `unmapped` report with the reason, and shown on the
import's summary. A workbook problem (a figure that is not a number, an E-code twice, a missing header) refuses
the whole file, naming the row and column.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from riep.core.fy import FinancialYear
from riep.core.importing import ImportRefused, ImportSummary, Problem, Problems, Progress, Sheet, import_file
from riep.finance.models import CouncilFigures, FinanceReturn, ReturnColumn
from riep.finance.workbook import Column, CouncilRow, Layout, find_layout, read_rows
from riep.registry.models import Organisation

KIND = "finance.return"


@dataclass
class ReturnImportSummary(ImportSummary):
    family: str = ""
    year: str = ""
    councils: int = 0
    unmapped: list = field(default_factory=list)

    def __str__(self) -> str:
        text = super().__str__()
        if self.unmapped:
            text += f" {len(self.unmapped):,} authorities not joined to a council (see the import report)."
        return text


@dataclass
class Plan:
    layout: Layout
    matched: list[tuple[CouncilRow, Organisation]]
    unmapped: list[dict]


def data_sheet_name(data: bytes) -> str | None:
    """The data sheet of a workbook ("RS LA Data 2016-17"); None for CSV or when no sheet is named so."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    import openpyxl  # noqa: PLC0415 -- only workbooks need it, and it is slow to import

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # a damaged file: the import protocol's reader refuses it with its own message
        return None
    try:
        return next((name for name in book.sheetnames if "la data" in name.lower()), None)
    finally:
        book.close()


def _lines(sheet: Sheet) -> list[tuple[int, list]]:
    # The protocol takes the first line as the header; a return's first line is its title, so put it back.
    title = (sheet.header_row, list(sheet.columns.values()))
    return [title] + [(row.number, row.cells) for row in sheet.rows]


class _Councils:
    """The registry's councils by E-code and GSS code, loaded once per import."""

    def __init__(self):
        councils = list(Organisation.objects.councils().prefetch_related("successors"))
        self.by_ecode = {c.mhclg_ecode: c for c in councils if c.mhclg_ecode}
        self.by_gss = {c.gss_code: c for c in councils if c.gss_code}

    def find(self, row: CouncilRow, year: FinancialYear) -> tuple[Organisation | None, str]:
        council = self.by_ecode.get(row.e_code) or self.by_gss.get(row.ons_code)
        if council is None:
            return None, "no council in the registry has this E-code or ONS code (not a council, or not registered)"
        if council.end_date and council.end_date < year.first_day:
            successors = [s for s in council.successors.all()]
            if len(successors) != 1:
                return None, f"{council} was abolished on {council.end_date:%-d %B %Y} and has " \
                             f"{len(successors)} successors: its figures cannot be given to one"
            return successors[0], ""
        return council, ""


def _check(filename: str):
    def check(sheet: Sheet, problems: Problems, progress: Progress) -> Plan:
        lines = _lines(sheet)
        layout = find_layout(lines, filename)
        for p in layout.problems:
            problems.add(p.row, p.field, p.value, p.message)
        if layout.problems:
            return Plan(layout, [], [])
        rows, found = read_rows(lines, layout)
        for p in found:
            problems.add(p.row, p.field, p.value, p.message)
        if not rows:
            problems.add(layout.header_row, "E-code", "", "no authority rows (E-codes) below the header")
        year = FinancialYear.parse(layout.year)
        councils, matched, unmapped, taken = _Councils(), [], [], {}
        for done, row in enumerate(rows, start=1):
            council, reason = councils.find(row, year)
            if council is None:
                unmapped.append({"row": row.row_number, "e_code": row.e_code, "ons_code": row.ons_code,
                                 "name": row.name, "authority_class": row.authority_class, "reason": reason})
            elif council.pk in taken:
                problems.add(row.row_number, "E-code", row.e_code,
                             f"joins to {council}, as row {taken[council.pk]} does: one council cannot have two rows")
            else:
                taken[council.pk] = row.row_number
                matched.append((row, council))
            if done % 100 == 0:
                progress(done, len(rows), "Joining authorities to the registry")
        progress(len(rows), len(rows), "Joined authorities to the registry")
        return Plan(layout, matched, unmapped)

    return check


def _text(value: Decimal) -> str:
    return format(value, "f")


def _write(filename: str, upload_id: int | None):
    def write(plan: Plan, summary: ReturnImportSummary, problems: Problems, progress: Progress) -> None:
        layout = plan.layout
        year = FinancialYear.parse(layout.year)
        summary.family, summary.year, summary.unmapped = layout.family, layout.year, plan.unmapped
        summary.councils = len(plan.matched)
        existing = FinanceReturn.objects.filter(family=layout.family, year=year).first()
        fields = {"title": layout.title[:300], "vintage": layout.vintage[:120], "file_name": PurePath(filename).name[:255],
                  "content_hash": summary.content_hash, "unmapped": plan.unmapped, "upload_id": upload_id}
        if existing is None:
            finance_return = FinanceReturn.objects.create(family=layout.family, year=year, **fields)
        else:
            finance_return = existing
            if existing.content_hash != summary.content_hash or existing.unmapped != plan.unmapped:
                for name, value in fields.items():
                    setattr(existing, name, value)
                existing.save()
        _write_columns(finance_return, layout.columns)
        stored = {f.council_id: f for f in CouncilFigures.objects.filter(finance_return=finance_return)}
        new, changed = [], []
        for done, (row, council) in enumerate(plan.matched, start=1):
            values = {key: _text(value) for key, value in row.values.items()}
            attrs = {"e_code": row.e_code, "ons_code": row.ons_code, "name_as_published": row.name[:200],
                     "authority_class": row.authority_class[:4], "imputed": row.imputed, "row_number": row.row_number,
                     "values": values}
            before = stored.pop(council.pk, None)
            if before is None:
                new.append(CouncilFigures(finance_return=finance_return, council=council, **attrs))
            elif any(getattr(before, name) != value for name, value in attrs.items()):
                for name, value in attrs.items():
                    setattr(before, name, value)
                changed.append(before)
            if done % 100 == 0:
                progress(done, len(plan.matched), "Saving figures")
        CouncilFigures.objects.bulk_create(new, batch_size=200)
        CouncilFigures.objects.bulk_update(changed, list(attrs), batch_size=200) if changed else None
        CouncilFigures.objects.filter(pk__in=[f.pk for f in stored.values()]).delete()  # rows the new file dropped
        summary.added, summary.changed = len(new), len(changed) + len(stored)
        summary.unchanged = len(plan.matched) - len(new) - len(changed)

    return write


def _write_columns(finance_return: FinanceReturn, columns: list[Column]) -> None:
    stored = {c.key: c for c in finance_return.columns.all()}
    wanted = {c.key: c for c in columns}
    for key, column in wanted.items():
        attrs = {"line_number": column.line_number, "label": column.label[:300], "section": column.section[:200],
                 "position": column.position}
        before = stored.get(key)
        if before is None:
            ReturnColumn.objects.create(finance_return=finance_return, key=key, **attrs)
        elif any(getattr(before, n) != v for n, v in attrs.items()):
            ReturnColumn.objects.filter(pk=before.pk).update(**attrs)
    finance_return.columns.exclude(key__in=list(wanted)).delete()


def import_return(data: bytes, filename: str, *, upload_id: int | None = None,
                  progress: Progress | None = None) -> ReturnImportSummary:
    """Imports one RS or RA workbook (or a CSV of its data sheet). Raises only ImportRefused."""
    sheet = data_sheet_name(data)
    if data.startswith(b"PK\x03\x04") and sheet is None and PurePath(filename).suffix.lower() in (".xlsx", ".xlsm"):
        try:
            import openpyxl  # noqa: PLC0415 -- as above

            openpyxl.load_workbook(io.BytesIO(data), read_only=True).close()
        except Exception:
            raise ImportRefused([Problem(0, "", "", "the file is not a readable .xlsx workbook")],
                                PurePath(filename).name) from None
        raise ImportRefused([Problem(0, "", "", "the workbook has no data sheet: expected a sheet named like "
                                     "‘RS LA Data 2016-17’")], PurePath(filename).name)
    return import_file(data, filename, kind=KIND, sheet=sheet, check=_check(filename), write=_write(filename, upload_id),
                       summary=ReturnImportSummary, things="councils", progress=progress, key=lambda h: h)

