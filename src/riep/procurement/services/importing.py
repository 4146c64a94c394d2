"""Importing a council's spend file through `riep.core.importing`: every row checked, every refused row named,
all or nothing, the same bytes twice change nothing (content hash), the original kept (core.Upload), the clean lines
written as Parquet through `analytics.store`, the published names kept for supplier resolution."""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Callable

from django.utils import timezone

from riep.core.importing import (
    ImportRefused,
    ImportSummary,
    Problems,
    cell_text,
    import_file,
    scope_of,
)
from riep.core.uploads import store_bytes
from riep.procurement.analytics import store
from riep.procurement.engine.names import (
    is_redacted,
    normalise_charity_number,
    normalise_company_number,
    normalise_vat_number,
)
from riep.procurement.ingest.columns import FIELDS, header_signature
from riep.procurement.ingest.sheet import SpendSheet, read_spend_sheet, unsure_problems
from riep.procurement.ingest.values import ValueProblem, parse_amount, parse_date
from riep.procurement.models import ColumnMapping, FileStatus, SpendFile, SupplierName
from riep.procurement.services.map_file import map_changed
from riep.procurement.services.storage import spend_dir

KIND = "procurement.spend_file"
ZERO = Decimal("0.00")
PUBLISHED_THRESHOLD = Decimal("500")  # the Transparency Code's; lines below it are kept and counted
TOTAL_ROW = re.compile(r"^(grand\s+)?total\b", re.IGNORECASE)
TEXT_FIELDS = ("department", "expense_type", "purpose", "transaction_number", "capital_revenue")


@dataclass
class SpendImportSummary(ImportSummary):
    imported: int = 0
    skipped: int = 0
    total_amount: Decimal = ZERO
    mapping: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    file_id: int | None = None


@dataclass
class Plan:
    sheet: SpendSheet
    lines: list[dict]
    skipped: list[int]
    names: dict  # (raw name, published id) -> {"lines", "total", "company_number", ...}
    stated_totals: list = field(default_factory=list)  # (row, amount text) of the file's own "Total" rows


def remembered_choice(council, headers: list[str]) -> dict | None:
    mapping = ColumnMapping.objects.filter(council=council, header_signature=header_signature(headers)).first()
    return dict(mapping.chosen) if mapping else None


def read_for_council(council, data: bytes, filename: str, chosen: dict | None = None) -> SpendSheet:
    """The sheet with the person's choice, else the council's remembered mapping for these headers, else the
    proposal."""
    sheet = read_spend_sheet(data, filename, chosen)
    if not chosen:
        remembered = remembered_choice(council, sheet.proposal.headers)
        if remembered:
            sheet = read_spend_sheet(data, filename, {k: v for k, v in remembered.items()})
            sheet.notes.append("The columns were read as confirmed before for this council's files with these headers.")
    return sheet


def _identifier(row, name: str, normalise: Callable) -> str:
    value = row.text(name)
    return (normalise(value) or "") if value else ""


def check(sheet: SpendSheet, problems: Problems, progress, *, refuse_unsure: bool = True) -> Plan:
    if refuse_unsure and not sheet.proposal.sure:
        for problem in unsure_problems(sheet):
            problems.add(problem.row, problem.field, problem.value, problem.message)
        return Plan(sheet, [], [], {})
    date_format = sheet.proposal.date_format
    lines, skipped, names, stated_totals = [], [], {}, []
    for done, row in enumerate(sheet.rows, start=1):
        date_text, amount_text, name = row.text("payment_date"), row.text("amount"), row.text("supplier_name")
        if not (date_text or amount_text or name):
            skipped.append(row.number)  # a footer or a row of separators
            continue
        if not date_text and any(TOTAL_ROW.match(cell_text(c)) for c in row.cells):
            stated_totals.append((row.number, amount_text))  # the file's own total: compared, not imported
            continue
        try:
            amount = parse_amount(amount_text) if amount_text else None
            if amount is None:
                problems.cell(row, "amount", "the amount is missing")
        except ValueProblem as error:
            amount = None
            problems.cell(row, "amount", str(error))
        try:
            paid = parse_date(date_text, date_format) if date_text else None
            if paid is None:
                problems.cell(row, "payment_date", "the payment date is missing")
        except ValueProblem as error:
            paid = None
            problems.cell(row, "payment_date", str(error))
        if amount is None or paid is None:
            continue
        redacted = is_redacted(name)
        line = {
            "line_number": row.number, "payment_date": paid, "amount": amount,
            "supplier_name": name, "redacted": redacted,
            "supplier_id_published": row.text("supplier_id"),
            "company_number": _identifier(row, "company_number", normalise_company_number),
            "charity_number": _identifier(row, "charity_number", normalise_charity_number),
            "vat_number": _identifier(row, "vat_number", normalise_vat_number),
            **{name_: row.text(name_) for name_ in TEXT_FIELDS},
        }
        lines.append(line)
        if not redacted:
            key = (name[:300], line["supplier_id_published"][:100])
            seen = names.setdefault(key, {"lines": 0, "total": ZERO, "company_number": "", "charity_number": "",
                                          "vat_number": "", "expense_types": Counter()})
            if line["expense_type"]:
                seen["expense_types"][line["expense_type"]] += 1
            seen["lines"] += 1
            seen["total"] += amount
            for kind in ("company_number", "charity_number", "vat_number"):
                seen[kind] = seen[kind] or line[kind]
        if done % 2000 == 0:
            progress(done, len(sheet.rows), "Checking the rows")
    progress(len(sheet.rows), len(sheet.rows), "Checked")
    return Plan(sheet, lines, skipped, names, stated_totals)


def write(plan: Plan, summary: SpendImportSummary, problems: Problems, progress, *, record: SpendFile,
          user=None) -> None:
    sheet, lines = plan.sheet, plan.lines
    total = sum((line["amount"] for line in lines), ZERO)
    threshold = sheet.threshold
    below = sum(1 for line in lines if abs(line["amount"]) < (threshold or PUBLISHED_THRESHOLD))
    dates = [line["payment_date"] for line in lines]
    record.status, record.finished_at = FileStatus.IMPORTED, timezone.now()
    record.encoding, record.header_row, record.header_signature = sheet.encoding, sheet.header_row, sheet.signature
    record.mapping, record.date_format = sheet.proposal.as_dict(), sheet.proposal.date_format or ""
    record.rows_read, record.lines_imported, record.rows_skipped, record.rows_refused = (
        len(sheet.rows), len(lines), len(plan.skipped), 0)
    record.total_amount, record.redacted_lines = total, sum(1 for line in lines if line["redacted"])
    record.lines_below_threshold = below
    record.threshold = threshold
    record.threshold_source = sheet.threshold_source or "not stated in the file (lines below £500 are counted)"
    record.vat_basis, record.vat_basis_source = sheet.vat_basis, sheet.vat_basis_source
    record.first_payment, record.last_payment = (min(dates), max(dates)) if dates else (None, None)
    record.notes = sheet.notes + ([f"{len(plan.skipped):,} rows with no date, amount or supplier were skipped "
                                   f"(rows {_rows(plan.skipped)})."] if plan.skipped else [])
    record.notes += [_total_note(number, text, total) for number, text in plan.stated_totals]
    record.problems = []
    record.save()
    chosen = {k: v for k, v in sheet.proposal.mapping.items()}
    ColumnMapping.objects.update_or_create(
        council=record.council, header_signature=sheet.signature,
        defaults={"headers": sheet.proposal.headers, "chosen": chosen,
                  "confirmed_by": user if getattr(user, "pk", None) else None, "confirmed_at": timezone.now()})
    _save_names(record, plan.names)
    rows = [{"file_id": record.pk, **line} for line in lines]
    root = spend_dir()
    gss = record.council.gss_code
    store.write_file_lines(root, gss, record.content_hash, rows)
    summary.added, summary.imported, summary.skipped = len(lines), len(lines), len(plan.skipped)
    summary.total_amount, summary.file_id = total, record.pk
    summary.mapping, summary.notes = record.mapping, record.notes
    progress(1, 1, "Written")


IDENTIFIERS = ("company_number", "charity_number", "vat_number")


def _save_names(record: SpendFile, names: dict) -> None:
    """Adds this file's lines and spend to each published name (in bulk: a file can name thousands)."""
    existing = {(n.raw_name, n.supplier_id_published): n
                for n in SupplierName.objects.filter(council=record.council)}
    new, changed = [], []
    for key, seen in names.items():
        name = existing.get(key)
        if name is None:
            name = SupplierName(council=record.council, raw_name=key[0], supplier_id_published=key[1],
                                first_seen_in=record)
            new.append(name)
        else:
            changed.append(name)
        name.lines += seen["lines"]
        name.total_amount += seen["total"]
        if seen["expense_types"] and not name.expense_type:
            name.expense_type = seen["expense_types"].most_common(1)[0][0][:200]
        for kind in IDENTIFIERS:
            setattr(name, kind, getattr(name, kind) or seen[kind][:SupplierName._meta.get_field(kind).max_length])
    SupplierName.objects.bulk_create(new, batch_size=500)
    SupplierName.objects.bulk_update(changed, ["lines", "total_amount", "expense_type", *IDENTIFIERS], batch_size=500)
    map_changed()  # a name's spend decides which supplier a name published with two IDs goes to


def _total_note(number: int, text: str, total: Decimal) -> str:
    try:
        stated = parse_amount(text)
    except ValueProblem:
        return f"Row {number} is the file's total row (‘{text}’); it was not imported."
    agrees = "equals" if stated == total else f"differs by £{stated - total:,.2f} from"
    return (f"Row {number} is the file's own total, £{stated:,.2f}; it was not imported, and it {agrees} the total "
            f"of the lines imported, £{total:,.2f}.")


def _rows(numbers: list[int], shown: int = 10) -> str:
    text = ", ".join(str(n) for n in numbers[:shown])
    return text + (f" and {len(numbers) - shown:,} more" if len(numbers) > shown else "")


def import_spend(council, data: bytes, filename: str, *, chosen: dict | None = None, user=None, upload=None,
                 record: SpendFile | None = None, progress=None) -> SpendImportSummary:
    """Imports one file for one council. Raises ImportRefused (nothing written) naming every problem; a mapping
    the hub is unsure of is refused until a person confirms it (`chosen`, from the page or --map)."""
    from riep.core.imported_files.models import ImportedFile  # noqa: PLC0415 -- kept beside the check it serves

    scope = scope_of(council=council.gss_code)
    digest = _digest(data)
    seen = ImportedFile.objects.filter(kind=KIND, scope=scope, content_hash=digest).exists()
    if record is None and not seen:
        upload = upload or store_bytes(data, filename, user)  # the original, kept as published
        record = SpendFile.objects.create(council=council, upload=upload, file_name=filename[:255],
                                          content_hash=digest, uploaded_by=user if getattr(user, "pk", None)
                                          else None, chosen=chosen or {})
    try:
        summary = import_file(
            data, filename, kind=KIND, scope=scope, skip_if_seen=True, things="lines",
            read=partial(read_for_council, council, chosen=chosen),
            check=check, write=partial(write, record=record, user=user),  # (not called for a file seen before)
            summary=SpendImportSummary, progress=progress)
    except ImportRefused as error:
        if record is not None:
            _refused(record, error)
        raise
    except Exception:  # the transaction rolled back: the Parquet file written inside it must go too
        store.remove_file(spend_dir(), digest, council.gss_code)
        raise
    if seen:
        first = SpendFile.objects.filter(council=council, content_hash=digest, status=FileStatus.IMPORTED).first()
        if first is not None:
            summary.total_amount, summary.mapping, summary.file_id = first.total_amount, first.mapping, first.pk
        if record is not None:
            record.status, record.finished_at = FileStatus.DUPLICATE, timezone.now()
            record.notes = ["The same file was imported before for this council: nothing changed."]
            record.save()
    return summary


def _digest(data: bytes) -> str:
    from riep.core.importing import content_hash  # noqa: PLC0415 -- the one hash the import protocol uses

    return content_hash(data)


def _refused(record: SpendFile, error: ImportRefused) -> None:
    record.status, record.finished_at = FileStatus.REFUSED, timezone.now()
    record.problems = [p.as_dict() for p in error.problems]
    record.rows_refused = error.rows_refused
    record.save()


def summary_as_json(summary: SpendImportSummary) -> dict:
    values = summary.as_dict()
    return {"file": summary.source, "rows_read": summary.rows, "imported": summary.imported,
            "refused": summary.refused, "skipped": summary.skipped, "total_amount": str(summary.total_amount),
            "mapping": summary.mapping, "problems": values.get("problems", []), "notes": summary.notes,
            "already_imported": summary.first_imported_at is not None and not summary.imported,
            "summary": values["summary"]}


def refusal_as_json(filename: str, error: ImportRefused, rows: int = 0) -> dict:
    return {"file": filename, "rows_read": rows, "imported": 0, "refused": error.rows_refused,
            "total_amount": "0.00", "mapping": {}, "problems": [dataclasses.asdict(p) for p in error.problems],
            "summary": str(error).splitlines()[0]}




def parse_map_options(options: list[str]) -> dict[str, str]:
    """`--map FIELD=COLUMN` options as {field: column text} ("" for a field not in the file)."""
    pairs: dict[str, str] = {}
    for option in options:
        field_name, sep, column = option.partition("=")
        field_name = field_name.strip().lower()
        if not sep or field_name not in FIELDS:
            raise ValueError(f"--map {option}: give FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}")
        pairs[field_name] = column.strip()
    return pairs


def chosen_from_map(data: bytes, filename: str, pairs: dict[str, str]) -> dict[str, int | None]:
    """The columns named by --map, as positions in this file's header (raises ValueError naming a missing one)."""
    from riep.procurement.ingest.columns import resolve_column  # noqa: PLC0415 -- beside its only caller
    from riep.procurement.ingest.sheet import header_and_body  # noqa: PLC0415

    _, _, headers, _, _ = header_and_body(data, filename)
    chosen: dict[str, int | None] = {}
    for field_name, column in pairs.items():
        chosen[field_name] = resolve_column(headers, column) if column else None
    return chosen
