"""NI 179 return rows per council and per partnership, and writers to CSV and XLSX.

Rows are plain tuples under a header, with a kind per column so writers can format them:
money cells stay numbers (Decimal in the rows, a £ number format in XLSX), never text.
"""
from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import IO, Any

import xlsxwriter

from riep.core.fy import FinancialYear
from riep.core.money import to_money

from .csr07 import Csr07Parameters, target_for
from .gains import ZERO, Gain
from .ni179 import Basis, Ni179Result, ni179

MONEY, TEXT, INTEGER, PERCENT, SHARE = "money", "text", "integer", "percent", "share"


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table: headers, a kind per column (money, text, integer, percent, share) and rows."""

    title: str
    headers: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.headers, row)) for row in self.rows]


def _percent_of(value: Decimal, target: Decimal | None) -> Decimal | None:
    if not target:
        return None
    return (value / target * 100).quantize(Decimal("0.1"))


def _share(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.000001")).normalize()


def _runs(gains: list[Gain], outturn_year, forecast_years, councils) -> list[Ni179Result]:
    runs = [ni179(gains, outturn_year, Basis.OUTTURN, councils)]
    runs += [ni179(gains, y, Basis.FORECAST, councils) for y in forecast_years]
    return runs


def _councils(gains: list[Gain], baselines: Mapping | None, councils: Iterable[str] | None) -> list[str]:
    if councils is not None:
        return list(councils)
    found = {code for g in gains for code in g.councils()} | set(baselines or {})
    return sorted(found)


COUNCIL_HEADERS = (
    "Council", "Financial year", "Basis", "NI 179 net value of gains (£)", "Gains counted", "Of which provisional",
    "Gains excluded", "2007-08 baseline (£)", "CSR07 cumulative target (£)", "% of target achieved",
)
COUNCIL_KINDS = (TEXT, TEXT, TEXT, MONEY, INTEGER, INTEGER, INTEGER, MONEY, MONEY, PERCENT)


def council_return_rows(
    gains: Iterable[Gain],
    outturn_year: "FinancialYear | str",
    forecast_years: Iterable["FinancialYear | str"] = (),
    baselines: Mapping[str, Decimal] | None = None,
    councils: Iterable[str] | None = None,
    params: Csr07Parameters | None = None,
) -> Table:
    """One row per council and year: the outturn year, then each forecast year (the July return to CLG)."""
    gains = list(gains)
    codes = _councils(gains, baselines, councils)
    rows = []
    for run in _runs(gains, outturn_year, list(forecast_years), codes):
        for code in codes:
            part = run.for_council(code)
            baseline = to_money(baselines[code]) if baselines and code in baselines else None
            target = target_for(baseline, run.year, params) if baseline is not None else None
            included = part.included()
            rows.append((
                code, run.year.label, run.basis.value, part.total, len(included),
                sum(1 for line in included if line.provisional), len(part.excluded()),
                baseline, target, _percent_of(part.total, target),
            ))
    return Table("NI 179 by council", COUNCIL_HEADERS, COUNCIL_KINDS, tuple(rows))


PARTNERSHIP_HEADERS = (
    "Partnership", "Financial year", "Basis", "NI 179 net value of gains (£)", "Councils", "Gains counted",
    "Of which provisional", "2007-08 baseline (£)", "CSR07 cumulative target (£)", "% of target achieved",
)
PARTNERSHIP_KINDS = (TEXT, TEXT, TEXT, MONEY, INTEGER, INTEGER, INTEGER, MONEY, MONEY, PERCENT)


def partnership_return_rows(
    gains: Iterable[Gain],
    outturn_year: "FinancialYear | str",
    forecast_years: Iterable["FinancialYear | str"] = (),
    partnership: str = "Partnership",
    baselines: Mapping[str, Decimal] | None = None,
    councils: Iterable[str] | None = None,
    params: Csr07Parameters | None = None,
) -> Table:
    """One row per year for the partnership: the sum over its councils; a shared gain is counted once."""
    gains = list(gains)
    codes = _councils(gains, baselines, councils)
    baseline = sum((to_money(baselines[c]) for c in codes if c in baselines), ZERO) if baselines else None
    rows = []
    for run in _runs(gains, outturn_year, list(forecast_years), codes):
        included = run.included()
        target = target_for(baseline, run.year, params) if baseline is not None else None
        rows.append((
            partnership, run.year.label, run.basis.value, run.total, len(codes),
            len({line.gain_id for line in included}), len({line.gain_id for line in included if line.provisional}),
            baseline, target, _percent_of(run.total, target),
        ))
    return Table("NI 179 by partnership", PARTNERSHIP_HEADERS, PARTNERSHIP_KINDS, tuple(rows))


GAIN_HEADERS = (
    "Gain", "Council", "Share", "Project", "Category", "Status", "Financial year", "Basis", "Counted",
    "Provisional", "Reason code", "Reason", "Gross saving (£)", "Investment (£)", "Ongoing costs (£)",
    "Staff costs incurred anyway, excluded (£)", "Net value (£)", "Counted for council (£)",
)
GAIN_KINDS = (TEXT, TEXT, SHARE, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT) + (MONEY,) * 6


def gain_rows(result: Ni179Result) -> Table:
    """The itemised NI 179 result: each gain's part per council, counted or excluded and why."""
    rows = tuple(
        (
            line.gain_id, line.council_code, _share(line.share), line.project_id or "", line.category.value,
            line.status.value, result.year.label, result.basis.value, "yes" if line.included else "no",
            "yes" if line.provisional else "no", line.reason.code.value, " ".join(r.text for r in line.reasons),
            line.gross_saving, line.investment, line.ongoing_costs, line.staff_costs_excluded, line.net_value,
            line.counted,
        )
        for line in result.lines
    )
    return Table(f"NI 179 gains {result.year.label}", GAIN_HEADERS, GAIN_KINDS, rows)


# --- writers -------------------------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, FinancialYear):
        return value.label
    return value  # Decimal writes as plain digits, e.g. 1234.50


def write_csv(table: Table, target: "str | os.PathLike | IO") -> None:
    """Writes the table as UTF-8 CSV to a path, a text stream or a binary stream."""
    def write(stream: IO[str]) -> None:
        writer = csv.writer(stream)
        writer.writerow(table.headers)
        writer.writerows([_csv_cell(c) for c in row] for row in table.rows)

    if isinstance(target, (str, os.PathLike)):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            write(stream)
    elif isinstance(target, io.TextIOBase):
        write(target)
    else:
        text = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
        write(text)
        text.flush()
        text.detach()  # leave the caller's binary stream open


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _write_workbook(workbook, tables: Sequence[Table]) -> None:
    formats = {
        MONEY: workbook.add_format({"num_format": "£#,##0.00;-£#,##0.00"}),
        PERCENT: workbook.add_format({"num_format": "0.0%"}),
        SHARE: workbook.add_format({"num_format": "0.00%"}),
        INTEGER: workbook.add_format({"num_format": "0"}),
    }
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    used: set[str] = set()
    for table in tables:
        sheet = workbook.add_worksheet(_sheet_name(table.title, used))
        sheet.write_row(0, 0, table.headers, bold)
        for col, kind in enumerate(table.kinds):
            sheet.set_column(col, col, 18 if kind != TEXT else 16)
        for r, row in enumerate(table.rows, start=1):
            for c, (value, kind) in enumerate(zip(row, table.kinds)):
                if value is None or value == "":
                    continue
                if kind in (MONEY, PERCENT, SHARE, INTEGER):
                    number = Decimal(value)
                    if kind == PERCENT:
                        number /= 100  # rows hold 105.3 (%); the cell holds 1.053 shown as 105.3%
                    # XLSX stores numbers as binary doubles: float() here is the file format's limit, not ours.
                    sheet.write_number(r, c, float(number), formats[kind])
                else:
                    sheet.write_string(r, c, str(value))
        sheet.freeze_panes(1, 0)


def write_xlsx(tables: "Table | Sequence[Table]", target: "str | os.PathLike | IO[bytes]") -> None:
    """Writes one worksheet per table to a path or a binary stream (money as numbers with a £ format)."""
    tables = [tables] if isinstance(tables, Table) else list(tables)
    if isinstance(target, (str, os.PathLike)):
        workbook = xlsxwriter.Workbook(os.fspath(target))
        _write_workbook(workbook, tables)
        workbook.close()
        return
    buffer = io.BytesIO()  # built in memory so non-seekable streams (HTTP responses) work too
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    _write_workbook(workbook, tables)
    workbook.close()
    target.write(buffer.getvalue())
