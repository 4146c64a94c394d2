"""Properties of the import reader: any bytes give a sheet or one ImportRefused, never another exception; text
written as CSV reads back cell for cell, whatever the encoding the person's spreadsheet saved it in."""
import csv
import io

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from riep.core.importing import ImportRefused, Sheet, read_sheet

FILENAMES = st.sampled_from(["gains.csv", "gains.xlsx", "gains.txt", "upload", "gains.tsv", "gains.xlsm"])


def _read_or_refuse(data: bytes, filename: str, required=()):
    try:
        sheet = read_sheet(data, filename, required=required)
    except ImportRefused as refused:
        assert refused.problems and str(refused).startswith("Nothing was imported: ")
        return None
    assert isinstance(sheet, Sheet) and sheet.rows
    return sheet


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), filename=FILENAMES)
def test_any_bytes_give_a_sheet_or_a_refusal(data, filename):
    _read_or_refuse(data, filename, required=("reference",))


@settings(max_examples=100, deadline=None)
@given(tail=st.binary(max_size=500))
def test_anything_that_looks_like_a_zip_gives_a_sheet_or_a_refusal(tail):
    _read_or_refuse(b"PK\x03\x04" + tail, "gains.xlsx")


CELL = st.text(alphabet=st.characters(codec="cp1252", exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=12) \
    .map(str.strip)
HEADER = st.lists(st.text(alphabet="abcdefghij_", min_size=1, max_size=8), min_size=1, max_size=5, unique=True)


@settings(max_examples=150, deadline=None)
@given(header=HEADER, body=st.lists(st.lists(CELL, min_size=5, max_size=5), min_size=1, max_size=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_csv_text_reads_back_cell_for_cell(header, body, encoding):
    rows = [cells[: len(header)] for cells in body]
    rows = [r for r in rows if any(r)]  # a blank line is skipped, as a spreadsheet user expects
    assume(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    data = buffer.getvalue().encode(encoding)
    if encoding == "cp1252":  # "Ã©" in Windows-1252 is also valid UTF-8 ("é"): UTF-8 wins, as it should
        assume(not _is_utf8(data) or data.decode("utf-8") == buffer.getvalue())
    sheet = read_sheet(data, "data.csv", required=header)
    assert list(sheet.columns.values()) == header
    assert [[row.text(h) for h in header] for row in sheet.rows] == rows


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
