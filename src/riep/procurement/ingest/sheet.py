"""A spend file as a `riep.core.importing.Sheet` keyed by the canonical fields: the header found below any
preamble, the mapping (a person's choice, the council's remembered one, or the proposal), Lambeth's fused
date-and-amount cells split back into two, and what the preamble says about the threshold and VAT."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from riep.core.importing import Problem, Row, Sheet
from riep.procurement.ingest.columns import FIELDS, SAMPLE, Proposal, find_header, header_signature, propose
from riep.procurement.ingest.reading import Lines, is_blank, read_lines, refuse

FUSED_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")
FUSED_CELL = re.compile(r"^(.*?)(\d{2}/\d{2}/\d{4})(-?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?)?$")
_THRESHOLD = re.compile(r"threshold[^0-9£]{0,40}£?\s*([\d,]+(?:\.\d+)?)", re.IGNORECASE)
_NET = re.compile(r"\b(net|nett|excl|excluding|excludes|ex vat|net of vat)\b", re.IGNORECASE)
_GROSS = re.compile(r"\b(gross|incl|including|includes|inc vat)\b", re.IGNORECASE)


@dataclass
class SpendSheet(Sheet):
    encoding: str = ""
    proposal: Proposal | None = None
    signature: str = ""
    notes: list[str] = field(default_factory=list)
    threshold: Decimal | None = None
    threshold_source: str = ""
    vat_basis: str = "not_stated"
    vat_basis_source: str = ""


def header_and_body(data: bytes, filename: str) -> tuple[Lines, int, list[str], list, list]:
    """(lines, header row number, headers, preamble lines, body lines) — blank lines dropped."""
    lines = read_lines(data, filename)
    filled = [(n, cells) for n, cells in lines.lines if not is_blank(cells)]
    index = find_header(filled)
    if index is None:
        raise refuse(lines.source, "no header row was found: none of the first lines names at least two of the "
                                   "columns a spend file has (payment date, amount, supplier name, …)")
    header_row, headers = filled[index]
    body = filled[index + 1:]
    if not body:
        raise refuse(lines.source, "there are no rows below the header", row=header_row)
    return lines, header_row, headers, filled[:index], body


def _split_fused_cell(cell: str) -> list[str] | None:
    """`25/06/2012900` -> date, amount; `Catch2212/06/2012` -> name, date; `Academy2129/05/2012740` -> all three."""
    match = FUSED_CELL.match(cell)
    if not match or not (match.group(1) or match.group(3)):
        return None
    return [part for part in match.groups() if part]


def _repair_fused(headers: list[str], body: list, proposal: Proposal, notes: list[str]) -> list:
    """A row shorter than the header whose cells have a date fused to its neighbours (Lambeth's export drops the
    comma around unquoted values: `25/06/2012900`, `Catch2212/06/2012`) gets its cells back, if that makes the row
    exactly as long as the header and puts a date in the date column."""
    date = proposal.mapping.get("payment_date")
    width = len(headers) - (1 if headers and not headers[-1] else 0)
    if date is None:
        return body
    repaired, count = [], 0
    for number, cells in body:
        if len(cells) < width:
            split: list[str] = []
            for cell in cells:
                split.extend(_split_fused_cell(cell) or [cell])
            if len(split) in (width, len(headers)) and date < len(split) and FUSED_DATE.fullmatch(split[date]):
                cells, count = split, count + 1
        repaired.append((number, cells))
    if count:
        notes.append(f"{count:,} rows had a date fused with the cell beside it (e.g. ‘25/06/2012900’ for the date "
                     "25/06/2012 and the amount 900, or ‘Catch2212/06/2012’ for the supplier Catch22 and the "
                     "date); each was split back into its cells.")
    return repaired


def _threshold(preamble: list) -> tuple[Decimal | None, str]:
    for number, cells in preamble:
        match = _THRESHOLD.search(" ".join(cells).replace("\u2020", " "))
        if match:
            return Decimal(match.group(1).replace(",", "")), f"stated in the file's preamble (row {number})"
    return None, ""


def _vat_basis(amount_header: str, preamble: list) -> tuple[str, str]:
    if _NET.search(amount_header):
        return "net", f"the amount column is headed ‘{amount_header}’"
    if _GROSS.search(amount_header):
        return "gross", f"the amount column is headed ‘{amount_header}’"
    for number, cells in preamble:
        text = " ".join(cells)
        if _NET.search(text):
            return "net", f"the preamble says so (row {number})"
    return "not_stated", ""


def read_spend_sheet(data: bytes, filename: str, chosen: dict | None = None) -> SpendSheet:
    """The file as a Sheet keyed by canonical fields (only the mapped ones). Unsure mappings are not refused here:
    the importer decides whether the proposal needs a person's confirmation first."""
    lines, header_row, headers, preamble, body = header_and_body(data, filename)
    notes = list(lines.notes)
    if preamble:
        notes.append(f"The header is on row {header_row}; the {len(preamble)} line(s) above it were read as a preamble.")
    first_look = propose(headers, [cells for _, cells in body[:SAMPLE]], chosen)
    body = _repair_fused(headers, body, first_look, notes)
    proposal = propose(headers, [cells for _, cells in body[:SAMPLE]], chosen)  # judged on the repaired rows
    positions = {name: index for name, index in proposal.mapping.items() if index is not None}
    columns = {name: (headers[index] or f"column {index + 1}") for name, index in positions.items()}
    threshold, threshold_source = _threshold(preamble)
    amount_header = columns.get("amount", "")
    vat_basis, vat_basis_source = _vat_basis(amount_header, preamble)
    rows = [Row(number, cells, positions, columns) for number, cells in body]
    return SpendSheet(lines.source, header_row, columns, rows, encoding=lines.encoding, proposal=proposal,
                      signature=header_signature(headers), notes=notes, threshold=threshold,
                      threshold_source=threshold_source, vat_basis=vat_basis, vat_basis_source=vat_basis_source)


def unsure_problems(sheet: SpendSheet) -> list[Problem]:
    """The proposal's doubts as problems on the header row, for a refusal that asks for a confirmed mapping."""
    said = [Problem(sheet.header_row, "", "", message) for message in sheet.proposal.unsure]
    fields = ", ".join(f"{name}" for name in FIELDS)
    said.append(Problem(sheet.header_row, "", "", "Confirm the columns on the upload page, or give them with "
                                                  f"--map FIELD=COLUMN (FIELD one of {fields})."))
    return said
