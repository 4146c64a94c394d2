import csv
import io
from decimal import Decimal

import openpyxl

from riep.core.tables import write_csv, write_xlsx
from riep.ledger.calc.export import COUNCIL_HEADERS, council_return_rows, gain_rows, partnership_return_rows
from riep.ledger.calc.ni179 import ni179
from riep.ledger.exports import as_table

from .examples import worked_gains

D = Decimal
BASELINES = {"NTH": D("10000000"), "STH": D("5000000")}


def test_council_rows_outturn_then_forecast():
    table = council_return_rows(worked_gains(), "2009-10", ["2010-11"], baselines=BASELINES)
    assert table.headers == COUNCIL_HEADERS
    rows = table.as_dicts()
    assert [(r["Council"], r["Financial year"], r["Basis"]) for r in rows] == [
        ("NTH", "2009-10", "outturn"), ("STH", "2009-10", "outturn"),
        ("NTH", "2010-11", "forecast"), ("STH", "2010-11", "forecast"),
    ]
    nth = rows[0]
    # NTH 2009-10: 394,000 against 6.09% of £10m = 609,000 → 64.7%, held as the ratio 0.647 (it was 64.7 until
    # the one percentage convention of riep.core.tables: percentages are ratios everywhere)
    assert nth["NI 179 net value of gains (£)"] == D("394000")
    assert nth["CSR07 cumulative target (£)"] == D("609000")
    assert nth["% of target achieved"] == D("0.647")
    assert (nth["Gains counted"], nth["Of which provisional"], nth["Gains excluded"]) == (3, 3, 1)


def test_partnership_rows_count_a_shared_gain_once():
    table = partnership_return_rows(worked_gains(), "2010-11", partnership="Southern RIEP", baselines=BASELINES)
    (row,) = table.as_dicts()
    # 730,000 against 10.2727% of £15m = 1,540,905 → 47.4%; counted gains G1, G4, G5, G6 (G6 once).
    assert row["NI 179 net value of gains (£)"] == D("730000")
    assert row["2007-08 baseline (£)"] == D("15000000")
    assert row["CSR07 cumulative target (£)"] == D("1540905")
    assert row["% of target achieved"] == D("0.474")
    assert row["Gains counted"] == 4 and row["Councils"] == 2


def test_partnership_total_equals_sum_of_council_rows():
    councils = council_return_rows(worked_gains(), "2008-09", ["2009-10", "2010-11"]).as_dicts()
    partnership = partnership_return_rows(worked_gains(), "2008-09", ["2009-10", "2010-11"]).as_dicts()
    for row in partnership:
        same_year = [c for c in councils if c["Financial year"] == row["Financial year"]]
        assert sum(c["NI 179 net value of gains (£)"] for c in same_year) == row["NI 179 net value of gains (£)"]


def test_no_baseline_no_target():
    row = council_return_rows(worked_gains(), "2011-12").as_dicts()[0]
    assert row["CSR07 cumulative target (£)"] is None and row["% of target achieved"] is None


def test_csv_through_the_core_writer(tmp_path):
    table = council_return_rows(worked_gains(), "2009-10", baselines=BASELINES)
    path = tmp_path / "ni179.csv"
    with path.open("wb") as stream:
        write_csv(as_table(table, "summary"), stream)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert rows[0] == list(COUNCIL_HEADERS)
    assert rows[1][:4] == ["NTH", "2009-10", "outturn", "394000.00"]
    assert rows[1][9] == "64.7%"  # Excel reads this back as 0.647 shown as a percentage


def test_xlsx_money_cells_are_numbers_with_a_pound_format(tmp_path):
    result = ni179(worked_gains(), "2009-10")
    tables = [as_table(council_return_rows(worked_gains(), "2009-10", baselines=BASELINES), "summary"),
              as_table(gain_rows(result), "gains")]
    stream = io.BytesIO()
    write_xlsx(tables, stream)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    assert book.sheetnames == ["NI 179 by council", "NI 179 gains 2009-10"]
    sheet = book["NI 179 by council"]
    value = sheet.cell(row=2, column=4)
    assert value.value == 394000 and isinstance(value.value, (int, float))
    assert "£" in value.number_format
    percent = sheet.cell(row=2, column=10)
    assert abs(percent.value - 0.647) < 1e-9 and percent.number_format == "0.0%"
    gains = book["NI 179 gains 2009-10"]
    assert gains.cell(row=1, column=1).value == "Gain"
    assert gains.cell(row=2, column=3).number_format == "0.00%"  # a share, e.g. 40.00%
    write_xlsx(tables[0], tmp_path / "ni179.xlsx")
    assert openpyxl.load_workbook(tmp_path / "ni179.xlsx").sheetnames == ["NI 179 by council"]


def test_gain_rows_itemise_reasons():
    table = gain_rows(ni179(worked_gains(), "2010-11"))
    by_gain = {(r["Gain"], r["Council"]): r for r in table.as_dicts()}
    assert by_gain[("G3", "STH")]["Reason code"] == "fails_persistence"
    assert by_gain[("G6", "STH")]["Share"] == D("0.4")
    assert by_gain[("G6", "STH")]["Counted for council (£)"] == D("56000")
