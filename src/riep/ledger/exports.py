"""The ledger's NI 179 downloads on the one export stack: rows built in `ledger.calc.export` (pure), written by
`riep.core.tables` (CSV with a BOM, streamed; XLSX in constant memory)."""
from __future__ import annotations

from riep.core.tables import PERCENTAGE, Column, Table, csv_response, xlsx_response
from riep.ledger.calc.export import SHARE, Rows


def as_table(rows: Rows, name: str) -> Table:
    """A core table from calc rows: each header is the column's key and label; a share is a percentage to 0.01%."""
    columns = [Column(header, header, PERCENTAGE if kind == SHARE else kind, decimals=2 if kind == SHARE else None)
               for header, kind in zip(rows.headers, rows.kinds)]
    return Table(name, rows.title, columns, rows.as_dicts())


def ni179_return_download(summary: Rows, itemised: Rows, fmt: str, name: str, items: bool = False):
    """A council's return as CSV (the summary, or with `items` the itemised gains) or as a two-sheet workbook."""
    summary_table, gains_table = as_table(summary, "summary"), as_table(itemised, "gains")
    if fmt == "csv":
        return csv_response(gains_table if items else summary_table, f"{name}-gains" if items else name)
    return xlsx_response([summary_table, gains_table], name)
