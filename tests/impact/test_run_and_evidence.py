"""Running an analysis through the job queue (progress, clear errors), uploading panels, and recording a finished
analysis as a gain's evidence in the ledger (Maryland level 3) that the value report then lists."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from riep.core.jobs import work
from riep.core.models import Job, JobStatus
from riep.impact import services
from riep.impact.models import AnalysisStatus, ImpactAnalysis, IndicatorPanel

from .conftest import MANAGER_EE, MANAGER_SE, OFFICER


@pytest.fixture
def panel(impact):
    return IndicatorPanel.objects.get(illustrative=True)


def _post_analysis(client, panel, **overrides):
    data = {"panel": panel.pk, "title": "Canterbury alone", "outcome": "cost_per_household", "treated": "E07000106",
            "treatment_year": "2009", "donor_rule": "same_region", "v_method": "nested", "placebos": "on",
            "outcome_label": "£ per household", "predictors": "", "donors": ""}
    data.update(overrides)
    return client.post("/impact/analyses/new/", data)


def test_an_analysis_runs_through_the_queue_with_placebo_progress(as_user, panel):
    client = as_user(MANAGER_SE)
    response = _post_analysis(client, panel)
    assert response.status_code == 302, response.content.decode()[:3000]
    analysis = ImpactAnalysis.objects.get(title="Canterbury alone")
    assert response["Location"] == analysis.get_absolute_url()
    assert analysis.status == AnalysisStatus.QUEUED and analysis.job.kind == "impact.run_analysis" and analysis.job.name == "Impact analysis"
    assert "Waiting to run" in client.get(analysis.get_absolute_url()).content.decode()
    assert work(once=True) == 1
    job = Job.objects.get(pk=analysis.job.pk)
    analysis.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100, job.error
    placebos = analysis.result["placebo"]["count"]
    assert placebos == analysis.result["donor_pool"] == 53  # the other South East districts
    loo = analysis.result["leave_one_out"]["runs"]
    weighted = [w for w in analysis.result["weights"] if w["weight"] > 1e-6]
    assert len(loo) == len(weighted) >= 2
    assert job.progress_total == placebos + len(loo) + 3 and job.progress_done == job.progress_total
    assert "placebo p-value" in job.result["summary"]
    assert analysis.status == AnalysisStatus.SUCCEEDED and analysis.created_by.email == MANAGER_SE
    # One council (not an average of four) over five pre-start years is noisy: it gives about -4.4 for -6.
    assert -8.5 < analysis.result["average_effect"] < -3.5
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "Average effect after the start" in page and page.count('role="img"') == 3
    assert analysis.history.count() >= 1


@pytest.mark.parametrize("fields, message", [
    ({"treatment_year": 2002}, "Only 2 period(s) before the treatment time 2002"),
    ({"outcome": "missing_column"}, "Column 'missing_column' is not in the panel"),
    ({"treated": ["E07000999"]}, "Treated unit 'E07000999' is not in the panel"),
])
def test_input_problems_fail_clearly_on_the_job_and_analysis_pages(as_user, panel, fields, message):
    client = as_user(MANAGER_SE)
    spec = {"title": "Broken", "panel": panel, "outcome": "cost_per_household", "treated": ["E07000106"],
            "treatment_year": 2009, "donor_rule": "same_region", **fields}
    from riep.accounts.models import User

    analysis = services.create_analysis(User.objects.get(email=MANAGER_SE), **spec)
    work(once=True)
    analysis.refresh_from_db()
    job = Job.objects.get(pk=analysis.job.pk)
    assert job.status == JobStatus.FAILED and message in job.error and "Unexpected" not in job.error
    assert analysis.status == AnalysisStatus.FAILED and message in analysis.error
    assert message in client.get(f"/jobs/{job.pk}/").content.decode().replace("&#x27;", "'")
    page = client.get(analysis.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert "The analysis could not run" in page and message in page


def test_form_names_unknown_councils(as_user, panel):
    response = _post_analysis(as_user(MANAGER_SE), panel, treated="E07000106, Nowhere District")
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "Not in the panel: Nowhere District" in page


def test_treated_councils_can_be_named(as_user, panel):
    response = _post_analysis(as_user(MANAGER_SE), panel, treated="Canterbury\nDover", title="By name")
    assert response.status_code == 302
    assert ImpactAnalysis.objects.get(title="By name").treated == ["E07000106", "E07000108"]


BAD_CSV = (
    "gss_code,name,year,cost\n"
    "E07000106,Canterbury,2008,70.5\n"    # row 2: fine
    "E07000106,Canterbury,2009,n/a\n"     # row 3: not a number
    "E07000106,Canterbury,2009,71\n"      # row 4: duplicate council and year
    ",Dover,2008,66\n"                    # row 5: blank council
    "E07000108,Dover,2008.5,66\n"         # row 6: not a whole year
    "E07000108,Dover,2009,\n"             # row 7: blank value is missing, fine
)


def _upload(client, content: bytes, name="panel.csv", **extra):
    data = {"name": "Test panel", "source": "Test", "licence": "OGL", "unit_column": "gss_code", "time_column": "year",
            "file": SimpleUploadedFile(name, content, "text/csv"), **extra}
    return client.post("/impact/panels/upload/", data)


def test_panel_upload_names_every_bad_row(as_user):
    response = _upload(as_user(MANAGER_SE), BAD_CSV.encode())
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and "There is a problem" in page
    assert "Row 3, column 'cost' (council 'E07000106'): 'n/a' is not a number" in page
    assert "Row 4: council 'E07000106' already has a row for 2009 (row 3)" in page
    assert "Row 5: the council ('gss_code') is blank" in page
    assert "Row 6: the period ('year') must be a year such as 2009 or a financial year such as 2009-10" in page
    assert "Row 7" not in page and "Row 2" not in page
    assert not IndicatorPanel.objects.filter(name="Test panel").exists()


def test_panel_upload_missing_column_and_wrong_type(as_user):
    client = as_user(MANAGER_SE)
    page = _upload(client, b"council,year,cost\nE07000106,2008,1\n").content.decode().replace("&#x27;", "'")
    assert "There is no column called 'gss_code' (the unit column)" in page and "council, year, cost" in page
    page = _upload(client, b"x", name="panel.ods").content.decode()
    assert "CSV (.csv), Excel (.xlsx) or Parquet (.parquet)" in page
    # Damaged files are refused in plain words by the platform's importer, never an "Unexpected error".
    for content, name in ((b"x", "panel.xlsx"), (b"PAR1 not parquet", "panel.parquet"), (b"\xff\xfe\x00bad", "panel.csv")):
        page = _upload(client, content, name=name).content.decode()
        assert "There is a problem" in page and "Unexpected" not in page and "Traceback" not in page, name
    assert not IndicatorPanel.objects.filter(name="Test panel").exists()


def test_good_panel_upload_is_saved_as_parquet_with_warnings(as_user):
    import io

    import pandas as pd

    frame = pd.DataFrame({"gss_code": ["E07000106", "E07000106", "Somewhere", "Somewhere"], "year": [2008, 2009] * 2,
                          "cost": [70.0, 64.5, 60.0, 61.0]})
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    response = _upload(as_user(MANAGER_SE), buffer.getvalue(), name="panel.parquet")
    panel = IndicatorPanel.objects.get(name="Test panel")
    assert response.status_code == 302 and response["Location"] == panel.get_absolute_url()
    assert panel.numeric_columns == ["cost"] and panel.units == ["E07000106", "Somewhere"] and panel.row_count == 4
    assert panel.frame()["cost"].tolist() == [70.0, 64.5, 60.0, 61.0]
    assert "Somewhere" in panel.warnings[0]


def test_demo_gain_has_the_analysis_as_level_3_evidence_and_the_value_report_lists_it(as_user):
    from riep.ledger.models import EfficiencyGain

    gain = EfficiencyGain.objects.get(reference="SE-EKW-001")
    assert gain.evidence_level == 3
    assert gain.evidence_method.startswith("Synthetic control with in-space placebos, p = 0.0")
    assert gain.history.first().change_reason.startswith("Counterfactual evidence from impact analysis")
    page = as_user(MANAGER_SE).get("/ledger/partnerships/SE/value-report/").content.decode()
    assert "Counterfactual evidence behind gains" in page and "SE-EKW-001" in page
    assert "East Kent joint waste contract" in page
    download = as_user(MANAGER_SE).get("/ledger/partnerships/SE/value-report/", {"download": "impact-evidence", "format": "csv"})
    assert download.status_code == 200 and "SE-EKW-001" in download.getvalue().decode("utf-8-sig")


def test_manager_uses_an_analysis_as_evidence_through_the_ledger(as_user):
    from riep.ledger.models import EfficiencyGain
    from riep.ledger.services import GainData, save_gain

    gain = EfficiencyGain.objects.get(reference="SE-EKW-001")
    save_gain(None, gain, GainData(fields={"evidence_level": 1, "evidence_method": "Before and after"}), reason="Test")
    version = EfficiencyGain.objects.get(pk=gain.pk).version
    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    analysis.evidence_gains.clear()
    client = as_user(MANAGER_SE)
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "Use as evidence for a gain" in page
    form = client.get(f"/impact/analyses/{analysis.pk}/evidence/").content.decode()
    assert "SE-EKW-001" in form and "Maryland scale" in form
    response = client.post(f"/impact/analyses/{analysis.pk}/evidence/", {"gains": [gain.pk]})
    assert response.status_code == 302
    gain.refresh_from_db()
    assert gain.evidence_level == 3 and gain.version == version + 1
    assert "p = " in gain.evidence_method and f"Impact analysis {analysis.pk}" in gain.evidence_method
    assert list(analysis.evidence_gains.all()) == [gain]


def test_evidence_is_refused_for_another_partnerships_councils(as_user):
    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    gain = analysis.evidence_gains.get()
    response = as_user(MANAGER_EE).post(f"/impact/analyses/{analysis.pk}/evidence/", {"gains": [gain.pk]})
    assert response.status_code == 403


def test_council_officer_cannot_create_or_record_evidence(as_user, panel):
    client = as_user(OFFICER)
    assert client.get("/impact/analyses/new/").status_code == 403
    assert _post_analysis(client, panel).status_code == 403
    assert client.get("/impact/panels/upload/").status_code == 403
    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    assert client.post(f"/impact/analyses/{analysis.pk}/evidence/", {"gains": []}).status_code == 403
    assert client.get(analysis.get_absolute_url()).status_code == 200


def test_anonymous_users_are_sent_to_sign_in(client, impact):
    for url in ("/impact/", "/impact/analyses/new/", "/impact/panels/upload/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_form_takes_the_start_as_a_financial_year(as_user, panel):
    client = as_user(MANAGER_SE)
    response = _post_analysis(client, panel, treatment_year="2009-10")
    assert response.status_code == 302
    assert ImpactAnalysis.objects.filter(title="Canterbury alone").latest("pk").treatment_year == 2009
    page = _post_analysis(client, panel, treatment_year="2009-11").content.decode()
    assert "Enter a financial year such as 2009-10, not &#x27;2009-11&#x27;" in page
