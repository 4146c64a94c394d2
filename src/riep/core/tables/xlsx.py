"""XLSX: one worksheet per table, written by XlsxWriter in constant_memory mode.

Each row goes to disk as it is written (rows are taken from `table.rows` lazily), so memory stays flat however
long the table; `xlsx_file` writes to an anonymous temporary file that a response streams back. Cells are written
with write_string/write_number/write_datetime (never write(), which would turn "=..." text into a formula), and text
is neutralised as in CSV because a sheet saved back to CSV, or read by another program, would run it.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence
from typing import IO, Any

import xlsxwriter

from .cells import file_value
from .definition import COUNT, DATE, MONEY, NUMBER, PERCENTAGE, Column, Table, neutralise

SHEET_NAME_LIMIT = 31  # Excel's limit
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
RESERVED = {"history"}  # Excel keeps this sheet name for itself


def sheet_name(title: str, used: set[str]) -> str:
    """A readable, unique sheet name: forbidden characters removed, at most 31 characters, cut between words."""
    clean = re.sub(r"\s+", " ", FORBIDDEN.sub(" ", title)).strip(" '") or "Table"
    if clean.lower() in RESERVED:
        clean += " (table)"
    name, n = _fit(clean, SHEET_NAME_LIMIT), 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = _fit(clean, SHEET_NAME_LIMIT - len(suffix)) + suffix, n + 1
    used.add(name.lower())
    return name


def _fit(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rfind(" ")
    short = text[:cut] if cut > 0 else text[:limit]  # one very long word: cut it
    return short.rstrip(" ,;.-–'") or text[:limit]


def _num_format(column: Column) -> str | None:
    places = column.places
    decimals = "." + "0" * places if places else ""
    return {
        MONEY: "£#,##0.00",
        COUNT: "#,##0",
        PERCENTAGE: f"0{decimals}%",
        NUMBER: f"#,##0{decimals}" if column.decimals is not None else None,
    }.get(column.kind)


class _Formats:
    """XlsxWriter formats made once per workbook, by (number format, bold)."""

    def __init__(self, book) -> None:
        self.book, self.cache = book, {}
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})

    def get(self, num_format: str | None, bold: bool = False):
        key = (num_format, bold)
        if key not in self.cache:
            props: dict[str, Any] = {"bold": True} if bold else {}
            if num_format:
                props["num_format"] = num_format
            self.cache[key] = self.book.add_format(props) if props else None
        return self.cache[key]


def _write_row(sheet, r: int, columns: Sequence[Column], row: dict, formats: _Formats, bold: bool = False) -> None:
    for c, column in enumerate(columns):
        value = file_value(column, row.get(column.key))
        if value is None:
            continue
        if isinstance(value, str):
            sheet.write_string(r, c, value, formats.get(None, bold))
        elif column.kind == DATE:
            with_time = isinstance(value, dt.datetime)
            sheet.write_datetime(r, c, value, formats.get("yyyy-mm-dd hh:mm" if with_time else "yyyy-mm-dd", bold))
        else:
            # XLSX stores numbers as binary doubles: float() is the file format's limit (pence survive to £10bn).
            sheet.write_number(r, c, float(value), formats.get(_num_format(column), bold))


def _width(column: Column) -> int:
    floor = 14 if column.numeric or column.kind == DATE else 12
    return max(floor, min(50, len(column.label) + 2))


def write_sheet(book, table: Table, used_names: set[str], formats: _Formats) -> int:
    """Writes one table as a worksheet; returns the number of body rows written."""
    sheet = book.add_worksheet(sheet_name(table.caption or table.name, used_names))
    for c, column in enumerate(table.columns):
        sheet.set_column(c, c, _width(column))
        sheet.write_string(0, c, neutralise(column.label), formats.header)
    sheet.freeze_panes(1, 0)
    r = 0
    for r, row in enumerate(table.rows, start=1):
        _write_row(sheet, r, table.columns, row, formats)
    written = r
    if table.footer:
        r += 1
        _write_row(sheet, r, table.columns, table.footer, formats, bold=True)
    if table.note:
        sheet.write_string(r + 2, 0, neutralise(table.note))
    return written


def write_xlsx(tables: Table | Sequence[Table], target: str | os.PathLike | IO[bytes]) -> None:
    """Writes one worksheet per table, in order, to a path or a binary file object."""
    tables = [tables] if isinstance(tables, Table) else list(tables)
    book = xlsxwriter.Workbook(os.fspath(target) if isinstance(target, (str, os.PathLike)) else target,
                               {"constant_memory": True, "remove_timezone": True})
    formats, used = _Formats(book), set()
    try:
        for table in tables:
            write_sheet(book, table, used, formats)
    finally:
        book.close()


def xlsx_file(tables: Table | Sequence[Table]) -> IO[bytes]:
    """The workbook in an anonymous temporary file (deleted when closed), positioned at its start."""
    handle = tempfile.TemporaryFile()
    try:
        write_xlsx(tables, handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle
