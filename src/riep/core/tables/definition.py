"""A table's definition: columns with a kind each, rows (any iterable), a totals row, a note.

The kind decides how a cell looks on the page and what the CSV and XLSX writers put in the file, so the three
always agree. Values stay typed in the rows (Decimal money, int counts, ratio percentages, dates, FinancialYear);
nothing is pre-formatted by callers.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from riep.core.fy import FinancialYear
from riep.core.money import format_money

TEXT = "text"
LINK = "link"  # text shown as an anchor on the page (URL from the row's `link_key`); files write the text
MONEY = "money"  # Decimal pounds; page £1,234 or £1,234.50; CSV 1234.00; XLSX a number formatted £#,##0.00
COUNT = "count"  # whole numbers; page 1,234
NUMBER = "number"  # other quantities (RMSPE, weights); page as given, or with `decimals` places
PERCENTAGE = "percentage"  # a RATIO: 1.053 is shown "105.3%", written 105.3% in CSV and 1.053 (0.0%) in XLSX
DATE = "date"  # datetime.date (or ISO text); page 01 May 2009; CSV 2009-05-01; XLSX a real date
FINANCIAL_YEAR = "financial_year"  # FinancialYear or "2009-10"
YEAR = FINANCIAL_YEAR  # the old name, same meaning

KINDS = (TEXT, LINK, MONEY, COUNT, NUMBER, PERCENTAGE, DATE, FINANCIAL_YEAR)
NUMERIC = (MONEY, COUNT, NUMBER, PERCENTAGE)
DASH = "–"  # an empty numeric cell on the page

# OWASP "CSV injection": a cell starting with one of these may be run as a formula by a spreadsheet.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefixes ' to text a spreadsheet could read as a formula (`=HYPERLINK(...)`, `+1`, `@SUM`, `-2+3`)."""
    return "'" + text if text.startswith(FORMULA_LEADS) else text


@dataclass
class Column:
    key: str
    label: str
    kind: str = TEXT
    link_key: str | None = None  # row key holding the URL of a link cell
    decimals: int | None = None  # places for percentage (default 1) and number columns

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.key!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind == LINK and self.link_key is None:
            self.link_key = "url"
        if self.link_key and self.kind == TEXT:
            self.kind = LINK

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC

    @property
    def places(self) -> int:
        return 1 if self.decimals is None and self.kind == PERCENTAGE else (self.decimals or 0)


@dataclass
class Table:
    """`rows` may be a generator (a 10-million-line export): then the table can be written once, lazily."""

    name: str  # the ?download= name and part of the file name
    caption: str  # the page caption and the sheet name
    columns: list[Column]
    rows: Iterable[dict[str, Any]] = field(default_factory=list)
    footer: dict[str, Any] | None = None  # a totals row
    note: str = ""
    page: Any = None  # a `paging.Page` when the page shows one page of the rows (the downloads hold them all)


def number(value: Any) -> Decimal | int | float | None:
    """A numeric cell's value as a number, or None if it is empty or not a number (then it is written as text)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, str):
        try:
            return Decimal(value.replace(",", ""))
        except InvalidOperation:
            return None
    return None


def as_date(value: Any) -> dt.date | dt.datetime | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def percent_text(column: Column, ratio: Decimal | int | float) -> str:
    return f"{Decimal(str(ratio)) * 100:.{column.places}f}%"


def page_text(column: Column, value: Any) -> str:
    """What the page shows in a cell: £1,234 (£1,234.50 when it has pence), 1,200, 105.3%, 01 May 2009, 2009-10, or – for no figure."""
    if value is None or value == "":
        return DASH if column.numeric else ""
    kind = column.kind
    if kind == FINANCIAL_YEAR:
        return value.label if isinstance(value, FinancialYear) else str(value)
    if kind == DATE:
        when = as_date(value)
        if when is None:
            return str(value)
        return when.strftime("%d %b %Y %H:%M" if isinstance(when, dt.datetime) else "%d %b %Y")
    if not column.numeric:
        return str(value)
    amount = number(value)
    if amount is None:
        return str(value)  # e.g. "infinite" in a number column
    if kind == MONEY:
        return format_money(Decimal(str(amount)), pence=None)  # pence only where the amount has them
    if kind == PERCENTAGE:
        return percent_text(column, amount)
    if kind == COUNT or (isinstance(amount, int) and column.decimals is None):
        return f"{int(amount):,}"
    if column.decimals is not None:
        return f"{amount:,.{column.decimals}f}"
    return str(value)
