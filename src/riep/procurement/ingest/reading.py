"""Bytes to numbered lines: the encoding detected, then decoded strictly (never a replacement character); CSV in
any delimiter; XLSX, XLS and ODS through python-calamine; the header row found below any preamble."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from riep.core.importing import ImportRefused, Problem, cell_text, shorten

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
ZIP_MAGIC = b"PK\x03\x04"  # xlsx and ods are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
BOM = b"\xef\xbb\xbf"
DOUBLE_BOM = "\u00ef\u00bb\u00bf"  # a UTF-8 BOM read as Windows-1252 and saved again as UTF-8 (Manchester)
DELIMITERS = ",;\t|"
PREFERRED = ("cp1252", "iso8859_15", "latin_1")
HEADER_SEARCH = 60  # lines looked at for the header


@dataclass
class Lines:
    source: str
    encoding: str  # "utf-8", "cp1252", … or "xlsx"/"ods" for a workbook
    lines: list[tuple[int, list[str]]]  # (line number as a spreadsheet shows it, cells as text)
    notes: list[str] = field(default_factory=list)


def refuse(source: str, message: str, row: int = 0, column: str = "", value="") -> ImportRefused:
    return ImportRefused([Problem(row, column, shorten(value), message)], source)


def _detected(data: bytes, source: str, notes: list[str]) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # noqa: PLC0415 -- only files that are not UTF-8 need it
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        raise refuse(source, "the file's text encoding could not be recognised: save it as ‘CSV UTF-8’")
    # English councils' files that are not UTF-8 come from Excel on Windows: of the encodings the detector
    # finds plausible, Windows-1252 wins (on short English text it cannot tell it from cp1257 or mac_latin2).
    plausible = [e for m in matches for e in [m.encoding, *m.could_be_from_charset]]
    encoding = next((e for e in PREFERRED if e in plausible), matches[0].encoding)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise refuse(source, f"the file is not readable as {encoding} throughout: save it as ‘CSV UTF-8’") from None
    notes.append(f"The file is not UTF-8; it was read as {encoding}.")
    return text, encoding


def decode(data: bytes, source: str) -> tuple[str, str, list[str]]:
    """(text, encoding, notes). UTF-16 by its mark; UTF-8 if it decodes; otherwise the encoding charset-normalizer
    finds, decoded strictly, so a byte it cannot read refuses the file instead of becoming `�`."""
    notes: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", notes
        except UnicodeDecodeError:
            raise refuse(source, "the file starts as UTF-16 text but is not: save it as ‘CSV UTF-8’") from None
    stripped = data
    while stripped.startswith(BOM):
        stripped = stripped[len(BOM):]
    try:
        text, encoding = stripped.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _detected(stripped, source, notes)
    while text.startswith(DOUBLE_BOM):
        text = text[len(DOUBLE_BOM):]
        notes.append("The file starts with a byte-order mark encoded twice (ï»¿); it was removed.")
    return text.lstrip("\ufeff"), encoding, notes


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
    text, encoding, notes = decode(data, source)
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


def _workbook(data: bytes, source: str, suffix: str) -> Lines:
    from python_calamine import CalamineWorkbook  # noqa: PLC0415 -- only spreadsheets need the reader

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


def read_lines(data: bytes, filename: str) -> Lines:
    source = PurePath(filename).name or "the file"
    suffix = PurePath(filename).suffix.lower()
    if not data.strip():
        raise refuse(source, "the file is empty")
    if suffix in SPREADSHEET_SUFFIXES or data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return _workbook(data, source, suffix)
    return _csv(data, source)


def is_blank(cells: list[str]) -> bool:
    return not any(cells)
