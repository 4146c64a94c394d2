"""Download responses: a page's `?download=<table>&format=csv|xlsx`, streamed, with a readable file name."""
from __future__ import annotations

import re
from collections.abc import Sequence

from django.http import FileResponse, Http404, StreamingHttpResponse

from .csv import csv_chunks
from .definition import Table
from .xlsx import xlsx_file

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_name(page: str, table: str = "", extension: str = "") -> str:
    """`projects` + `projects` → projects; `value-report-EE-2008-09-to-2010-11` + `by-council` → ...-by-council.

    Words of the table's name already in the page's name are not repeated; anything but letters, digits, dots
    and hyphens becomes a hyphen, so the name is safe in a Content-Disposition header and on any disk.
    """
    words = [w for w in re.split(r"[^A-Za-z0-9.]+", page) if w]
    seen = {w.lower() for w in words}
    words += [w for w in re.split(r"[^A-Za-z0-9.]+", table) if w and w.lower() not in seen]
    stem = "-".join(words).strip(".") or "table"
    return f"{stem}.{extension}" if extension else stem


def csv_response(table: Table, name: str) -> StreamingHttpResponse:
    """Streams the table as CSV (BOM first) row by row; `name` is the file name without its extension."""
    response = StreamingHttpResponse(csv_chunks(table), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(name, extension="csv")}"'
    return response


def xlsx_response(tables: Table | Sequence[Table], name: str) -> FileResponse:
    """Writes the workbook to a temporary file (constant memory) and streams that file back."""
    return FileResponse(xlsx_file(tables), as_attachment=True, filename=file_name(name, extension="xlsx"),
                        content_type=XLSX_TYPE)


def download_response(request, tables: Sequence[Table], page: str) -> StreamingHttpResponse | FileResponse | None:
    """Answers ?download=NAME&format=csv|xlsx for one of the page's tables, or returns None (render the page)."""
    wanted = request.GET.get("download")
    if not wanted:
        return None
    table = next((t for t in tables if t.name == wanted), None)
    if table is None:
        raise Http404("No such table on this page")
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404("Downloads are CSV or XLSX")
    name = file_name(page, table.name)
    return csv_response(table, name) if fmt == "csv" else xlsx_response([table], name)
