"""Rows are taken lazily from any iterable, and memory stays flat however many rows a download has; any text
cell round-trips through CSV to the same text (with a ' only where it was neutralised)."""
import csv
import io
import tracemalloc
from decimal import Decimal as D

import openpyxl
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from riep.core.tables import (
    FINANCIAL_YEAR,
    MONEY,
    PERCENTAGE,
    TEXT,
    Column,
    Table,
    csv_chunks,
    download_response,
    write_xlsx,
)
from riep.core.tables.definition import FORMULA_LEADS

COLUMNS = [Column("supplier", "Supplier", TEXT), Column("amount", "Amount", MONEY),
           Column("share", "Share", PERCENTAGE), Column("year", "Financial year", FINANCIAL_YEAR)]


class Rows:
    """A generator of spend lines that counts how many have been taken."""

    def __init__(self, count: int):
        self.count, self.taken = count, 0

    def __iter__(self):
        for i in range(self.count):
            self.taken += 1
            yield {"supplier": f"Supplier {i} of the East of England", "amount": D(i) / 100 - 500,
                   "share": D("0.125"), "year": "2009-10"}


def test_the_csv_response_takes_rows_only_as_it_is_read():
    rows = Rows(100_000)
    request = RequestFactory().get("/", {"download": "spend", "format": "csv"})
    response = download_response(request, [Table("spend", "Spend", COLUMNS, iter(rows))], "spend")
    assert rows.taken == 0  # nothing is built before the server starts sending
    stream = iter(response.streaming_content)
    first = next(stream)
    assert first.startswith(b"\xef\xbb\xbfSupplier,Amount")
    assert 0 < rows.taken < 2_000  # one chunk of about 64 KB, not the file
    rest = b"".join(stream)
    assert rows.taken == 100_000 and (first + rest).count(b"\r\n") == 100_001


def test_csv_memory_stays_flat_for_100k_rows():
    # The file is about 6 MB; built in memory first (str, then bytes) it would need well over that at once.
    tracemalloc.start()
    try:
        written = sum(len(chunk) for chunk in csv_chunks(Table("spend", "Spend", COLUMNS, iter(Rows(100_000)))))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > 5_000_000
    assert peak < 1_000_000, f"peak {peak:,} bytes for a {written:,}-byte file"


def test_xlsx_memory_stays_flat_rows_go_to_disk(tmp_path):
    def peak_for(count: int) -> int:
        tracemalloc.start()
        try:
            write_xlsx(Table("spend", "Spend", COLUMNS, iter(Rows(count))), tmp_path / f"{count}.xlsx")
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak_for(1_000), peak_for(10_000)
    # Ten times the rows, about the same peak (XlsxWriter's constant_memory mode keeps one row in memory).
    assert large < small * 1.5 + 200_000, f"{small:,} bytes for 1,000 rows, {large:,} for 10,000"
    sheet = openpyxl.load_workbook(tmp_path / "10000.xlsx", read_only=True).active
    assert sheet.max_row == 10_001


# Any text, including formula leads, quotes, commas, new lines, £ and −, but not lone surrogates (not UTF-8).
cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, min_size=1, max_size=5))
def test_any_text_round_trips_through_csv(texts):
    table = Table("t", "T", [Column(f"c{i}", f"C{i}") for i in range(len(texts))],
                  [{f"c{i}": text for i, text in enumerate(texts)}])
    data = b"".join(csv_chunks(table)).decode("utf-8-sig")
    _, row = list(csv.reader(io.StringIO(data, newline="")))
    expected = ["" if not t else ("'" + t if t.startswith(FORMULA_LEADS) else t) for t in texts]
    assert row == expected
    for text, cell in zip(texts, row):
        assert (cell[1:] if text.startswith(FORMULA_LEADS) else cell) == text
