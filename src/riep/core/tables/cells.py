"""The value each writer puts in a file for one cell: shared by the CSV and XLSX writers so they agree."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from riep.core.fy import FinancialYear

from .definition import (
    COUNT,
    DATE,
    FINANCIAL_YEAR,
    MONEY,
    PERCENTAGE,
    Column,
    as_date,
    neutralise,
    number,
    percent_text,
)

PENNY = Decimal("0.01")


def file_value(column: Column, value: Any) -> Any:
    """None for an empty cell; a number for a numeric cell; a date for a date cell; otherwise neutralised text.

    Numbers are returned as Decimal, int or float and never neutralised (a negative amount stays a number);
    text that is not a number in a numeric column (e.g. "infinite") is text like any other.
    """
    if value is None or value == "":
        return None
    kind = column.kind
    if column.numeric:
        amount = number(value)
        if amount is None:
            return neutralise(str(value))
        if kind == MONEY:
            return Decimal(str(amount)).quantize(PENNY)
        if kind == COUNT:
            return int(amount)
        if kind == PERCENTAGE:
            return Decimal(str(amount))
        return amount  # NUMBER
    if kind == DATE:
        return as_date(value) or neutralise(str(value))
    if kind == FINANCIAL_YEAR:
        return value.label if isinstance(value, FinancialYear) else neutralise(str(value))
    return neutralise(str(value))


def csv_text(column: Column, value: Any) -> str:
    """The CSV text of a cell: plain digits for money (1234.50, so it sums), 105.3% for a percentage
    (Excel reads that back as 1.053 in a percentage format), ISO dates, 2009-10 for years."""
    cell = file_value(column, value)
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if column.kind == PERCENTAGE:
        return percent_text(column, cell)
    if column.kind == DATE:
        return cell.isoformat(sep=" ", timespec="minutes") if hasattr(cell, "hour") else cell.isoformat()
    return str(cell)
