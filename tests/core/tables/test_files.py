"""The CSV and XLSX writers of riep.core.tables: BOM and £/− intact, formulas neutralised in both files, numbers
left alone, one percentage convention on the page, in CSV and in XLSX, sheet and file names."""
import csv
import datetime as dt
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.test import RequestFactory

from riep.core.fy import FinancialYear
from riep.core.tables import (
    BOM,
    COUNT,
    DATE,
    FINANCIAL_YEAR,
    LINK,
    MONEY,
    NUMBER,
    PERCENTAGE,
    Column,
    Table,
    download_response,
    file_name,
    page_text,
    sheet_name,
    write_csv,
    write_xlsx,
)

ATTACKS = ['=HYPERLINK("http://evil.example","Click")', "+1+2", "-2+3", "@SUM(A1:A9)", "\tcmd", "\rcmd"]


def _table(rows, **extra):
    return Table("spend", "Spend lines", [
        Column("supplier", "Supplier"), Column("project", "Project", LINK), Column("amount", "Amount", MONEY),
        Column("lines", "Lines", COUNT), Column("share", "Share of target", PERCENTAGE),
        Column("year", "Financial year", FINANCIAL_YEAR), Column("paid", "Paid on", DATE),
        Column("rmspe", "RMSPE", NUMBER),
    ], rows, **extra)


def _csv_rows(table):
    stream = io.BytesIO()
    write_csv(table, stream)
    return stream.getvalue(), list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig"), newline="")))


def _xlsx_sheet(tables):
    stream = io.BytesIO()
    write_xlsx(tables, stream)
    return openpyxl.load_workbook(io.BytesIO(stream.getvalue()))


ROW = {"supplier": "Café £ − Ltd", "project": "Waste", "url": "/projects/w/", "amount": D("-1234.5"), "lines": 1200,
       "share": D("1.053"), "year": FinancialYear(2009), "paid": dt.date(2009, 5, 1), "rmspe": 0.125}


def test_csv_starts_with_a_bom_and_keeps_pound_and_minus_as_excel_reads_it():
    raw, rows = _csv_rows(_table([ROW]))
    assert raw.startswith(b"\xef\xbb\xbf") and BOM == "\ufeff"
    assert rows[0] == ["Supplier", "Project", "Amount", "Lines", "Share of target", "Financial year", "Paid on", "RMSPE"]
    assert rows[1] == ["Café £ − Ltd", "Waste", "-1234.50", "1200", "105.3%", "2009-10", "2009-05-01", "0.125"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_formula_cells_are_neutralised_in_csv(attack):
    _, rows = _csv_rows(_table([{**ROW, "supplier": attack, "project": attack}]))
    assert rows[1][0] == rows[1][1] == "'" + attack


@pytest.mark.parametrize("attack", ATTACKS)
def test_formula_cells_are_neutralised_in_xlsx_and_stay_text(attack):
    sheet = _xlsx_sheet([_table([{**ROW, "supplier": attack}])]).active
    cell = sheet.cell(row=2, column=1)
    # XlsxWriter stores a carriage return as the escape _x000D_, which Excel reads back (openpyxl leaves it)
    assert cell.value.replace("_x000D_", "\r") == "'" + attack and cell.data_type == "s"


def test_a_user_supplied_header_is_neutralised_too():
    table = Table("t", "T", [Column("a", "=1+1"), Column("b", "Amount", MONEY)], [{"a": "x", "b": 1}])
    _, rows = _csv_rows(table)
    assert rows[0] == ["'=1+1", "Amount"]
    assert _xlsx_sheet([table]).active.cell(row=1, column=1).value == "'=1+1"


def test_negative_money_stays_a_number_in_both_files():
    _, rows = _csv_rows(_table([ROW]))
    assert rows[1][2] == "-1234.50"  # no ' in front: it still sums
    cell = _xlsx_sheet([_table([ROW])]).active.cell(row=2, column=3)
    assert cell.value == -1234.5 and cell.data_type == "n" and cell.number_format == "£#,##0.00"


def test_text_that_is_not_a_number_in_a_numeric_column_is_text_and_neutralised():
    table = Table("t", "T", [Column("n", "N", NUMBER)], [{"n": "infinite"}, {"n": "-inf=1"}, {"n": "-2.5"}])
    _, rows = _csv_rows(table)
    assert [r[0] for r in rows[1:]] == ["infinite", "'-inf=1", "-2.5"]


def test_one_percentage_convention_on_the_page_in_csv_and_in_xlsx():
    column = Column("share", "Share of target", PERCENTAGE)
    ratio = D("1.053")
    assert page_text(column, ratio) == "105.3%"
    _, rows = _csv_rows(_table([ROW]))
    assert rows[1][4] == "105.3%"  # Excel reads this back as 1.053 in a percentage format
    cell = _xlsx_sheet([_table([ROW])]).active.cell(row=2, column=5)
    assert cell.value == pytest.approx(1.053) and cell.number_format == "0.0%"
    assert f"{cell.value * 100:.1f}%" == page_text(column, ratio)
    assert page_text(Column("s", "Share", PERCENTAGE, decimals=0), D("0.4")) == "40%"


def test_dates_and_years_are_real_in_xlsx_and_iso_in_csv():
    sheet = _xlsx_sheet([_table([ROW])]).active
    assert sheet.cell(row=2, column=7).value == dt.datetime(2009, 5, 1)
    assert sheet.cell(row=2, column=6).value == "2009-10"
    assert page_text(Column("d", "D", DATE), dt.date(2009, 5, 1)) == "01 May 2009"


def test_totals_row_bold_and_note_below_in_xlsx_and_csv():
    table = _table([ROW, ROW], footer={"supplier": "Total", "amount": D("-2469"), "lines": 2400},
                   note="=the ledger, pasted by a user")
    _, rows = _csv_rows(table)
    assert rows[-1][:4] == ["Total", "", "-2469.00", "2400"]
    sheet = _xlsx_sheet([table]).active
    assert sheet.cell(row=4, column=1).value == "Total" and sheet.cell(row=4, column=1).font.b
    assert sheet.cell(row=4, column=3).value == -2469
    assert sheet.cell(row=6, column=1).value == "'=the ledger, pasted by a user"


def test_empty_cells_are_empty_in_files_and_a_dash_on_the_page():
    row = {k: None for k in ROW}
    _, rows = _csv_rows(_table([row]))
    assert rows[1] == [""] * 8
    assert page_text(Column("a", "A", MONEY), None) == "–" and page_text(Column("a", "A"), None) == ""


def test_several_tables_in_one_workbook_with_readable_unique_sheet_names():
    tables = [_table([ROW]), Table("a", "Projects of Improvement and Efficiency South East: allocation by year",
                                   [Column("x", "X")], [{"x": 1}]), _table([ROW])]
    book = _xlsx_sheet(tables)
    assert book.sheetnames == ["Spend lines", "Projects of Improvement and", "Spend lines (2)"]


@pytest.mark.parametrize("title, expected", [
    ("Savings by council", "Savings by council"),
    ("NI 179 against the CSR07 trajectory: Improvement East", "NI 179 against the CSR07"),
    ("What? [draft] a/b\\c*", "What draft a b c"),
    ("History", "History (table)"),
    ("Supercalifragilisticexpialidocious-and-more-words", "Supercalifragilisticexpialidoci"),
    ("", "Table"),
])
def test_sheet_names(title, expected):
    name = sheet_name(title, set())
    assert name == expected and len(name) <= 31


def test_sheet_names_are_unique_ignoring_case_and_still_fit():
    used: set[str] = set()
    names = [sheet_name("Councils in this partnership and their gains", used) for _ in range(3)]
    # "Councils in this partnership (2)" would be 32 characters: the name is cut a word earlier to fit the number
    assert names == ["Councils in this partnership", "Councils in this (2)", "Councils in this (3)"]
    assert sheet_name("SPEND", {"spend"}) == "SPEND (2)"


@pytest.mark.parametrize("page, table, expected", [
    ("projects", "projects", "projects.csv"),
    ("value-report-EE-2008-09-to-2010-11", "by-council", "value-report-EE-2008-09-to-2010-11-by-council.csv"),
    ("trajectory-EE", "trajectory", "trajectory-EE.csv"),
    ("care-placements", "placements", "care-placements.csv"),
    ("council-E10000020", "audit", "council-E10000020-audit.csv"),
    ('a "quoted"; name', "", "a-quoted-name.csv"),
])
def test_file_names_do_not_repeat_words(page, table, expected):
    assert file_name(page, table, "csv") == expected


def test_download_response_names_the_file_and_streams(tmp_path):
    request = RequestFactory().get("/projects/", {"download": "projects", "format": "csv"})
    table = Table("projects", "Projects", [Column("name", "Project")], [{"name": "A"}])
    response = download_response(request, [table], "projects")
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="projects.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.getvalue().decode("utf-8-sig") == "Project\r\nA\r\n"
    request = RequestFactory().get("/projects/", {"download": "projects", "format": "xlsx"})
    response = download_response(request, [table], "projects")
    assert response.streaming and 'filename="projects.xlsx"' in response["Content-Disposition"]
    assert openpyxl.load_workbook(io.BytesIO(response.getvalue())).active["A2"].value == "A"
    response.file_to_stream.close()  # (response.close() would signal request_finished)


def test_unknown_table_or_format_is_not_found_and_no_download_renders_the_page():
    from django.http import Http404

    table = Table("projects", "Projects", [Column("name", "Project")], [])
    assert download_response(RequestFactory().get("/"), [table], "projects") is None
    for query in ({"download": "nope"}, {"download": "projects", "format": "pdf"}):
        with pytest.raises(Http404):
            download_response(RequestFactory().get("/", query), [table], "projects")


def test_an_unknown_kind_is_refused_with_its_column_named():
    with pytest.raises(ValueError, match="'percent' is not one of"):
        Column("p", "% of target", "percent")  # the old name, whose values were ×100: refused, not misread


def test_money_cells_show_pence_where_the_amount_has_them():
    money = Column("a", "Amount", MONEY)
    assert [page_text(money, D(v)) for v in ("80000.50", "75000.00", "75000", "-1234.5")] == [
        "£80,000.50", "£75,000", "£75,000", "−£1,234.50"]
