"""The value report: page, PDF and XLSX, reconciling to the penny with the ledger."""
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db.models import Sum

from riep.core.fy import FinancialYear
from riep.ledger.models import GainYear
from riep.ledger.report import build_value_report, report_pdf, report_xlsx
from riep.registry.models import Partnership


@pytest.fixture
def report(ledger):
    return build_value_report(Partnership.objects.get(code="EE"), FinancialYear(2008), FinancialYear(2010))


def test_totals_reconcile_with_the_ledger_to_the_penny(report):
    years = [2008, 2009, 2010]
    ledger_rows = GainYear.objects.filter(gain__reference__startswith="EE-", year__in=years).aggregate(
        gross=Sum("gross_saving"), inv=Sum("investment"), ong=Sum("ongoing_costs"))
    assert report.totals["gross"] == ledger_rows["gross"] == Decimal("1810000.00")
    assert report.totals["costs"] == ledger_rows["inv"] + ledger_rows["ong"] == Decimal("200000.00")
    assert report.totals["net"] == report.totals["gross"] - report.totals["costs"]
    for groups in (report.by_council, report.by_project, report.by_theme):
        for measure, total in report.totals.items():
            assert sum((g[measure] for g in groups.values()), Decimal(0)) == total, measure
    # Ledger: 850,000 (NFK-001) + 120,000 (NFK-002) + 270,000 (NFK-003) + 410,000 (SFK-001) + 160,000 (CAM-001)
    # Norfolk gross: 0.6 × (250,000 + 300,000 + 300,000) shared + 120,000 one-off + 3 × 90,000 non-cashable
    assert report.by_council["Norfolk"]["gross"] == Decimal("900000.00")
    # Suffolk: 0.4 × 850,000 + 200,000 + 210,000
    assert report.by_council["Suffolk"]["gross"] == Decimal("750000.00")


def test_heavy_reference_case_cuts_additional_savings(report):
    # EE-SFK-001 2009-10 and 2010-11: (200,000 − 150,000) + (210,000 − 160,000) = 100,000 additional, minus 30,000 investment
    project = report.by_project["Support for councils in difficulty"]
    assert project["gross"] == Decimal("410000.00")
    assert project["additional_net"] == Decimal("70000.00")


def test_page_pdf_and_xlsx(as_user, report):
    client = as_user("reviewer@communities.example")
    page = client.get("/ledger/partnerships/EE/value-report/?period=2008-09:2010-11")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text and "<title>Waterfall" in text and 'aria-label="Waterfall' in text
    assert "£1,810,000" in text
    pdf = client.get("/ledger/partnerships/EE/value-report/?period=2008-09:2010-11&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get("/ledger/partnerships/EE/value-report/?period=2008-09:2010-11&format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.getvalue()))
    sheet = book["Savings by council"]
    header = [c.value for c in sheet[1]]
    gross_col = header.index("Gross savings")
    values = [row[gross_col].value for row in sheet.iter_rows(min_row=2)]
    assert round(sum(values[:-1]), 2) == round(values[-1], 2) == 1810000.00
    assert xlsx["Content-Disposition"] == 'attachment; filename="value-report-EE-2008-09-to-2010-11.xlsx"'
    # Percentages are ratios with a % format (the page's 64.7% is 0.647 here); the trajectory sheet's name is cut
    # between words to Excel's 31 characters.
    trajectory = book["NI 179 against the CSR07"]
    header = [c.value for c in trajectory[1]]
    percents = [row[header.index("% of target")] for row in trajectory.iter_rows(min_row=2)]
    shown = {f"{c.value * 100:.1f}%" for c in percents if c.value is not None}
    assert shown and all(c.number_format == "0.0%" for c in percents if c.value is not None)
    assert shown <= set(re.findall(r"\d+\.\d%", text))  # the same figures as the page shows
    assert book.sheetnames[-1] == "Method notes and sources"
    assert client.get("/ledger/partnerships/EE/value-report/?period=nonsense").status_code == 400


def test_pdf_with_an_external_image_does_not_touch_the_network(report, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the report tried to reach the network")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    report.notes.append("external")
    report.waterfall_svg += '<img src="https://example.com/x.png" alt="">'
    assert report_pdf(report).startswith(b"%PDF")
    assert report_xlsx(report)[:2] == b"PK"
