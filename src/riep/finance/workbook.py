"""Reading a revenue-return workbook's data sheet: find the header rows and the columns, then the councils' rows.

The publisher's layout drifts from year to year (RS 2017-18 gained a column at line 885 and renumbered nothing,
RS 2016-17 added line 767, the RA budget numbers its lines differently), so nothing here relies on a position:

* the header row is the row whose cells include "E-code"; the identity columns (E-code, ONS code, local authority,
  class) are found by their labels in it;
* the CIPFA line numbers are the row above the header with the most whole numbers under data columns;
* a column's key is its family, its line number and, for the balances published twice (reserves "at 1 April" and
  "at 31 March" share line 911-916), the date its label names: "RS-805", "RS-916-1apr", "RS-916-31mar". The same
  key means the same line in any year of the family, whatever the column's position.

Values are £ thousand, read as Decimal from the cell exactly (a float cell through its shortest text, never float
arithmetic). "..." and "…" (not available) and blank cells are absent. This module does no I/O and imports no Django.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

FAMILIES = {"RS": re.compile(r"\(RS\)|revenue outturn summary", re.I), "RA": re.compile(r"\(RA\)|revenue account budget", re.I)}
YEAR = re.compile(r"\b(20\d\d)-(\d\d)\b")
E_CODE = re.compile(r"^E\d{4}$")
ONS_CODE = re.compile(r"^E\d{8}$")
NOT_AVAILABLE = {"", "...", "…", "-", "x", "..", ":"}
HEADER_SEARCH_ROWS = 30
PLACES = Decimal("0.000000000001")  # twelve decimal places: every figure in the 2015-18 workbooks fits exactly

IDENTITY_LABELS = {
    "e_code": re.compile(r"^e-?\s?code$", re.I),
    "ons_code": re.compile(r"^ons\s*(gss\s*)?code$", re.I),
    "name": re.compile(r"^local\s+authority$", re.I),
    "authority_class": re.compile(r"^class$", re.I),
}
OPENING = re.compile(r"\bat\s+1(st)?\s+april\b", re.I)
CLOSING = re.compile(r"\bat\s+31(st)?\s+march\b", re.I)


def text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return str(cell).strip()


@dataclass(frozen=True)
class Column:
    key: str
    line_number: int
    label: str
    section: str
    position: int


@dataclass(frozen=True)
class CouncilRow:
    row_number: int
    e_code: str
    ons_code: str
    name: str
    authority_class: str
    imputed: bool
    values: dict  # key -> Decimal


@dataclass
class LayoutProblem:
    row: int
    field: str
    value: str
    message: str


@dataclass
class Layout:
    family: str
    year: str  # "2016-17"
    title: str
    vintage: str
    header_row: int
    identity: dict  # "e_code" -> position ...
    columns: list[Column]
    imputed_position: int | None = None
    problems: list[LayoutProblem] = field(default_factory=list)


def _family_and_year(lines) -> tuple[str, str, str, str]:
    """From the title lines above the header: family, year, title and vintage ("Revision", "Provisional")."""
    titles = [text(c) for _, cells in lines[:HEADER_SEARCH_ROWS] for c in cells[:3] if isinstance(c, str) and c.strip()]
    family = year = title = ""
    for line in titles:
        for name, pattern in FAMILIES.items():
            if not family and pattern.search(line):
                family, title = name, line
        found = YEAR.search(line)
        if found and not year and int(found.group(2)) == (int(found.group(1)) + 1) % 100:
            year = found.group(0)
    vintage = "; ".join(sorted({v for line in titles for v in ("Provisional", "Revision", "Final")
                                if v.lower() in line.lower()}))
    return family, year, title, vintage


def find_layout(lines: list[tuple[int, list]], filename: str = "") -> Layout:
    """The layout of a data sheet given its (row number, cells) lines; problems name what could not be found."""
    family, year, title, vintage = _family_and_year(lines)
    if not vintage and "prenov" in filename.lower():
        vintage = "Provisional (pre-November)"
    if not vintage and "revision" in filename.lower():
        vintage = "Revision"
    layout = Layout(family, year, title, vintage, 0, {}, [])
    if not family:
        layout.problems.append(LayoutProblem(1, "", title, "the title does not say which return this is: expected "
                                             "'Revenue Outturn Summary (RS)' or 'Revenue Account Budget (RA)'"))
    if not year:
        layout.problems.append(LayoutProblem(1, "", title, "the title does not name the financial year (e.g. 2016-17)"))
    index = next((i for i, (_, cells) in enumerate(lines[:HEADER_SEARCH_ROWS])
                  if any(IDENTITY_LABELS["e_code"].match(text(c)) for c in cells)), None)
    if index is None:
        layout.problems.append(LayoutProblem(0, "E-code", "", "no header row with an 'E-code' column in the first "
                                             f"{HEADER_SEARCH_ROWS} rows of the data sheet"))
        return layout
    layout.header_row, header = lines[index]
    for position, cell in enumerate(header):
        for name, pattern in IDENTITY_LABELS.items():
            if name not in layout.identity and pattern.match(text(cell)):
                layout.identity[name] = position
    for name in ("e_code", "name"):
        if name not in layout.identity:
            layout.problems.append(LayoutProblem(layout.header_row, name, "", f"the header has no {name} column"))
    after_name = layout.identity.get("name", -1) + 1
    if after_name < len(header) and not text(header[after_name]):
        layout.imputed_position = after_name  # RS 2017-18: "I in column D: figures were imputed"
    data_positions = [p for p, c in enumerate(header) if text(c) and p not in layout.identity.values()]
    numbers_row = _line_numbers_row(lines[:index], data_positions)
    if numbers_row is None:
        layout.problems.append(LayoutProblem(layout.header_row, "", "", "no row of CIPFA line numbers above the header"))
        return layout
    sections = _sections(lines[:index], numbers_row, data_positions)
    seen: dict[str, Column] = {}
    for position in data_positions:
        line = _whole(numbers_row[position] if position < len(numbers_row) else None)
        label = " ".join(text(header[position]).split())
        if line is None:
            continue  # a labelled column without a line number is a note, not a figure
        key = f"{family}-{line}"
        if OPENING.search(label):
            key += "-1apr"
        elif CLOSING.search(label):
            key += "-31mar"
        if key in seen:
            layout.problems.append(LayoutProblem(layout.header_row, label, str(line),
                                                 f"line {line} appears twice (also ‘{seen[key].label}’)"))
            continue
        seen[key] = Column(key, line, label, sections.get(position, ""), position)
    layout.columns = list(seen.values())
    return layout


def _whole(cell) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    written = text(cell)
    return int(written) if written.isdigit() else None


def _line_numbers_row(above: list[tuple[int, list]], positions: list[int]) -> list | None:
    best, best_count = None, 0
    for _, cells in above:
        wholes = [_whole(cells[p]) for p in positions if p < len(cells)]
        count = sum(1 for w in wholes if w is not None and w >= 100)  # CIPFA lines are three or four digits
        if count > best_count:
            best, best_count = cells, count
    return best if best_count >= max(1, len(positions) // 2) else None


def _sections(above, numbers_row, positions) -> dict[int, str]:
    """Section headings ("Reserves at 1 April 2016") carried right across the columns they head."""
    for _, cells in above:
        if cells is numbers_row:
            continue
        words = [text(cells[p]) if p < len(cells) else "" for p in positions]
        if sum(1 for w in words if w and not w.isdigit()) >= 3:
            found, current = {}, ""
            for p, w in zip(positions, words):
                current = w or current
                found[p] = current
            return found
    return {}


def read_rows(lines: list[tuple[int, list]], layout: Layout) -> tuple[list[CouncilRow], list[LayoutProblem]]:
    """Every authority row below the header (a row whose E-code cell is an E-code); totals and notes are skipped."""
    rows, problems, seen = [], [], {}
    e_at, ons_at = layout.identity["e_code"], layout.identity.get("ons_code")
    for number, cells in lines:
        if number <= layout.header_row:
            continue
        e_code = text(cells[e_at]) if e_at < len(cells) else ""
        if not E_CODE.match(e_code):
            if re.match(r"^E\d{1,6}$", e_code):
                problems.append(LayoutProblem(number, "E-code", e_code, "is not an E-code (E and four digits)"))
            continue
        if e_code in seen:
            problems.append(LayoutProblem(number, "E-code", e_code, f"appears twice (also row {seen[e_code]})"))
            continue
        seen[e_code] = number
        ons = text(cells[ons_at]) if ons_at is not None and ons_at < len(cells) else ""
        if ons and not ONS_CODE.match(ons):
            problems.append(LayoutProblem(number, "ONS Code", ons, "is not an ONS code (E and eight digits)"))
        values = {}
        for column in layout.columns:
            cell = cells[column.position] if column.position < len(cells) else None
            value, problem = _value(cell)
            if problem:
                problems.append(LayoutProblem(number, column.label[:60], text(cell), problem))
            elif value is not None:
                values[column.key] = value
        imputed = layout.imputed_position is not None and layout.imputed_position < len(cells) and \
            text(cells[layout.imputed_position]).upper() == "I"
        rows.append(CouncilRow(number, e_code, ons, text(cells[layout.identity["name"]]),
                               text(cells[layout.identity["authority_class"]]) if "authority_class" in layout.identity else "",
                               imputed, values))
    return rows, problems


def _value(cell) -> tuple[Decimal | None, str]:
    if isinstance(cell, bool):
        return None, "is not a number in £ thousand"
    if isinstance(cell, (int, float)):
        if isinstance(cell, float) and cell != cell:
            return None, "is not a number in £ thousand"
        value = Decimal(text(cell)) if isinstance(cell, float) else Decimal(cell)
    else:
        written = text(cell).replace(",", "")
        if written in NOT_AVAILABLE:
            return None, ""
        try:
            value = Decimal(written)
        except InvalidOperation:
            return None, "is not a number in £ thousand"
    if not value.is_finite() or abs(value) >= Decimal(10) ** 13:
        return None, "is not a number in £ thousand"
    return value.quantize(PLACES).normalize() if value.as_tuple().exponent < -12 else value, ""
