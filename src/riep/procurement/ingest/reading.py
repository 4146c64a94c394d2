"""Bytes to numbered lines: decoded strictly by `riep.core.importing.decode_text` (never a replacement character);
CSV in any delimiter; XLSX, XLS and ODS through python-calamine; the header row found below any preamble."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from riep.core.importing import (
    DEFAULT_LIMITS,
    ImportRefused,
    Limits,
    Problem,
    cell_text,
    check_archive,
    decode_text,
    shorten,
)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
ZIP_MAGIC = b"PK\x03\x04"  # xlsx and ods are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
DELIMITERS = ",;\t|"
HEADER_SEARCH = 60  # lines looked at for the header


@dataclass
class Lines:
    source: str
    encoding: str  # "utf-8", "cp1252", … or "xlsx"/"ods" for a workbook
    lines: list[tuple[int, list[str]]]  # (line number as a spreadsheet shows it, cells as text)
    notes: list[str] = field(default_factory=list)


def refuse(source: str, message: str, row: int = 0, column: str = "", value="") -> ImportRefused:
    return ImportRefused([Problem(row, column, shorten(value), message)], source)


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into more than one cell."""
    sample = [line for line in text.splitlines()[:HEADER_SEARCH] if line.strip()]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in sample]
        score = max(counts.count(c) for c in set(counts)) * max(counts) if counts and max(counts) else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv(data: bytes, source: str) -> Lines:
    text, encoding, notes = decode_text(data, source)  # the platform's one decoder
    if "\x00" in text:
        raise refuse(source, "the file contains binary data, not text: is it a spreadsheet saved with a .csv name?")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    lines = []
    try:
        start = 1
        for cells in reader:
            lines.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as error:
        raise refuse(source, f"the file is not valid CSV near line {reader.line_num}: {error}") from None
    return Lines(source, encoding, lines, notes)


def _workbook(data: bytes, source: str, suffix: str, limits: Limits) -> Lines:
    from python_calamine import CalamineWorkbook  # noqa: PLC0415 -- only spreadsheets need the reader

    if data.startswith(ZIP_MAGIC):  # XLSX and ODS: a zip bomb is refused from the archive's directory, unread
        check_archive(data, source, limits)

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names]
    except Exception:  # calamine raises its own error types for a damaged or mislabelled file
        raise refuse(source, "the file is not a readable XLSX, XLS or ODS workbook") from None
    filled = [rows for rows in sheets if any(any(cell_text(c) for c in row) for row in rows)]
    if not filled:
        raise refuse(source, "the workbook has no sheet with anything in it")
    rows = max(filled, key=len)  # the sheet with the payments: the longest one (a cover sheet is short)
    notes = [] if len(filled) == 1 else [f"The workbook has {len(filled)} sheets with data; the longest was read."]
    kind = "ods" if suffix == ".ods" else "xlsx" if data.startswith(ZIP_MAGIC) else "xls"
    return Lines(source, kind, [(n, [cell_text(c) for c in row]) for n, row in enumerate(rows, start=1)], notes)


def read_lines(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> Lines:
    source = PurePath(filename).name or "the file"
    suffix = PurePath(filename).suffix.lower()
    if not data.strip():
        raise refuse(source, "the file is empty")
    if suffix in SPREADSHEET_SUFFIXES or data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return _workbook(data, source, suffix, limits)
    return _csv(data, source)


def is_blank(cells: list[str]) -> bool:
    return not any(cells)
