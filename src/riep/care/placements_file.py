"""Reading a council's placements file (CSV or XLSX) into validated placements.

All or nothing: every problem in every row is collected (row number as the spreadsheet shows it,
and the field) and raised together in one PlacementsFileError; nothing is returned half-parsed.
The file identifies people by the council's reference only — never a name.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

from riep.core.money import to_money

from .calc.needs import NEEDS_FIELDS, ServiceType, SupportNeeds, check_needs, to_count, to_hours

COLUMNS = ("person_reference", "service_type", "shared_core_hours", "shared_by", "one_to_one_hours",
           "two_to_one_hours", "waking_night_hours", "sleep_in_nights", "provider", "current_weekly_fee", "review_date")
OPTIONAL_COLUMNS = ("nights_shared_by",)
_ALIASES = {"reference": "person_reference", "person_ref": "person_reference", "weekly_fee": "current_weekly_fee",
            "current_fee": "current_weekly_fee", "fee": "current_weekly_fee", "service": "service_type"}
_NAME_COLUMNS = {"name", "person_name", "full_name", "first_name", "forename", "surname", "last_name",
                 "client_name", "service_user_name", "resident_name"}
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-/.]{0,39}$")
PROGRESS_EVERY = 1_000
MAX_WEEKLY_FEE = Decimal(25_000)  # above this a "weekly" fee is almost always an annual or total figure


@dataclass(frozen=True, slots=True)
class Placement:
    row: int
    reference: str
    needs: SupportNeeds
    provider: str
    current_weekly_fee: "Decimal | None"  # None: no current or proposed fee given
    review_date: "dt.date | None"


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # 1-based, as a spreadsheet shows it (comment and header lines count)
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.message}" if self.field else f"row {self.row}: {self.message}"


class PlacementsFileError(ValueError):
    def __init__(self, source: str, problems: "list[RowProblem]"):
        self.source = source
        self.problems = tuple(problems)
        listed = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s) — nothing was imported:\n{listed}")


Progress = Callable[[int, int], None]  # called with (rows checked, rows in the file)


def read_placements(path: "str | Path", progress: "Progress | None" = None) -> tuple[Placement, ...]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PlacementsFileError(str(path), [RowProblem(0, "", f"cannot read the file ({error.strerror})")]) from None
    return read_placements_bytes(data, path.name, progress)


def read_placements_bytes(data: bytes, filename: str, progress: "Progress | None" = None) -> tuple[Placement, ...]:
    """The same, for an upload already in memory; the file name decides CSV or XLSX."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(data, filename)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(data, filename)
    else:
        raise PlacementsFileError(filename, [RowProblem(0, "", "must be a .csv or .xlsx file")])
    return _parse(rows, filename, progress)


def _csv_rows(data: bytes, filename: str) -> list[tuple[int, list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlacementsFileError(filename, [RowProblem(0, "", "is not UTF-8 text (save it as 'CSV UTF-8')")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    out = []
    for cells in reader:
        out.append((reader.line_num, cells))
    return out


def _xlsx_rows(data: bytes, filename: str) -> list[tuple[int, list]]:
    import openpyxl  # only needed for spreadsheets

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged or mislabelled file
        raise PlacementsFileError(filename, [RowProblem(0, "", "is not a readable .xlsx workbook")]) from None
    sheet = book["placements"] if "placements" in book.sheetnames else book.worksheets[0]
    rows = [(number, list(values)) for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    book.close()
    return rows


def _text(value) -> str:
    """A cell as text; spreadsheet numbers via their shortest decimal form (never float arithmetic)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def _header_key(cell) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", _text(cell).lower().replace("£", "")).strip("_")
    return _ALIASES.get(key, key)


def _parse(rows: list[tuple[int, list]], source: str, progress: "Progress | None") -> tuple[Placement, ...]:
    body = [(n, cells) for n, cells in rows if any(_text(c) for c in cells)]
    while body and _text(body[0][1][0]).startswith("#"):
        body.pop(0)
    if not body:
        raise PlacementsFileError(source, [RowProblem(0, "", "is empty (expected a header row and placements)")])
    header_row, header = body[0]
    keys = [_header_key(c) for c in header]
    problems: list[RowProblem] = []
    for key, cell in zip(keys, header):
        if key in _NAME_COLUMNS:
            problems.append(RowProblem(header_row, _text(cell), "the file must not contain people's names; "
                                                               "use the council's person reference only"))
    for column in COLUMNS + OPTIONAL_COLUMNS:
        if column not in keys and column in COLUMNS:
            problems.append(RowProblem(header_row, column, "required column missing"))
        elif keys.count(column) > 1:
            problems.append(RowProblem(header_row, column, "column appears more than once"))
    if problems:  # every row would repeat a missing column, so stop at the header
        raise PlacementsFileError(source, problems)
    position = {key: i for i, key in enumerate(keys)}
    placements: list[Placement] = []
    seen: dict[str, int] = {}
    for done, (number, cells) in enumerate(body[1:], start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(body) - 1)
        row = {key: (cells[i] if i < len(cells) else None) for key, i in position.items()}
        placement, row_problems = _parse_row(number, row)
        if placement and placement.reference in seen:
            row_problems.append(RowProblem(number, "person_reference",
                                           f"'{placement.reference}' is also on row {seen[placement.reference]}"))
        if placement:
            seen.setdefault(placement.reference, number)
        problems.extend(row_problems)
        if placement and not row_problems:
            placements.append(placement)
    if progress:
        progress(len(body) - 1, len(body) - 1)
    if not placements and not problems:
        problems.append(RowProblem(header_row, "", "no placements below the header"))
    if problems:
        raise PlacementsFileError(source, problems)
    return tuple(placements)


def _parse_row(number: int, row: dict) -> "tuple[Placement | None, list[RowProblem]]":
    problems: list[RowProblem] = []

    def problem(field: str, message: str) -> None:
        problems.append(RowProblem(number, field, message))

    reference = _text(row["person_reference"])
    if not reference:
        problem("person_reference", "missing — every row needs the council's person reference")
    elif not _REFERENCE.match(reference) or not any(ch.isdigit() for ch in reference):
        problem("person_reference", f"'{reference}' is not a reference (letters and digits with - _ / . only, "
                                    "including at least one digit, e.g. DEMO-0001) — never a name")
    values: dict = {}
    try:
        values["service_type"] = ServiceType.parse(_text(row["service_type"]))
    except ValueError as error:
        problem("service_type", str(error))
    for field in NEEDS_FIELDS:
        try:
            values[field] = to_hours(_text(row[field]), field)
        except ValueError as error:
            problem(field, str(error).removeprefix(f"{field}: "))
    for field, default in (("shared_by", 1), ("nights_shared_by", None)):
        text = _text(row.get(field))
        try:
            values[field] = to_count(text, field) if text else default
        except ValueError as error:
            problem(field, str(error).removeprefix(f"{field}: "))
    provider = _text(row["provider"])
    if not provider:
        problem("provider", "missing")
    fee = _fee(_text(row["current_weekly_fee"]), problem)
    review = _date(row["review_date"], problem)
    if problems:
        return None, problems
    needs, needs_issues = check_needs(**values)
    for field, message in needs_issues:
        problem(field, message)
    if needs is None:
        return None, problems
    return Placement(number, reference, needs, provider, fee, review), problems


def _fee(text: str, problem) -> "Decimal | None":
    if not text:
        return None
    if re.search(r"[A-Za-z]", text):
        problem("current_weekly_fee", f"'{text}' is not an amount of money (text in the fee column?)")
        return None
    try:
        fee = to_money(text)
    except ValueError as error:
        problem("current_weekly_fee", str(error))
        return None
    if fee <= 0:
        problem("current_weekly_fee", f"{text} must be more than zero (leave the cell blank if there is no fee)")
    elif fee > MAX_WEEKLY_FEE:
        problem("current_weekly_fee", f"{text} a week looks like an annual or total figure, not a weekly fee")
    return fee


_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _date(value, problem) -> "dt.date | None":
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        match = _UK_DATE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    problem("review_date", f"'{text}' is not a date (use dd/mm/yyyy or yyyy-mm-dd)")
    return None
