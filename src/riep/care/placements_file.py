"""Reading a council's placements file (CSV or XLSX) into validated placements.

All or nothing: every problem in every row is collected (row number as the spreadsheet shows it, the column
as headed in the file, the value) and raised together in one ImportRefused (`riep.core.importing`); nothing is
returned half-parsed.
The file identifies people by the council's reference only — never a name.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from riep.core.importing import Problems, Progress, Row, Sheet, cell_text, every, read_sheet
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
MAX_WEEKLY_FEE = Decimal(25_000)  # above this a "weekly" fee is almost always an annual or total figure


@dataclass(frozen=True, slots=True)
class Placement:
    row: int
    reference: str
    needs: SupportNeeds
    provider: str
    current_weekly_fee: "Decimal | None"  # None: no current or proposed fee given
    review_date: "dt.date | None"


def read_placements(data: bytes, filename: str, progress: "Progress | None" = None) -> tuple[Placement, ...]:
    """The placements of a file already read into memory; the file name decides CSV or XLSX. No database."""
    sheet = read_sheet(data, filename, **SHEET)
    problems = Problems(sheet.source)
    placements = check_placements(sheet, problems, progress)
    problems.refuse_if_any()
    return placements


def header_key(text: str) -> str:
    """Headers match loosely: "Current weekly fee (£)" is current_weekly_fee, "Reference" is person_reference."""
    key = re.sub(r"[^a-z0-9]+", "_", text.lower().replace("£", "")).strip("_")
    return _ALIASES.get(key, key)


SHEET = {"required": COLUMNS, "key": header_key, "sheet": "placements"}  # how to read a placements file


def check_placements(sheet: Sheet, problems: Problems, progress: "Progress | None" = None) -> tuple[Placement, ...]:
    """Every row checked, every problem collected (row as the spreadsheet shows it, column as headed in the file)."""
    for key, written in sheet.columns.items():
        if key in _NAME_COLUMNS:
            problems.add(sheet.header_row, written, written,
                         "the file must not contain people's names; use the council's person reference only")
    if len(problems):  # every row would carry the names, so stop at the header
        return ()
    placements: list[Placement] = []
    seen: dict[str, int] = {}
    for row in every(sheet.rows, progress or (lambda *a: None), "Checking placements"):
        before = len(problems)
        placement = _parse_row(row, problems)
        if placement and placement.reference in seen:
            problems.cell(row, "person_reference", f"'{placement.reference}' is also on row {seen[placement.reference]}")
        if placement:
            seen.setdefault(placement.reference, row.number)
        if placement and len(problems) == before:
            placements.append(placement)
    return tuple(placements)


def _parse_row(row: Row, problems: Problems) -> "Placement | None":
    before = len(problems)

    def problem(field: str, message: str) -> None:
        problems.cell(row, field, message)

    reference = row.text("person_reference")
    if not reference:
        problem("person_reference", "missing — every row needs the council's person reference")
    elif not _REFERENCE.match(reference) or not any(ch.isdigit() for ch in reference):
        problem("person_reference", f"'{reference}' is not a reference (letters and digits with - _ / . only, "
                                    "including at least one digit, e.g. DEMO-0001) — never a name")
    values: dict = {}
    try:
        values["service_type"] = ServiceType.parse(row.text("service_type"))
    except ValueError as error:
        problem("service_type", str(error))
    for field in NEEDS_FIELDS:
        try:
            values[field] = to_hours(row.text(field), field)
        except ValueError as error:
            problem(field, str(error).removeprefix(f"{field}: "))
        except ArithmeticError:  # decimal's InvalidOperation: too many digits to hold ("1e24")
            problem(field, f"'{row.text(field)}' is far more than the hours in a week")
    for field, default in (("shared_by", 1), ("nights_shared_by", None)):
        text = row.text(field)
        try:
            values[field] = to_count(text, field) if text else default
        except ValueError as error:
            problem(field, str(error).removeprefix(f"{field}: "))
    provider = row.text("provider")
    if not provider:
        problem("provider", "missing")
    fee = _fee(row.text("current_weekly_fee"), problem)
    review = _date(row.get("review_date"), problem)
    if len(problems) > before:
        return None
    needs, needs_issues = check_needs(**values)
    for field, message in needs_issues:
        problem(field, message)
    if needs is None:
        return None
    return Placement(row.number, reference, needs, provider, fee, review)


def _fee(text: str, problem) -> "Decimal | None":
    if not text:
        return None
    if re.search(r"[A-Za-z]", text):
        problem("current_weekly_fee", f"'{text}' is not an amount of money (text in the fee column?)")
        return None
    try:
        fee = to_money(text)
    except ValueError as error:  # to_money names the value, and says when it is too large to be money ("1e26")
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
    text = cell_text(value)
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
