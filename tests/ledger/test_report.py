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
    left_out = sum((r["gross"] for r in report.left_out.rows), Decimal(0))
    # Every EE gain's gross in the period is either a benefit or in the table of gains not counted (issue 9 item 6).
    assert report.totals["gross"] + left_out == ledger_rows["gross"]
    # Counted: EE-NFK-001 29,500,000 + EE-NFK-003 270,000 (non-cashable, value but never NI 179) + EE-SFK-001 39,500,000
    assert report.totals["gross"] == Decimal("69270000.00")
    # Costs: EE-NFK-001 1,500,000 + 400,000 + 600,000 + 600,000, EE-SFK-001 300,000, and the 400,000 of set-up in
    # 2007-08, before the period, counted in 2008-09 (the old report dropped it).
    assert report.totals["costs"] == Decimal("3800000.00")
    assert report.totals["net"] == report.totals["gross"] - report.totals["costs"]
    for groups in (report.by_council, report.by_project, report.by_theme):
        for measure, total in report.totals.items():
            assert sum((g[measure] for g in groups.values()), Decimal(0)) == total, measure
    # Norfolk: 0.6 × 29,500,000 + 0.35 × 39,500,000 + 270,000; Suffolk 0.4 × both; Cambridgeshire 0.25 × 39,500,000
    assert report.by_council["Norfolk"]["gross"] == Decimal("31795000.00")
    assert report.by_council["Suffolk"]["gross"] == Decimal("27600000.00")
    assert report.by_council["Cambridgeshire"]["gross"] == Decimal("9875000.00")


def test_gains_not_counted_are_listed_with_why(report):
    reasons = {r["gain"]: r["reason"] for r in report.left_out.rows}
    assert reasons["EE-NOR-OWN"].startswith("Not a partnership project")
    assert reasons["EE-NFK-002"].startswith("Not a partnership project")  # and not ongoing either
    assert reasons["EE-CAM-001"].startswith("Not a partnership project")
    assert any("£400,000.00 of costs recorded before 2008-09" in w for w in report.warnings)


def test_planned_failed_and_quality_not_maintained_gains_are_not_benefits(ledger):
    # Issue 9 item 6: the old report counted all of these as benefits without saying so.
    from riep.ledger.models import EfficiencyGain
    from riep.portfolio.models import Project

    project = Project.objects.get(code="ee-aspire2perform")
    base = EfficiencyGain.objects.get(reference="EE-NFK-003")
    specs = {"EE-T-PLANNED": {"status": "planned"}, "EE-T-QUALITY": {"service_quality_maintained": False},
             "EE-T-ONEYEAR": {}}
    for reference, changes in specs.items():
        gain = EfficiencyGain.objects.create(
            reference=reference, council=base.council, project=project, service_area="Test", category="other",
            description="Test", cash_releasing=True, status=changes.get("status", "realised"),
            service_quality_maintained=changes.get("service_quality_maintained", True), first_year=FinancialYear(2009))
        years = [2009] if reference == "EE-T-ONEYEAR" else [2009, 2010, 2011]
        GainYear.objects.bulk_create([GainYear(gain=gain, year=FinancialYear(y), gross_saving=Decimal("1000000"))
                                      for y in years])
    report = build_value_report(Partnership.objects.get(code="EE"), FinancialYear(2008), FinancialYear(2010))
    reasons = {r["gain"]: r["reason"] for r in report.left_out.rows}
    assert reasons["EE-T-PLANNED"].startswith("Planned")
    assert reasons["EE-T-QUALITY"].startswith("Service quality was not maintained")
    assert reasons["EE-T-ONEYEAR"].startswith("Not ongoing")
    assert report.totals["gross"] == Decimal("69270000.00")  # none of the 5,000,000 counted


def test_heavy_reference_case_cuts_additional_savings(report):
    # EE-SFK-001: gross 6,500,000 + 15,000,000 + 18,000,000; the national framework price would have saved 40% anyway:
    # (6,500,000 − 2,600,000) + (15,000,000 − 6,000,000) + (18,000,000 − 7,200,000) = 23,700,000, less 300,000 invested.
    project = report.by_project["Support for councils in difficulty"]
    assert project["gross"] == Decimal("39500000.00")
    assert project["additional_net"] == Decimal("23400000.00")


def test_appraisal_of_the_partnership_funding(report):
    # Additional savings by year: 2008-09 0.595 × 5,000,000 + 3,900,000 + 90,000 = 6,965,000;
    # 2009-10 0.595 × 11,500,000 + 9,000,000 + 90,000 = 15,932,500; 2010-11 0.595 × 13,000,000 + 10,800,000 + 90,000
    # = 18,625,000 (0.595 = (1 − 15% deadweight) × 70% attribution). PV at 3.5%: 6,965,000 + 15,932,500 / 1.035
    # + 18,625,000 / 1.035² = 39,745,356.60.
    a = report.appraisal
    assert a.pv_benefits == Decimal("39745356.60")
    assert a.npv > 0 and a.vfm_band.key == "low" and Decimal("1.4") < a.bcr < Decimal("1.5")


def test_page_pdf_and_xlsx(as_user, report):
    client = as_user("reviewer@communities.example")
    page = client.get("/ledger/partnerships/EE/value-report/?period=2008-09:2010-11")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text and "<title>Waterfall" in text and 'aria-label="Waterfall' in text
    assert "£69,270,000" in text
    pdf = client.get("/ledger/partnerships/EE/value-report/?period=2008-09:2010-11&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get("/ledger/partnerships/EE/value-report/?period=2008-09:2010-11&format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.getvalue()))
    sheet = book["Savings by council"]
    header = [c.value for c in sheet[1]]
    gross_col = header.index("Gross savings")
    values = [row[gross_col].value for row in sheet.iter_rows(min_row=2)]
    assert round(sum(values[:-1]), 2) == round(values[-1], 2) == 69270000.00
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


def test_the_reports_trajectory_reads_the_same_gains_as_the_trajectory_page(ledger):
    """The report hands the gains it already read to the CSR07 trajectory; a gain of a member council under another
    partnership's project, and a withdrawn one, must still be counted or left out exactly as the page does."""
    from riep.ledger.models import EfficiencyGain, GainStatus
    from riep.ledger.services import gains_for_partnership
    from riep.ledger.services.trajectory import trajectory_table
    from riep.portfolio.models import Project

    east = Partnership.objects.get(code="EE")
    elsewhere = Project.objects.exclude(partnership=east).first()
    moved = EfficiencyGain.objects.filter(project__partnership=east, status=GainStatus.REALISED).first()
    assert elsewhere is not None and moved is not None
    moved.project = elsewhere  # still Norfolk's (or Suffolk's) gain, now under another partnership's project
    moved.save()
    EfficiencyGain.objects.filter(project__partnership=east).exclude(pk=moved.pk).order_by("pk").filter(
        pk__in=EfficiencyGain.objects.filter(project__partnership=east).order_by("pk").values("pk")[:1]
    ).update(status=GainStatus.WITHDRAWN)
    known = gains_for_partnership(east).exclude(status=GainStatus.WITHDRAWN)
    list(known)
    assert trajectory_table(east, known=known).rows == trajectory_table(east).rows
    assert any(r["calculated"] for r in trajectory_table(east).rows)
