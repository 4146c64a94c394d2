"""Financial years as a small value type: "2009-10" runs from 1 April 2009 to 31 March 2010.

Pure: no Django. Used by every capability (funding, NI 179, appraisal).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

_LABEL = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$")


@total_ordering
@dataclass(frozen=True, slots=True)
class FinancialYear:
    """An English local-government financial year, identified by the calendar year it starts in."""

    start_year: int

    def __post_init__(self) -> None:
        if not 1900 <= self.start_year <= 2200:
            raise ValueError(f"financial year starting {self.start_year} is out of range")

    @classmethod
    def parse(cls, value: "str | int | FinancialYear") -> "FinancialYear":
        """Accepts "2009-10", "2009/10", "2009-2010", 2009 or a FinancialYear."""
        if isinstance(value, FinancialYear):
            return value
        if isinstance(value, int):
            return cls(value)
        match = _LABEL.match(str(value))
        if not match:
            raise ValueError(f"'{value}' is not a financial year (expected a form like 2009-10)")
        start, end = int(match.group(1)), match.group(2)
        expected = start + 1
        end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if len(end) == 2 and end_year < start:  # 1999-00
            end_year += 100
        if end_year != expected:
            raise ValueError(f"'{value}' is not a financial year: the second year must follow the first")
        return cls(start)

    @classmethod
    def containing(cls, day: dt.date) -> "FinancialYear":
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    def __add__(self, years: int) -> "FinancialYear":
        return FinancialYear(self.start_year + years)

    def __sub__(self, other: "int | FinancialYear"):
        if isinstance(other, FinancialYear):
            return self.start_year - other.start_year
        return FinancialYear(self.start_year - other)

    def __lt__(self, other: "FinancialYear") -> bool:
        return self.start_year < other.start_year

    def __str__(self) -> str:
        return self.label


def year_range(first: FinancialYear, last: FinancialYear) -> list[FinancialYear]:
    """Every financial year from first to last inclusive."""
    if last < first:
        raise ValueError(f"period ends ({last}) before it starts ({first})")
    return [FinancialYear(y) for y in range(first.start_year, last.start_year + 1)]


def parse_period(text: str) -> tuple[FinancialYear, FinancialYear]:
    """Parses "2008-09:2010-11" into its first and last years."""
    parts = text.split(":")
    if len(parts) != 2:
        raise ValueError(f"'{text}' is not a period (expected FIRST:LAST, e.g. 2008-09:2010-11)")
    first, last = FinancialYear.parse(parts[0]), FinancialYear.parse(parts[1])
    year_range(first, last)
    return first, last
