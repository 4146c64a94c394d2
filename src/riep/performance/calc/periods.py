"""Periods as files write them: financial years "2009-10", "2009/10", "2009/2010", "FY 2009-10"; calendar years
"2009" (or "2009 calendar year"). Answers the platform's own words ("2009-10", "2009") or raises ValueError."""
from __future__ import annotations

import re

FINANCIAL_YEAR, CALENDAR_YEAR = "financial_year", "calendar_year"
_FY = re.compile(r"^(?:fy\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_CY = re.compile(r"^(\d{4})(?:\s*calendar year)?$", re.IGNORECASE)
FIRST, LAST = 1990, 2100


def parse_period(text: str, kind: str) -> str:
    """The period in the platform's words for an indicator published by `kind`; ValueError saying what is wrong."""
    text = (text or "").strip()
    fy, cy = _FY.match(text), _CY.match(text)
    if kind == FINANCIAL_YEAR:
        if not fy:
            raise ValueError(f"‘{text}’ is not a financial year: write it as 2009-10")
        start, end = int(fy.group(1)), fy.group(2)
        if int(end[-2:]) != (start + 1) % 100 or (len(end) == 4 and int(end) != start + 1):
            raise ValueError(f"‘{text}’ is not a financial year: the second year must follow the first (2009-10)")
        year = start
        label = f"{start}-{(start + 1) % 100:02d}"
    else:
        if not cy:
            raise ValueError(f"‘{text}’ is not a calendar year: write it as 2009")
        year = int(cy.group(1))
        label = str(year)
    if not FIRST <= year <= LAST:
        raise ValueError(f"‘{text}’ is outside {FIRST} to {LAST}")
    return label


def period_start(period: str) -> int:
    """The first year of a period label: 2009 for "2009-10" and for "2009"."""
    return int(period[:4])


def next_periods(last: str, kind: str, count: int) -> list[str]:
    start = period_start(last)
    if kind == FINANCIAL_YEAR:
        return [f"{y}-{(y + 1) % 100:02d}" for y in range(start + 1, start + 1 + count)]
    return [str(y) for y in range(start + 1, start + 1 + count)]
