"""Amounts and dates as councils write them: `£1,234.50`, `(12.00)`, `12.00-`, `1616.23 `; `24/12/2010`,
`2021-04-06`, `01-JUN-2012`, a month `2010-12`, and a financial-year period code `202101` (April 2021)."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

PENNY = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # decimal(14,2), the Parquet column

_AMOUNT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


class ValueProblem(ValueError):
    """The message says what is wrong in words the person can act on."""


def parse_amount(text: str) -> Decimal:
    """Exact pence from a published amount. Credit notes may be `-12.00`, `(12.00)`, `12.00-` or `12.00 CR`."""
    raw = text.strip().replace("\u00a3", "").replace(" ", "").replace("\u00a0", "")
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1]
    elif raw.endswith("-"):
        negative, raw = True, raw[:-1]
    elif raw.upper().endswith("CR"):
        negative, raw = True, raw[:-2]
    if raw.startswith("-£") or raw.startswith("£-"):
        raw = "-" + raw[2:]
    if not raw or raw in "+-" or not _AMOUNT.match(raw):
        raise ValueProblem("the amount is not a number of pounds (for example 1234.56 or -12.00)")
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        raise ValueProblem("the amount is not a number of pounds (for example 1234.56 or -12.00)") from None
    if value != value.quantize(PENNY):
        raise ValueProblem("the amount has fractions of a penny: amounts must be pounds and pence")
    value = -value if negative else value
    if abs(value) > MAX_AMOUNT:
        raise ValueProblem("the amount is too large to be one payment (more than £999,999,999,999.99)")
    return value.quantize(PENNY)


# --- dates -------------------------------------------------------------------------------------------------------

DATE_FORMATS = {
    "iso": "year-month-day, e.g. 2021-04-06",
    "uk": "day/month/year, e.g. 24/12/2010",
    "us": "month/day/year, e.g. 12/24/2010",
    "month": "a month only, e.g. 2010-12 (the line is dated the 1st)",
    "fy_period": "a financial-year period code YYYYPP: 202101 is April 2021, 201010 is January 2011 "
                 "(the line is dated the 1st of that month)",
    "day_mon_year": "day-month name-year, e.g. 01-JUN-2012",
    "serial": "a spreadsheet day number, e.g. 44292 for 6 April 2021",
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_PERIOD = re.compile(r"^(\d{4})(\d{2})$")
_DAY_MON = re.compile(r"^(\d{1,2})[ \-/]([A-Za-z]{3})[A-Za-z]*[ \-/](\d{2}|\d{4})$")
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if len(text) == 2 else year


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem("the date does not exist (check the day and month)") from None


def fy_period_month(code: str) -> dt.date:
    """`YYYYPP`: the financial year starting April YYYY, period PP counted from April (01) to March (12)."""
    match = _PERIOD.match(code)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueProblem("the period is not a financial-year period code YYYYPP with PP from 01 (April) to 12 "
                           "(March)")
    start, period = int(match.group(1)), int(match.group(2))
    month = (period + 2) % 12 + 1
    return dt.date(start + (1 if month <= 3 else 0), month, 1)


def parse_date(text: str, form: str) -> dt.date:
    """The date in the column's format (from `date_format_of`)."""
    raw = text.strip()
    if form == "fy_period":
        return fy_period_month(raw)
    if form == "iso":
        match = _ISO.match(raw)
        if match:
            return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif form in ("uk", "us"):
        match = _SLASHED.match(raw)
        if match:
            first, second, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
            return _date(year, second, first) if form == "uk" else _date(year, first, second)
    elif form == "month":
        match = _MONTH.match(raw)
        if match and 1 <= int(match.group(2)) <= 12:
            return dt.date(int(match.group(1)), int(match.group(2)), 1)
    elif form == "day_mon_year":
        match = _DAY_MON.match(raw)
        if match and match.group(2).lower() in _MONTHS:
            return _date(_year(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    elif form == "serial" and _SERIAL.match(raw):
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(raw)))
    raise ValueProblem(f"the date is not {DATE_FORMATS.get(form, form)}, as the rest of the column is")


def date_format_of(values: list[str]) -> str | None:
    """The one format that reads the column's sample values (most of them), or None. Slashed dates are UK unless a
    value's second part is above 12 and none's first part is (a US file); ambiguous ones are read as UK."""
    values = [v.strip() for v in values if v and v.strip()]
    if not values:
        return None
    counts = {
        "iso": sum(bool(_ISO.match(v)) for v in values),
        "slashed": sum(bool(_SLASHED.match(v)) for v in values),
        "month": sum(bool(_MONTH.match(v)) for v in values),
        "fy_period": sum(bool(_PERIOD.match(v)) and 1 <= int(v[4:]) <= 12 and 1990 <= int(v[:4]) <= 2100
                         for v in values),
        "day_mon_year": sum(bool(_DAY_MON.match(v)) for v in values),
        "serial": sum(bool(_SERIAL.match(v)) and 20000 <= float(v) <= 80000 for v in values),
    }
    best = max(counts, key=counts.get)
    if counts[best] < 0.9 * len(values):
        return None
    if best == "slashed":
        parts = [_SLASHED.match(v) for v in values if _SLASHED.match(v)]
        first_big = any(int(m.group(1)) > 12 for m in parts)
        second_big = any(int(m.group(2)) > 12 for m in parts)
        return "us" if second_big and not first_big else "uk"
    return best


# Lambeth's export drops the comma between a date and an unquoted amount below 1,000: `25/06/2012900`.
FUSED_DATE_AMOUNT = re.compile(r"^(\d{1,2}/\d{1,2}/\d{4})(-?\d{1,3}(?:\.\d{1,2})?)$")


def split_fused(text: str) -> tuple[str, str] | None:
    match = FUSED_DATE_AMOUNT.match(text.strip())
    return (match.group(1), match.group(2)) if match else None


def looks_like_amount(text: str) -> bool:
    try:
        parse_amount(text)
    except ValueProblem:
        return False
    return True
