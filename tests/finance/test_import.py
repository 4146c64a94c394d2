"""The bundled RS and RA workbooks import as published: cells reconciled by hand, every council joined."""
import csv
import io
from decimal import Decimal

import pytest

from riep.core import series
from riep.core.importing import ImportRefused, read_lines
from riep.finance.importer import data_sheet_name, import_return
from riep.finance.models import CouncilFigures, FinanceReturn
from riep.finance.services import DATA_DIR, available_lines, line_values, lines_for
from riep.registry.models import Organisation

RS15, RS16, RS17 = "RS_2015-16_data_by_LA_-_Revision.xlsx", "RS_2016-17_data_by_LA.xlsx", "RS_2017-18_data_by_LA_PRENOV.xlsx"
RA16 = "RA_2016-17_data_by_LA.xlsx"

# (workbook, council GSS, line key, the cell as Excel shows its address, the value in that cell) -- picked by hand
# by opening each workbook's data sheet; the float cells are the publisher's own unrounded figures.
RECONCILED = [
    (RS15, "E10000021", "RS-805", "BF213", "446465.36165000004"),  # Northamptonshire net revenue expenditure
    (RS15, "E10000021", "RS-915-1apr", "BS213", "47695"),  # ... earmarked reserves at 1 April 2015
    (RS15, "E08000025", "RS-916-31mar", "BX316", "110843"),  # Birmingham unallocated reserves at 31 March 2016
    (RS15, "E06000022", "RS-330", "H8", "20841.311843132557"),  # Bath & NE Somerset children's social care
    (RS16, "E06000022", "RS-805", "BG8", "128175.63683617524"),
    (RS16, "E06000022", "RS-890", "BQ8", "80156"),  # council tax requirement (one column right of 2015-16's BP)
    (RS16, "E10000020", "RS-360", "I196", "277996.7687652984"),  # Norfolk adult social care
    (RS16, "E10000021", "RS-915-31mar", "BX213", "8481"),
    (RS17, "E10000021", "RS-916-31mar", "BZ31", "0"),  # Northamptonshire: no unallocated reserves left, March 2018
    (RS17, "E08000025", "RS-805", "BG9", "770458.6089999999"),
    (RS17, "E10000020", "RS-890", "BR18", "354620"),  # line 890 moved to column BR (a new line 885 before it)
    (RS17, "E09000016", "RS-360", "I116", "64450"),  # Havering
    (RA16, "E10000020", "RA-905", "GG196", "599781"),  # Norfolk budgeted net revenue expenditure
    (RA16, "E10000021", "RA-1016-31mar", "GY213", "12554"),
    (RA16, "E08000025", "RA-990", "GQ316", "289830"),
]
YEARS = {RS15: "2015-16", RS16: "2016-17", RS17: "2017-18", RA16: "2016-17"}


@pytest.mark.parametrize("workbook, gss, key, cell, value", RECONCILED)
def test_hand_picked_cells_reconcile(returns, workbook, gss, key, cell, value):
    council = Organisation.objects.get(gss_code=gss)
    family = key.split("-")[0]
    assert lines_for(council, YEARS[workbook], family)[key] == Decimal(value), cell


def test_every_council_of_every_year_is_joined_and_only_other_bodies_are_reported(returns):
    for name in (RS15, RS16, RS17, RA16):
        summary = returns[name]
        assert summary.councils >= 350
        # Police, fire, national parks, waste and transport bodies (class O) are not councils in the registry.
        assert {u["authority_class"] for u in summary.unmapped} == {"O"}
        assert all(u["reason"] for u in summary.unmapped)
    classes = CouncilFigures.objects.filter(finance_return__family="RS").values_list("authority_class", flat=True)
    assert {"SC", "SD", "MD", "UA", "L"} <= set(classes)
    # 2015-16 to 2017-18: all 353 shire counties, district, unitary, metropolitan district and London borough reports.
    for year in ("2015-16", "2016-17", "2017-18"):
        assert CouncilFigures.objects.filter(finance_return__year=int(year[:4]), finance_return__family="RS").exclude(
            authority_class="O").count() == 353  # 358 class rows less the 5 class totals


def test_returns_record_family_year_vintage_and_imputed_rows(returns):
    assert FinanceReturn.objects.get(family="RS", year=2017).vintage.startswith("Provisional")
    assert FinanceReturn.objects.get(family="RS", year=2015).vintage == "Revision"
    # Column D marks six authorities imputed in 2017-18; five are in the registry (the waste authority is not).
    imputed = CouncilFigures.objects.filter(finance_return__year=2017, imputed=True)
    assert sorted(imputed.values_list("e_code", flat=True)) == ["E0303", "E0934", "E2721", "E3735", "E6353"]


def test_the_same_file_again_changes_nothing(returns):
    again = import_return((DATA_DIR / RS16).read_bytes(), RS16)
    assert (again.added, again.changed, again.unchanged) == (0, 0, again.councils)
    assert again.first_imported_at is not None and "first imported" in str(again)


def _data_lines(name):
    data = (DATA_DIR / name).read_bytes()
    return read_lines(data, name, sheet=data_sheet_name(data))


def _csv(lines) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for _, cells in lines:
        writer.writerow(["" if c is None else (repr(c) if isinstance(c, float) else c) for c in cells])
    return out.getvalue().encode()


def test_columns_are_found_by_line_number_not_position(returns):
    """A later year's workbook whose columns moved (reversed here, with a new column inserted) reads the same."""
    lines = _data_lines(RS16)
    moved = []
    for number, cells in lines:
        identity, data = list(cells[:5]), list(cells[5:99])
        extra = ["New line" if number == 7 else (999 if number == 6 else 1)]
        moved.append((number, identity + extra + data[::-1]))
    before = line_values("RS-805", "2016-17")
    CouncilFigures.objects.filter(finance_return__year=2016, finance_return__family="RS").delete()
    summary = import_return(_csv(moved), "rs-2016-17-moved.csv")
    assert summary.added == summary.councils and line_values("RS-805", "2016-17") == before
    assert line_values("RS-999", "2016-17")  # the new line is kept under its own number


def test_a_figure_that_is_not_a_number_refuses_the_file_naming_row_and_column(returns):
    lines = _data_lines(RS16)
    broken = [(n, list(cells)) for n, cells in lines]
    broken[10][1][58] = "twelve"  # line 805, Net revenue expenditure
    broken[12][1][0] = broken[11][1][0]  # an E-code twice
    stored = CouncilFigures.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_return(_csv(broken), "broken.csv")
    messages = [str(p) for p in refused.value.problems]
    assert any("NET REVENUE EXPENDITURE" in m and "not a number" in m for m in messages), messages
    assert any("appears twice" in m for m in messages)
    assert CouncilFigures.objects.count() == stored


def test_a_file_that_is_not_a_return_is_refused(returns):
    with pytest.raises(ImportRefused, match="which return"):
        import_return(b"Some other table\nE-code,Local authority\nE0101,Bath\n", "other.csv")
    with pytest.raises(ImportRefused, match="not a readable"):
        import_return(b"PK\x03\x04 not really a zip", "broken.xlsx")


def test_an_abolished_council_is_carried_to_its_successor(returns):
    """Forest Heath (E3532) was abolished on 31 March 2019: a 2019-20 row under its codes is West Suffolk's."""
    lines = _data_lines(RS17)
    later = [(n, [c.replace("2017-18", "2019-20") if isinstance(c, str) else c for c in cells]) for n, cells in lines
             if n <= 7 or cells[0] == "E3532"]  # the header rows and Forest Heath's row
    summary = import_return(_csv(later), "rs-2019-20.csv")
    assert summary.councils == 1
    west_suffolk = Organisation.objects.get(gss_code="E07000245")
    assert lines_for(west_suffolk, "2019-20")["RS-805"] == Decimal("6856")


def test_two_rows_joining_one_council_are_refused(returns):
    """St Edmundsbury and Forest Heath both became West Suffolk: one 2019-20 row cannot be both."""
    lines = _data_lines(RS17)
    later = [(n, [c.replace("2017-18", "2019-20") if isinstance(c, str) else c for c in cells]) for n, cells in lines
             if n <= 7 or cells[0] in ("E3532", "E3535")]
    with pytest.raises(ImportRefused, match="joins to West Suffolk"):
        import_return(_csv(later), "rs-2019-20.csv")


def test_services_and_the_series_source(returns):
    keys = {line.key: line for line in available_lines("RS")}
    assert keys["RS-885"].years == ("2017-18",)  # the line 2017-18 added
    assert keys["RS-805"].years == ("2015-16", "2016-17", "2017-18") and keys["RS-805"].label == "NET REVENUE EXPENDITURE"
    norfolk = Organisation.objects.get(gss_code="E10000020")
    points = series.values("finance", "RS-890", [norfolk.pk])
    assert [(p.period, p.value) for p in points] == [("2015-16", Decimal("311433")), ("2016-17", Decimal("331105")),
                                                     ("2017-18", Decimal("354620"))]
    assert series.measure("finance", "RS-890").additive is True


def test_the_import_job_reads_the_upload(returns):
    from riep.core.jobs import enqueue, work
    from riep.core.models import Job, JobStatus
    from riep.core.uploads import store_bytes

    upload = store_bytes((DATA_DIR / RS16).read_bytes(), RS16)
    job = enqueue("finance.import_return", {"upload_id": upload.pk})
    work(once=True)
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result["unchanged"] == job.result["councils"] and job.result["year"] == "2016-17"
