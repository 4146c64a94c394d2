"""Tables shown on pages and downloadable as CSV and XLSX from the same definition.

A view builds `Table`s; the page template renders them with `{% govuk_table table %}`, and the same
view answers `?download=<table name>&format=csv|xlsx` with `download_response`.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Sequence

from django.http import Http404, HttpResponse

from riep.core.fy import FinancialYear
from riep.core.money import format_money

MONEY, NUMBER, TEXT, YEAR, DATE, PERCENT = "money", "number", "text", "year", "date", "percent"


@dataclass
class Column:
    key: str
    label: str
    kind: str = TEXT
    link_key: str | None = None  # row key holding a URL for this cell on the page


@dataclass
class Table:
    name: str
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    footer: dict[str, Any] | None = None  # a totals row
    note: str = ""

    def cell_text(self, column: Column, value: Any) -> str:
        if value is None or value == "":
            return "–" if column.kind in (MONEY, NUMBER, PERCENT) else ""
        if column.kind == MONEY:
            return format_money(Decimal(value))
        if column.kind == NUMBER:
            return f"{value:,}" if isinstance(value, int) else str(value)
        if column.kind == PERCENT:
            return f"{Decimal(value):.1f}%"
        return str(value)

    def all_rows(self) -> list[dict[str, Any]]:
        return self.rows + ([self.footer] if self.footer else [])


def _plain(value: Any) -> Any:
    if isinstance(value, FinancialYear):
        return value.label
    return value


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.label for c in table.columns])
    for row in table.all_rows():
        writer.writerow(["" if row.get(c.key) is None else _plain(row.get(c.key)) for c in table.columns])
    return buffer.getvalue()


def table_xlsx(tables: Sequence[Table]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "£#,##0.00"})
    money_bold = book.add_format({"num_format": "£#,##0.00", "bold": True})
    used_names: set[str] = set()
    for table in tables:
        sheet_name = _sheet_name(table.caption or table.name, used_names)
        sheet = book.add_worksheet(sheet_name)
        sheet.write_row(0, 0, [c.label for c in table.columns], bold)
        for r, row in enumerate(table.all_rows(), start=1):
            is_footer = table.footer is row
            for c, column in enumerate(table.columns):
                value = _plain(row.get(column.key))
                if value is None:
                    continue
                if column.kind in (MONEY, NUMBER, PERCENT) and isinstance(value, (int, Decimal)):
                    fmt = (money_bold if is_footer else money) if column.kind == MONEY else (bold if is_footer else None)
                    sheet.write_number(r, c, float(value), fmt)  # Excel stores doubles; pence survive to £10bn
                else:
                    sheet.write_string(r, c, str(value), bold if is_footer else None)
        sheet.set_column(0, len(table.columns) - 1, 18)
        if table.note:
            sheet.write_string(len(table.all_rows()) + 2, 0, table.note)
    book.close()
    return buffer.getvalue()


def _sheet_name(caption: str, used: set[str]) -> str:
    base = "".join(ch for ch in caption if ch not in "[]:*?/\\")[:28] or "Table"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def download_response(request, tables: Sequence[Table], filename: str) -> HttpResponse | None:
    """Answers ?download=NAME&format=csv|xlsx for one of the page's tables, or returns None."""
    wanted = request.GET.get("download")
    if not wanted:
        return None
    table = next((t for t in tables if t.name == wanted), None)
    if table is None:
        raise Http404("No such table on this page")
    fmt = request.GET.get("format", "csv")
    if fmt == "xlsx":
        response = HttpResponse(
            table_xlsx([table]), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}-{table.name}.xlsx"'
        return response
    if fmt != "csv":
        raise Http404("Downloads are CSV or XLSX")
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{table.name}.csv"'
    return response
