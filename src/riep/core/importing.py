"""The one way the platform imports a file: read, check every row, then write all or nothing.

How to write an importer (the council register, gains, care placements and the spend files all do this):

1. Give the public entry `(data: bytes, filename: str, ...)` plus its own options, returning an `ImportSummary`
   (or a subclass with the capability's own totals) and raising only `ImportRefused`. Adapters read the bytes:
   the CLI from its path, pages and jobs from the upload.
2. Write `check(sheet, problems, progress) -> plan`: look at every `sheet.rows` row, call
   `problems.cell(row, key, message)` for each thing wrong (never stop at the first), and return what to write.
   Keep it free of writes; a pure `check` can also serve a command that only reads the file.
3. Write `write(plan, summary, problems, progress)`: save the plan, counting each thing `added`, `changed` or
   `unchanged` on the summary. Compare with what is stored and save only real changes, so re-importing a file
   whose rows are unchanged writes no new history (natural-key idempotency). A row refused while writing (a
   locked return) goes into `problems` too.
4. Call `import_file(data, filename, kind=..., scope=..., check=check, write=write, required=..., ...)`. It reads
   the CSV or XLSX (`read_sheet`), refuses the file if `check` found any problem, writes in one
   `transaction.atomic()` (any problem or error while writing rolls everything back) and records the file's
   SHA-256 for its kind and scope, so importing the same bytes again says when they were first imported.

Large files (a council's care placements: 150,000 rows) pass `in_batches=True`. Their `write` then commits
through `write_in_batches`, WRITE_BATCH rows per short transaction, so every other writer (a sign-in, an API
PATCH, another import being queued) waits for one batch, never for the whole file: SQLite has one write lock.
Such a `write` must refuse nothing (everything that can refuse a row belongs in `check`) and must compare with
what is stored batch by batch, so that a write stopped midway (the worker killed) is finished by the job's
re-run, the rows already written counting as unchanged. The file's hash is recorded once the last batch is in.

`scope` is whatever else decides the outcome besides the bytes (the council and rate card of a placements file,
the user whose permissions apply). `skip_if_seen=True` skips the same bytes in the same scope without reading
them: only for files whose rows nobody edits after import (spend lines), since a skipped file cannot put back a
row changed or deleted since.

Rows are numbered as a spreadsheet shows them (the header is usually row 1); `field` is the column header as
written in the file; row 0 means the file as a whole.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import re
import time
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Callable, Iterable, Sequence

from django.db import connection, transaction

from riep.core.errors import UserError

Progress = Callable[[int, int, str], None]  # (done, total, what is happening)
SHOWN_IN_MESSAGE = 10  # problems listed in the refusal's message; `problems` keeps them all
VALUE_LENGTH = 40
PROGRESS_EVERY = 500
WRITE_BATCH = 50  # rows per short transaction for `in_batches` imports: a fraction of a second of write lock
PAUSE_ON_SQLITE = True  # see write_in_batches
MB = 1024 * 1024
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
DELIMITERS = ",;\t|"
ZIP_MAGIC = b"PK\x03\x04"  # every .xlsx file is a zip archive


@dataclass(frozen=True)
class Limits:
    """How much one import accepts, checked before the file is parsed, so a hostile file costs a second, not the
    worker. Each importer passes its own (README, "Imports"); the defaults fit a year of a council's rows."""

    max_bytes: int = 50 * MB  # the file as uploaded
    max_uncompressed: int = 250 * MB  # an .xlsx is a zip archive: its parts once unzipped
    max_rows: int = 250_000  # rows below the header
    max_ratio: int = 100  # unzipped ÷ zipped: real workbooks are well under 30, zip bombs in the thousands

    def describe(self) -> str:
        return (f"files up to {self.max_bytes // MB:,} MB ({self.max_uncompressed // MB:,} MB once unzipped) "
                f"and {self.max_rows:,} rows")


DEFAULT_LIMITS = Limits()


def _ignore(done: int, total: int, message: str = "") -> None:
    pass


def shorten(value: Any, limit: int = VALUE_LENGTH) -> str:
    text = cell_text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cell_text(value: Any) -> str:
    """A cell as text: spreadsheet numbers in their shortest decimal form (never float arithmetic), dates ISO."""
    if type(value) is str:  # every CSV cell: the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True, slots=True)
class Problem:
    row: int  # as the spreadsheet shows it; 0 = the file as a whole
    field: str  # the column header as written in the file; "" = the whole row
    value: str  # what was there, shortened
    message: str  # what is wrong, in a sentence the person can act on

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"Row {self.row}" if self.row else "", self.field) if p)
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class ImportRefused(UserError):
    """Nothing was imported: every problem found in the file, in row order."""

    def __init__(self, problems: Iterable[Problem], source: str = "the file"):
        self.problems = tuple(sorted(problems, key=lambda p: p.row))
        self.source = source
        lines = [f"Nothing was imported: {_plural(len(self.problems), 'problem')} in {source}."]
        lines += [f"{p}".rstrip(".") + "." for p in self.problems[:SHOWN_IN_MESSAGE]]
        if len(self.problems) > SHOWN_IN_MESSAGE:
            lines.append(f"… and {len(self.problems) - SHOWN_IN_MESSAGE:,} more.")
        super().__init__("\n".join(lines))

    @property
    def rows_refused(self) -> int:
        return len({p.row for p in self.problems if p.row})


class Problems:
    """Collects every problem of a file; `refuse_if_any()` raises them all together."""

    def __init__(self, source: str):
        self.source = source
        self._found: list[Problem] = []

    def add(self, row: int, field: str, value: Any, message: str) -> None:
        self._found.append(Problem(row, field, shorten(value), message))

    def cell(self, row: "Row", key: str, message: str, value: Any = None) -> None:
        """A problem with one cell: its column header and value come from the row."""
        self.add(row.number, row.header(key), row.get(key) if value is None else value, message)

    def refuse_if_any(self) -> None:
        if self._found:
            raise ImportRefused(self._found, self.source)

    def __len__(self) -> int:
        return len(self._found)

    def __iter__(self):
        return iter(self._found)


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    cells: list  # as read: text from CSV; text, number or date from XLSX
    positions: dict  # key -> index of its cell (shared by every row, so a row costs only its list)
    columns: dict  # key -> header as written in the file (shared by every row)

    def get(self, key: str) -> Any:
        i = self.positions.get(key)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def text(self, key: str) -> str:
        return cell_text(self.get(key))

    def header(self, key: str) -> str:
        return self.columns.get(key, key)

    @property
    def values(self) -> dict:
        return {key: self.get(key) for key in self.positions}


@dataclass
class Sheet:
    source: str
    header_row: int
    columns: dict  # key -> header as written, in file order
    rows: list[Row]


def default_key(header: str) -> str:
    return header.strip().lower()


# --- reading -----------------------------------------------------------------------------------------------------


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _refuse(source: str, message: str, row: int = 0, field: str = "", value: Any = "") -> ImportRefused:
    return ImportRefused([Problem(row, field, shorten(value), message)], source)


DOUBLE_BOM = "\u00ef\u00bb\u00bf"  # a UTF-8 byte-order mark read as Windows-1252 and saved again as UTF-8


def decode_text(data: bytes, source: str) -> tuple[str, str, list[str]]:
    """(text, encoding, notes) of a text file: UTF-16 by its mark, else UTF-8, else Windows-1252 — each strictly, so
    a byte that is none of them refuses the file rather than becoming "�". Byte-order marks are removed, however
    many there are and even when encoded twice (``ï»¿``, as a file opened as Windows-1252 and saved as UTF-8 has)."""
    notes: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16 with its mark, tab-separated
        try:
            return data.decode("utf-16"), "utf-16", notes
        except UnicodeDecodeError:
            raise _refuse(source, "the file starts as UTF-16 text but is not: save it as ‘CSV UTF-8’") from None
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        try:  # Excel on Windows saves "CSV" as Windows-1252 (a superset of Latin-1's printable characters)
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as error:
            raise _refuse(source, f"this file is not text we can read: byte {error.start + 1:,} is neither UTF-8 "
                                  "nor Windows-1252. Save it from your spreadsheet as ‘CSV UTF-8’") from None
        notes.append("The file is not UTF-8; it was read as Windows-1252.")
    text = text.lstrip("\ufeff")  # some exports write the byte-order mark twice
    if text.startswith(DOUBLE_BOM):
        while text.startswith(DOUBLE_BOM):
            text = text[len(DOUBLE_BOM):].lstrip("\ufeff")
        notes.append("The file starts with a byte-order mark encoded twice (ï»¿); it was removed.")
    return text, encoding, notes


def _decode(data: bytes, source: str) -> str:
    return decode_text(data, source)[0]


def _delimiter(text: str) -> str:
    """Comma unless the first line that is not a comment clearly uses ; or tab or | (European Excel, TSV)."""
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            counts = {d: line.count(d) for d in DELIMITERS}
            best = max(counts, key=counts.get)
            return best if counts[best] > counts[","] else ","
    return ","


def _too_many_rows(source: str, limits: Limits) -> ImportRefused:
    return _refuse(source, f"this file has more than {limits.max_rows:,} rows, the most this import takes at once: "
                           "split it into smaller files")


def _csv_lines(data: bytes, source: str, limits: Limits) -> list[tuple[int, list]]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE container of .xls workbooks and password-protected files
        raise _refuse(source, "this file is not a spreadsheet we can read: it is an old .xls workbook or is "
                              "password-protected. Save it as .xlsx or ‘CSV UTF-8’ without a password")
    text = _decode(data, source)
    if "\x00" in text:
        raise _refuse(source, "the file contains binary data, not text: is it a spreadsheet saved with a .csv name?")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    lines = []
    most = limits.max_rows + 50  # the header, and blank or comment lines above it
    try:
        start = 1
        for cells in reader:
            lines.append((start, cells))
            if len(lines) > most:
                raise _too_many_rows(source, limits)
            start = reader.line_num + 1  # a quoted cell may span lines; number rows by where they start
    except csv.Error as error:
        raise _refuse(source, f"the file is not valid CSV near line {reader.line_num}: {error}") from None
    return lines


def check_archive(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuses a workbook (XLSX, ODS: zip archives) whose parts would unzip past the limits, from the archive's
    directory alone; importers with their own reader (`import_file(read=...)`) call it before reading.

    Python's zipfile never yields more than a part's declared size, so the declared sizes bound the work."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(source, "this file is not a spreadsheet we can read: it is damaged or not an .xlsx "
                              "workbook. Open it in your spreadsheet and save it again as .xlsx or ‘CSV UTF-8’") from None
    if unzipped > limits.max_uncompressed or (unzipped > 10 * MB and unzipped > limits.max_ratio * len(data)):
        raise _refuse(source, f"this file is not a spreadsheet we can read: it would unzip to {unzipped / MB:,.0f} MB "
                              f"(from {len(data) / MB:,.1f} MB), more than a workbook of "
                              f"{limits.max_rows:,} rows needs. Check the file, or save it as ‘CSV UTF-8’")


def _xlsx_lines(data: bytes, source: str, sheet_name: str | None, limits: Limits) -> list[tuple[int, list]]:
    import openpyxl  # noqa: PLC0415 -- only spreadsheets need it, and it takes a while to import

    check_archive(data, source, limits)
    most = limits.max_rows + 50
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book[sheet_name] if sheet_name and sheet_name in book.sheetnames else book.worksheets[0]
            lines = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > most:
                    raise _too_many_rows(source, limits)
                lines.append((number, list(values)))
            return lines
        finally:
            book.close()
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises many types (zip, XML entities, key errors) for a damaged or mislabelled file
        raise _refuse(source, "this file is not a spreadsheet we can read: it is damaged or not an .xlsx workbook. "
                              "Open it in your spreadsheet and save it again as .xlsx or ‘CSV UTF-8’") from None


def check_size(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> None:
    if len(data) > limits.max_bytes:
        source = PurePath(filename).name or "the file"
        raise _refuse(source, f"this file is {len(data) / MB:,.1f} MB; this import takes files up to "
                              f"{limits.max_bytes // MB:,} MB. Split it into smaller files")


def read_lines(data: bytes, filename: str, sheet: str | None = None,
               limits: Limits = DEFAULT_LIMITS) -> list[tuple[int, list]]:
    """(row number as a spreadsheet shows it, cells) for every line of a CSV or XLSX file, within `limits`."""
    source = PurePath(filename).name or "the file"
    suffix = PurePath(filename).suffix.lower()
    check_size(data, filename, limits)
    if suffix in SPREADSHEET_SUFFIXES or (suffix in TEXT_SUFFIXES + ("",) and data.startswith(ZIP_MAGIC)):
        return _xlsx_lines(data, source, sheet, limits)  # (a workbook renamed .csv is still read as the workbook it is)
    if suffix in TEXT_SUFFIXES or not suffix:
        return _csv_lines(data, source, limits)
    raise _refuse(source, f"‘{source}’ is not a CSV or XLSX file (its name ends {suffix})")


def read_sheet(data: bytes, filename: str, *, required: Sequence[str] = (), key: Callable[[str], str] = default_key,
               sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """The header and the numbered rows below it. Blank rows and `#` comment lines above the header are skipped.

    Refuses an empty file, a header without the `required` columns (naming them and the columns found), a column
    given twice, and a file with no rows below its header.
    """
    source = PurePath(filename).name or "the file"
    lines = [(n, cells) for n, cells in read_lines(data, filename, sheet, limits) if any(cell_text(c) for c in cells)]
    while lines and cell_text(lines[0][1][0]).startswith("#"):
        lines.pop(0)
    if not lines:
        raise _refuse(source, "the file is empty: expected a header row with the column names, and rows below it")
    header_row, header = lines[0]
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    problems = Problems(source)
    for position, cell in enumerate(header):
        written = cell_text(cell)
        if not written:
            continue
        name = key(written)
        if name in columns:
            problems.add(header_row, written, written, f"the column ‘{written}’ appears more than once")
        columns.setdefault(name, written)
        positions.setdefault(name, position)
    found = ", ".join(f"‘{c}’" for c in columns.values()) or "none"
    for name in [n for n in required if n not in columns]:
        said = f"the required column ‘{name}’ is missing"
        problems.add(header_row, name, "", said if len(problems) else f"{said} (the columns found are {found})")
    problems.refuse_if_any()
    rows = [Row(n, cells, positions, columns) for n, cells in lines[1:]]
    if len(rows) > limits.max_rows:  # (the readers stop a little past the limit; this is the exact count)
        raise _too_many_rows(source, limits)
    if not rows:
        raise _refuse(source, "there are no rows below the header", row=header_row)
    return Sheet(source, header_row, columns, rows)


# --- the summary ---------------------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    source: str
    content_hash: str
    rows: int = 0  # rows read below the header
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: int = 0  # rows not imported (an all-or-nothing import refuses the whole file instead)
    things: str = "rows"  # what added/changed/unchanged count: "councils", "gains", "placements"
    first_imported_at: dt.datetime | None = None  # when these same bytes were first imported, in this scope

    def __str__(self) -> str:
        text = (f"{self.source}: {_plural(self.rows, 'row')} read; {self.added:,} {self.things} added, "
                f"{self.changed:,} changed, {self.unchanged:,} unchanged")
        if self.refused:
            text += f", {_plural(self.refused, 'row')} refused"
        if self.first_imported_at is not None and not (self.added or self.changed):
            text += f" (the same file was first imported on {self.first_imported_at:%-d %b %Y at %H:%M})"
        return text + "."

    def as_dict(self) -> dict:
        """Ready for JSON (a job's result, the API): money as text, times in ISO form, and the summary sentence."""
        values = {name: _plain(value) for name, value in dataclasses.asdict(self).items()}
        values["summary"] = str(self)
        return values


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


# --- the whole import ------------------------------------------------------------------------------------------------


def _phase(progress: Progress, offset: int, size: int, total: int) -> Progress:
    """Maps one phase's own (done, of) onto its share of the whole import."""

    def report(done: int, of: int, message: str = "") -> None:
        progress(offset + (round(size * done / of) if of else size), total, message)

    return report


def import_file(data: bytes, filename: str, *, kind: str, check: Callable, write: Callable, scope: str = "",
                required: Sequence[str] = (), key: Callable[[str], str] = default_key, sheet: str | None = None,
                progress: Progress | None = None, summary: Callable[..., ImportSummary] = ImportSummary,
                things: str = "rows", skip_if_seen: bool = False, limits: Limits = DEFAULT_LIMITS,
                read: Callable[[bytes, str], Sheet] | None = None, in_batches: bool = False) -> ImportSummary:
    """Reads, checks every row, then writes all or nothing (see the module's notes). Raises only ImportRefused.

    `read(data, filename) -> Sheet` replaces `read_sheet` for files whose header is not the first line (the spend
    files' preambles, encodings and spreadsheet formats); it raises ImportRefused like `read_sheet`. The file's
    size is checked against `limits` before either reads it. `in_batches`: see the module's notes."""
    # Imported here, not at the top: reading and checking a file (`riep care price`) needs no Django set-up.
    from riep.core.imported_files.models import ImportedFile  # noqa: PLC0415

    progress = progress or _ignore
    source = PurePath(filename).name or "the file"
    check_size(data, filename, limits)  # before hashing or reading: an oversized file costs nothing
    digest = content_hash(data)
    seen = ImportedFile.objects.filter(kind=kind, scope=scope, content_hash=digest).first()
    if seen is not None and skip_if_seen:
        done = summary(source=source, content_hash=digest, rows=seen.rows, unchanged=seen.rows, things=things,
                       first_imported_at=seen.imported_at)
        progress(1, 1, "Already imported")
        return done
    progress(0, 1, f"Reading {source}")
    table = (read(data, filename) if read
             else read_sheet(data, filename, required=required, key=key, sheet=sheet, limits=limits))
    total = len(table.rows) * 2
    problems = Problems(source)
    plan = check(table, problems, _phase(progress, 0, len(table.rows), total))
    problems.refuse_if_any()
    result = summary(source=source, content_hash=digest, rows=len(table.rows), things=things,
                     first_imported_at=seen.imported_at if seen else None)
    writing = _phase(progress, len(table.rows), len(table.rows), total)
    if in_batches:
        write(plan, result, problems, writing)
        if len(problems):  # a programming error, not the user's: such a write may refuse nothing
            raise RuntimeError(f"{kind}: an import written in batches refused rows while writing")
    with transaction.atomic():
        if not in_batches:
            write(plan, result, problems, writing)
            problems.refuse_if_any()  # raised inside the transaction, so a row refused while writing undoes the rest
        if seen is None:  # get_or_create: the same file imported twice at once is recorded once
            ImportedFile.objects.get_or_create(kind=kind, scope=scope, content_hash=digest,
                                               defaults={"file_name": source[:255], "rows": result.rows})
    progress(total, total, "Imported")
    return result


def write_in_batches(items: Sequence, write_batch: Callable[[Sequence], None], progress: Progress,
                     message: str, size: int | None = None) -> None:
    """Calls `write_batch` on WRITE_BATCH items at a time, each call in its own short transaction."""
    count, size = len(items), size or WRITE_BATCH
    polite = PAUSE_ON_SQLITE and connection.vendor == "sqlite"
    for start in range(0, count, size):
        began = time.perf_counter()
        with transaction.atomic():
            write_batch(items[start:start + size])
        progress(min(start + size, count), count, message)
        if polite and start + size < count:
            # SQLite's busy handler polls (sleeping up to 100 ms between tries) rather than queueing, so a writer
            # waiting for the lock could miss every short gap between batches. Pausing half as long as the batch
            # took leaves the lock free a third of the time, so a waiting writer gets in within a few tries;
            # PostgreSQL locks rows, not the database, and needs no pause.
            time.sleep((time.perf_counter() - began) / 2)
    if not count:
        progress(0, 0, message)


def every(rows: Sequence, progress: Progress, message: str):
    """Yields the rows, reporting progress every PROGRESS_EVERY rows and at the end."""
    count = len(rows)
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            progress(done, count, message)
    progress(count, count, message)


_SPACES = re.compile(r"\s+")


def scope_of(**parts: Any) -> str:
    """A stable scope text from an importer's options, e.g. scope_of(council="E10000016", rate_card="x")."""
    return ";".join(f"{name}={_SPACES.sub(' ', str(value))}" for name, value in sorted(parts.items()))
