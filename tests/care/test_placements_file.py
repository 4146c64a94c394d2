"""Reading placements files: every problem reported by row and field, nothing half-parsed."""
import csv
import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riep.care.calc import ServiceType
from riep.care.placements_file import COLUMNS, read_placements
from riep.core.importing import ImportRefused

DEMO = Path(__file__).resolve().parents[2] / "src" / "riep" / "care" / "demo" / "placements_demo.csv"
HEADER = ",".join(COLUMNS)
GOOD = "DEMO-0001,residential,1000,40,0,0,140,0,Oakfield,1050.00,14/05/2026"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def problems_of(data: bytes, name: str = "placements.csv"):
    with pytest.raises(ImportRefused) as caught:
        read_placements(data, name)
    return caught.value.problems


def read_file(path: Path):
    return read_placements(path.read_bytes(), path.name)


def test_demo_file_reads_25_illustrative_placements():
    placements = read_file(DEMO)
    assert len(placements) == 25
    assert DEMO.read_text().startswith("# ILLUSTRATIVE DEMO DATA")
    assert [p.reference for p in placements[:2]] == ["DEMO-0001", "DEMO-0002"]
    assert placements[0].row == 4  # two comment lines and the header come first
    assert {p.needs.service_type for p in placements} == set(ServiceType)
    assert placements[0].review_date == dt.date(2026, 5, 14)  # 14/05/2026, UK order
    assert placements[1].review_date == dt.date(2026, 6, 30)  # 2026-06-30, ISO
    assert any(p.current_weekly_fee is None for p in placements)


def test_a_good_row_parses_to_decimals():
    (placement,) = read_placements(csv_bytes(GOOD), "p.csv")
    assert placement.needs.shared_core_hours == D("1000") and placement.needs.shared_by == 40
    assert placement.current_weekly_fee == D("1050.00")
    assert placement.provider == "Oakfield"


def test_blank_hours_mean_zero_and_blank_fee_and_date_are_allowed():
    (placement,) = read_placements(csv_bytes("DEMO-0002,homecare,,,7,,,,Home First,,"), "p.csv")
    assert placement.needs.one_to_one_hours == D(7) and placement.needs.shared_by == 1
    assert placement.current_weekly_fee is None and placement.review_date is None


def test_headers_are_matched_loosely():
    header = "Person reference,Service type,Shared core hours,Shared by,One-to-one hours,Two-to-one hours," \
             "Waking night hours,Sleep-in nights,Provider,Current weekly fee (£),Review date"
    (placement,) = read_placements(csv_bytes(GOOD, header=header), "p.csv")
    assert placement.current_weekly_fee == D("1050.00")


def test_every_bad_row_is_reported_with_its_row_and_field():
    data = csv_bytes(
        GOOD,                                                                    # row 2: fine
        "DEMO-0003,residential,1000,40,-2,0,140,0,Oakfield,1050.00,14/05/2026",  # row 3: negative hours
        "DEMO-0004,respite,0,1,0,0,0,0,Oakfield,1050.00,14/05/2026",             # row 4: unknown service
        "DEMO-0005,homecare,0,1,7,0,0,0,Home First,about 200,14/05/2026",       # row 5: text in fee column
        "DEMO-0006,homecare,0,1,£215.00,0,0,0,Home First,7,14/05/2026",          # row 6: fee in hours column
        "DEMO-0007,homecare,0,1,1215.50,0,0,0,Home First,,",                     # row 7: fee-sized hours
        "DEMO-0008,homecare,0,1,7,0,0,0,Home First,2x0,31/02/2026",              # row 8: bad fee and date
        "DEMO-0009,homecare,0,1,7,0,0,0,Home First,62400.00,12/31/2026",         # row 9: annual fee, US date
        "DEMO-0001,homecare,0,1,7,0,0,0,Home First,200,",                        # row 10: duplicate reference
        "Jane Smith,homecare,0,1,7,0,0,0,,200,",                                  # row 11: name; no provider
        ",homecare,0,1,7,0,0,0,Home First,0,",                                   # row 12: no reference; £0
        "DEMO-0013,homecare,10,1,7,0,0,0,Home First,200,",                       # row 13: core hours in homecare
    )
    found = {(p.row, p.field) for p in problems_of(data)}
    assert found == {
        (3, "one_to_one_hours"), (4, "service_type"), (5, "current_weekly_fee"), (6, "one_to_one_hours"),
        (7, "one_to_one_hours"), (8, "current_weekly_fee"), (8, "review_date"), (9, "current_weekly_fee"),
        (9, "review_date"), (10, "person_reference"), (11, "person_reference"), (11, "provider"),
        (12, "person_reference"), (12, "current_weekly_fee"), (13, "shared_core_hours"),
    }
    refused = ImportRefused(problems_of(data), "placements.csv")
    text = "\n".join(str(p) for p in refused.problems)
    assert str(refused).startswith("Nothing was imported: 15 problems in placements.csv.\n")
    assert "Row 3, one_to_one_hours: -2 is negative" in text
    assert "Row 5, current_weekly_fee: 'about 200' is not an amount of money" in text
    assert "Row 6, one_to_one_hours: '£215.00' looks like money" in text
    assert "Row 7, one_to_one_hours: 1215.5 is more than 168 hours a week per person — is this a fee" in text
    assert "Row 9, current_weekly_fee: 62400.00 a week looks like an annual" in text
    assert "Row 9, review_date: '12/31/2026' is not a date (use dd/mm/yyyy or yyyy-mm-dd)" in text
    assert "Row 10, person_reference: 'DEMO-0001' is also on row 2" in text
    assert "Row 11, person_reference: 'Jane Smith' is not a reference" in text
    assert "never a name" in text
    values = {(p.row, p.field): p.value for p in refused.problems}
    assert values[(5, "current_weekly_fee")] == "about 200" and values[(12, "person_reference")] == ""


def test_missing_columns_are_reported_at_the_header():
    header = HEADER.replace(",current_weekly_fee", "").replace("sleep_in_nights,", "")
    problems = problems_of(csv_bytes("x", header=header))
    assert {(p.row, p.field) for p in problems} == {(1, "current_weekly_fee"), (1, "sleep_in_nights")}
    assert all("required column" in p.message and "is missing" in p.message for p in problems)
    assert "the columns found are ‘person_reference’, ‘service_type’" in problems[0].message


def test_a_column_given_twice_is_refused():
    problems = problems_of(csv_bytes(GOOD + ",2", header=HEADER + ",Shared by"))
    assert [(p.row, p.field, p.message) for p in problems] == [(1, "Shared by", "the column ‘Shared by’ appears more than once")]


def test_a_name_column_is_refused():
    problems = problems_of(csv_bytes(GOOD + ",Jane Smith", header=HEADER + ",Full name"))
    assert problems[0].field == "Full name" and "must not contain people's names" in problems[0].message


def test_empty_and_wrong_files():
    assert "is empty" in problems_of(b"# only a comment\n\n")[0].message
    assert "no rows below the header" in problems_of(csv_bytes())[0].message
    assert "is not a CSV or XLSX file" in problems_of(b"x", "placements.pdf")[0].message
    assert "binary data" in problems_of(b"\x00\x01bad", "p.csv")[0].message
    assert "not a spreadsheet we can read" in problems_of(b"not a zip", "p.xlsx")[0].message


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "placements"
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_xlsx_with_native_numbers_and_dates(tmp_path):
    path = tmp_path / "placements.xlsx"
    write_xlsx(path, [
        ["# Illustrative"],
        list(COLUMNS),
        ["DEMO-0001", "residential", 1000, 40, 0, 0, 140, 0, "Oakfield", 1050.5, dt.datetime(2026, 5, 14)],
        ["DEMO-0002", "homecare", None, None, 10.25, None, None, None, "Home First", "£320.00", "2026-06-30"],
    ])
    first, second = read_file(path)
    assert first.row == 3 and first.current_weekly_fee == D("1050.50")
    assert first.review_date == dt.date(2026, 5, 14)
    assert second.needs.one_to_one_hours == D("10.25") and second.current_weekly_fee == D("320.00")


def test_xlsx_problems_use_sheet_row_numbers(tmp_path):
    path = tmp_path / "placements.xlsx"
    write_xlsx(path, [list(COLUMNS), ["DEMO-0001", "homecare", 0, 1, -3, 0, 0, 0, "Home First", "n/a", None]])
    with pytest.raises(ImportRefused) as caught:
        read_file(path)
    assert {(p.row, p.field) for p in caught.value.problems} == {(2, "one_to_one_hours"), (2, "current_weekly_fee")}


CELL = st.one_of(st.text(max_size=12), st.sampled_from(["", "0", "-1", "1e400", "NaN", "£1,000", "31/02/2026", "7.5"]))


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(CELL, min_size=len(COLUMNS), max_size=len(COLUMNS)), min_size=1, max_size=5))
def test_any_cells_give_placements_or_a_refusal_naming_rows_and_columns(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([COLUMNS, *rows])
    try:
        placements = read_placements(buffer.getvalue().encode("utf-8"), "p.csv")
    except ImportRefused as refused:
        assert all(p.field in COLUMNS or p.row <= 1 for p in refused.problems)  # a cell, the header or the file
        return
    assert all(p.reference for p in placements)


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                                st.datetimes(), st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=8)),
                      min_size=len(COLUMNS), max_size=len(COLUMNS)))
def test_any_spreadsheet_cells_give_placements_or_a_refusal(cells):
    book = openpyxl.Workbook()
    book.active.append(list(COLUMNS))
    book.active.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        read_placements(buffer.getvalue(), "p.xlsx")
    except ImportRefused:
        pass  # a refusal is fine; any other exception fails the test


def test_numbers_too_large_to_hold_are_problems_not_errors():
    row = "DEMO-0001,residential,1e24,40,0,0,140,0,Oakfield,1e26,14/05/2026"
    assert {(p.field, p.message) for p in problems_of(csv_bytes(row))} >= {
        ("shared_core_hours", "'1e24' is far more than the hours in a week")}
