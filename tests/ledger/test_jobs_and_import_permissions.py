"""Import permissions (page, job) and the ledger job handlers, run through the queue and the worker."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from riep.core.importing import ImportRefused
from riep.core.jobs import enqueue, work
from riep.core.models import Job, JobStatus, Upload
from riep.core.uploads import store_bytes
from riep.ledger.models import EfficiencyGain

from .conftest import user
from .test_import_cli_api import GOOD, _csv, _import

NORFOLK_ROW = ["EE-IMP-010", "E10000020", "", "Waste", "procurement", "Joint waste contract", "yes", "yes", "realised", "",
               "2009-10", "2009-10", "30000", "0", "1000", ""]


def _upload(path):
    return store_bytes(path.read_bytes(), path.name).pk


def _run(kind, params, as_email=None):
    job = enqueue(kind, params, user(as_email) if as_email else None)
    assert work(once=True) >= 1
    job.refresh_from_db()
    return job


def test_council_officer_imports_only_own_councils_gains_every_other_row_named(ledger, tmp_path):
    officer = user("officer@norfolk.example")
    with pytest.raises(ImportRefused) as failed:
        _import(_csv(tmp_path, [NORFOLK_ROW] + GOOD), user=officer)
    problems = {p.row: p.message for p in failed.value.problems}
    assert {p.field for p in failed.value.problems} == {"council"}
    assert sorted(problems) == [3, 4, 5]
    assert "Suffolk" in problems[3] and "E10000029" in problems[3] and "not one of your councils" in problems[3]
    assert "Cambridgeshire" in problems[5]
    assert not EfficiencyGain.objects.filter(reference__startswith="EE-IMP").exists()
    assert _import(_csv(tmp_path, [NORFOLK_ROW], "own.csv"), user=officer).references["added"] == ["EE-IMP-010"]


def test_officer_cannot_take_over_another_councils_gain_by_import(ledger, tmp_path):
    row = ["EE-SFK-001", "E10000020", "", "Procurement", "procurement", "Mine now", "yes", "yes", "realised", "",
           "2009-10", "2009-10", "1", "0", "0", ""]
    with pytest.raises(ImportRefused) as failed:
        _import(_csv(tmp_path, [row]), user=user("officer@norfolk.example"))
    assert failed.value.problems[0].row == 2 and "Suffolk" in failed.value.problems[0].message


def test_programme_manager_imports_partnership_councils(ledger, tmp_path):
    assert len(_import(_csv(tmp_path, GOOD), user=user("manager@improvementeast.example")).references["added"]) == 2
    with pytest.raises(ImportRefused):
        _import(_csv(tmp_path, GOOD, "other.csv"), user=user("manager@iese.example"))


def test_import_job_succeeds_with_progress_100(ledger, tmp_path):
    job = _run("ledger.import_gains", {"upload_id": _upload(_csv(tmp_path, GOOD)), "user_id": user("manager@improvementeast.example").pk},
               "manager@improvementeast.example")
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100 and job.progress_done == job.progress_total
    assert sorted(job.result["added"]) == ["EE-IMP-001", "EE-IMP-002"] and "2 gains added" in job.result["summary"]


def test_import_job_failure_keeps_a_clear_message_and_saves_nothing(ledger, tmp_path):
    job = _run("ledger.import_gains", {"upload_id": _upload(_csv(tmp_path, GOOD)), "user_id": user("officer@kent.example").pk},
               "officer@kent.example")
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Nothing was imported: 3 problems in ") and "Row 2, council:" in job.error
    assert "Suffolk" in job.error
    assert "Traceback" not in job.error
    assert not EfficiencyGain.objects.filter(reference__startswith="EE-IMP").exists()


def test_import_job_without_a_user_is_refused(ledger, tmp_path):
    job = _run("ledger.import_gains", {"upload_id": _upload(_csv(tmp_path, GOOD))})
    assert job.status == JobStatus.FAILED and "names no active user" in job.error
    operator = _run("ledger.import_gains", {"upload_id": _upload(_csv(tmp_path, GOOD)), "operator": True})
    assert operator.status == JobStatus.SUCCEEDED


def test_import_page_runs_as_the_user_and_links_to_the_job_page(as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_user("officer@norfolk.example")
    assert "/ledger/gains/import/" in client.get("/ledger/").content.decode()
    content = _csv(tmp_path, GOOD).read_bytes()
    response = client.post("/ledger/gains/import/", {"file": SimpleUploadedFile("gains.csv", content), "reason": "Quarterly update"})
    job = Job.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.params["user_id"] == user("officer@norfolk.example").pk
    work(once=True)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The job failed" in page and "Suffolk" in page and "not one of your councils" in page
    assert "problems in gains.csv." in page  # the name the person uploaded
    upload = Upload.objects.get(pk=job.params["upload_id"])  # the file reached the job as an upload, not a path
    assert upload.name == "gains.csv" and bytes(upload.content) == content and upload.uploaded_by.email == "officer@norfolk.example"
    assert not (tmp_path / "imports").exists()
    refused = client.post("/ledger/gains/import/", {"file": SimpleUploadedFile("gains.txt", b"x"), "reason": "x"})
    assert "must be a CSV or XLSX file" in refused.content.decode()
    assert as_user("board@improvementeast.example").get("/ledger/gains/import/").status_code == 403


def test_value_report_job_writes_the_pdf(ledger, tmp_path):
    out = tmp_path / "value.pdf"
    job = _run("ledger.value_report", {"partnership": "EE", "period": "2008-09:2010-11", "format": "pdf", "output": str(out)})
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100 and job.progress_done == 2
    assert out.read_bytes().startswith(b"%PDF") and "Value report" in job.result["summary"]
    xlsx = _run("ledger.value_report", {"partnership": "EE", "period": "2008-09:2010-11", "output": str(tmp_path / "v.xlsx")})
    assert xlsx.status == JobStatus.SUCCEEDED and (tmp_path / "v.xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("params,message", [
    ({"partnership": "ZZ", "period": "2008-09:2010-11"}, "there is no partnership with code ‘ZZ’"),
    ({"partnership": "EE", "period": "2010-11:2008"}, "is not valid"),
    ({"partnership": "EE", "period": "2008-09:2010-11", "output": "/no/such/folder/v.pdf"}, "does not exist"),
])
def test_value_report_job_failure_keeps_a_clear_message(ledger, tmp_path, params, message):
    params = {"output": str(tmp_path / "v.pdf"), "format": "pdf", **params}
    job = _run("ledger.value_report", params)
    assert job.status == JobStatus.FAILED and message in job.error and "Traceback" not in job.error
