"""Benchmark: peak memory of table downloads, streamed by riep.core.tables against building the file in memory
(the way core/tables.py and ledger/calc/export.py did before), on generated spend lines.

Run: .venv/bin/python bench/bench_export.py [--rows N] [--big-rows N] [--xlsx-rows N] [--no-tracemalloc]
(`make bench` runs it with the defaults: 200,000 rows both ways, then 2,000,000 rows streamed; a few minutes.)

Each case runs in its own forked process, so one case's memory cannot hide another's: the figures are that
process's peak resident set size above what it started with (RSS, from the kernel) and the peak of Python's heap
(tracemalloc, which slows a run about fivefold, so the 2,000,000-row run is measured by RSS alone and its seconds
are real; seconds of traced cases compare only with each other). The baseline is in
the same run: the same rows, the same columns, built the old way — rows in a list, the whole file in a StringIO or
an in-memory workbook, then the response. The streamed cases go through `download_response` exactly as a page
does, and the response's chunks are read and counted as a server would send them.
"""
from __future__ import annotations

import argparse
import csv
import io
import multiprocessing
import os
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riep.settings")

import django  # noqa: E402

django.setup()

from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from riep.core.tables import (  # noqa: E402
    COUNT,
    DATE,
    FINANCIAL_YEAR,
    MONEY,
    PERCENTAGE,
    TEXT,
    Column,
    Table,
    download_response,
)

COLUMNS = [
    Column("supplier", "Supplier", TEXT), Column("council", "Council", TEXT), Column("paid", "Paid on", DATE),
    Column("year", "Financial year", FINANCIAL_YEAR), Column("amount", "Amount", MONEY),
    Column("lines", "Invoice lines", COUNT), Column("share", "Share of category", PERCENTAGE),
]
SUPPLIERS = ["Norfolk Care Ltd", "=HYPERLINK(\"http://x\")", "Café Services £", "-Minus Holdings", "Acme Waste plc"]
START = date(2009, 4, 1)


def spend_lines(count: int):
    """Generated spend lines, one dict at a time (a procurement hub export reads them from a cursor)."""
    for i in range(count):
        yield {"supplier": SUPPLIERS[i % 5], "council": f"E{10000000 + i % 400}", "paid": START + timedelta(days=i % 730),
               "year": "2009-10" if i % 730 < 365 else "2010-11", "amount": Decimal(i % 100_000) / 100 - 250,
               "lines": i % 17 + 1, "share": Decimal(i % 1000) / 1000}


def _rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


# --- the old way: whole file in memory, as core/tables.py did (table_csv / table_xlsx) ---------------------


def old_csv(count: int) -> int:
    rows = list(spend_lines(count))  # Table.rows was a list
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.label for c in COLUMNS])
    for row in rows:
        writer.writerow(["" if row.get(c.key) is None else row.get(c.key) for c in COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return len(response.content)


def old_xlsx(count: int) -> int:
    import xlsxwriter

    rows = list(spend_lines(count))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet("Spend lines")
    money = book.add_format({"num_format": "£#,##0.00"})
    sheet.write_row(0, 0, [c.label for c in COLUMNS])
    for r, row in enumerate(rows, start=1):
        for c, column in enumerate(COLUMNS):
            value = row[column.key]
            if column.kind in (MONEY, COUNT, PERCENTAGE):
                sheet.write_number(r, c, float(value), money if column.kind == MONEY else None)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.ms-excel")
    return len(response.content)


# --- the new way: through the page's download response ---------------------------------------------------


def streamed(fmt: str, count: int) -> int:
    request = RequestFactory().get("/spend/", {"download": "spend-lines", "format": fmt})
    table = Table("spend-lines", "Spend lines", COLUMNS, spend_lines(count))
    response = download_response(request, [table], "spend")
    size = sum(len(chunk) for chunk in response.streaming_content)
    if hasattr(response, "file_to_stream"):
        response.file_to_stream.close()
    return size


CASES = {"old-csv": old_csv, "old-xlsx": old_xlsx,
         "csv": lambda n: streamed("csv", n), "xlsx": lambda n: streamed("xlsx", n)}


def _child(case: str, count: int, trace: bool, queue) -> None:
    start_rss = _rss_kb()
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    size = CASES[case](count)
    seconds = time.perf_counter() - began
    heap = tracemalloc.get_traced_memory()[1] if trace else None
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    queue.put({"size": size, "seconds": seconds, "heap": heap, "rss": max(0, peak_rss - start_rss)})


def measure(case: str, count: int, trace: bool) -> dict:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(case, count, trace, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the side-by-side CSV comparison")
    parser.add_argument("--big-rows", type=int, default=2_000_000, help="rows of the streamed-only CSV run")
    parser.add_argument("--xlsx-rows", type=int, default=200_000, help="rows of the XLSX comparison")
    parser.add_argument("--no-tracemalloc", action="store_true", help="RSS only (faster)")
    args = parser.parse_args()
    trace = not args.no_tracemalloc
    plan = [("CSV, whole file in memory (old)", "old-csv", args.rows, trace),
            ("CSV, streamed (core.tables)", "csv", args.rows, trace),
            ("CSV, streamed (core.tables)", "csv", args.rows, False),
            ("CSV, streamed (core.tables)", "csv", args.big_rows, False),
            ("XLSX, in-memory workbook (old)", "old-xlsx", args.xlsx_rows, trace),
            ("XLSX, constant_memory, streamed", "xlsx", args.xlsx_rows, trace)]
    print(f"{'case':34} {'rows':>10} {'file MB':>8} {'seconds':>8} {'peak heap MB':>13} {'peak RSS +MB':>13}")
    results = {}
    for label, case, count, traced in plan:
        r = measure(case, count, traced)
        results[(case, count, traced)] = r
        heap = f"{r['heap'] / 1e6:13.1f}" if r["heap"] is not None else f"{'–':>13}"
        print(f"{label:34} {count:>10,} {r['size'] / 1e6:8.1f} {r['seconds']:8.1f} {heap} {r['rss'] / 1024:13.1f}",
              flush=True)

    def ratio(old, new, key):
        a, b = results[old][key], results[new][key]
        return f"{a / b:,.0f}×" if a and b else "n/a"

    n, x = args.rows, args.xlsx_rows
    for key, what in (("heap", "Python heap"), ("rss", "RSS growth")) if trace else (("rss", "RSS growth"),):
        print(f"\nPeak {what}, old way ÷ streamed, on the same rows: CSV ({n:,} rows) "
              f"{ratio(('old-csv', n, trace), ('csv', n, trace), key)}; XLSX ({x:,} rows) "
              f"{ratio(('old-xlsx', x, trace), ('xlsx', x, trace), key)}.", end="")
    small, big = results[("csv", n, False)], results[("csv", args.big_rows, False)]
    print(f"\nStreamed CSV, {n:,} → {args.big_rows:,} rows ({big['size'] / max(small['size'], 1):.0f}× the bytes): "
          f"peak RSS growth {small['rss'] / 1024:.1f} → {big['rss'] / 1024:.1f} MB; "
          f"{args.big_rows / big['seconds']:,.0f} rows a second.")


if __name__ == "__main__":
    main()
