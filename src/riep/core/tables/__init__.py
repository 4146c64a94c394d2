"""Tables: one definition for the page, the CSV and the XLSX download.

How a capability uses it:

1. Define the table where its rows are built (a service, or `calc` for pure rows)::

       from riep.core.tables import COUNT, LINK, MONEY, PERCENTAGE, Column, Table

       Table("projects", "Projects", [
           Column("name", "Project", LINK),                  # the row's "url" is the link on the page
           Column("allocation", "Total allocation", MONEY),  # Decimal pounds
           Column("share", "Share of target", PERCENTAGE),   # a ratio: 1.053 means 105.3%
       ], rows, footer={"name": "Total", ...}, note="Source: ...")

   Kinds: text, link, money, count, number, percentage, date, financial_year (see `definition`). Rows hold typed
   values, never pre-formatted text; `rows` may be a generator, so a ten-million-line export is never in memory.

2. Show it: `{% govuk_table table %}` renders GOV.UK table markup (numeric columns right-aligned) with CSV and
   XLSX download links.
   A long list is shown a page at a time (`paging.page_of`, `Table(..., page=page)`): GOV.UK pagination below the
   table, every row still in the downloads.

3. Offer the downloads: in the view, `download_response(request, tables, "page-name")` answers
   `?download=<table name>&format=csv|xlsx` (or returns None to render the page). Several tables in one workbook:
   `xlsx_response(tables, "value-report-EE-2008-09-to-2010-11")`; to a file: `write_xlsx` / `write_csv`.

The files: CSV is UTF-8 with a byte-order mark, streamed row by row; XLSX is written by XlsxWriter in
constant_memory mode to a temporary file and streamed back. Money is 1234.50 in CSV and a £#,##0.00 number in
XLSX; a percentage is "105.3%" on the page and in CSV (Excel reads it back as 1.053) and 1.053 formatted 0.0% in
XLSX. Text cells starting =, +, -, @, tab or CR get a leading ' in both files (OWASP), numbers never do. Sheet
names are cut between words to Excel's 31 characters and made unique; file names do not repeat words.
"""
from .csv import BOM, csv_chunks, csv_lines, write_csv
from .definition import (
    COUNT,
    DATE,
    FINANCIAL_YEAR,
    KINDS,
    LINK,
    MONEY,
    NUMBER,
    NUMERIC,
    PERCENTAGE,
    TEXT,
    YEAR,
    Column,
    Table,
    neutralise,
    page_text,
)
from .responses import csv_response, download_response, file_name, xlsx_response
from .xlsx import sheet_name, write_xlsx, xlsx_file

__all__ = [
    "BOM", "COUNT", "DATE", "FINANCIAL_YEAR", "KINDS", "LINK", "MONEY", "NUMBER", "NUMERIC", "PERCENTAGE", "TEXT",
    "YEAR", "Column", "Table", "csv_chunks", "csv_lines", "csv_response", "download_response", "file_name",
    "neutralise", "page_text", "sheet_name", "write_csv", "write_xlsx", "xlsx_file", "xlsx_response",
]
