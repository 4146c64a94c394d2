"""Jobs on django-tasks, in process: records, attempts, errors, stale recovery, uploads, visibility, pages."""
import datetime as dt
import hashlib
import pathlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import tests.core.job_kinds  # noqa: F401  registers the test kinds
from riep.core.errors import UserError
from riep.core.jobs import JobError, enqueue, get_kind, recover_stale_jobs, work
from riep.core.models import Job, JobStatus, Upload
from riep.core.uploads import read_upload, receive_upload

SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "riep"


def test_each_capability_registers_its_kinds_with_names_in_words():
    names = {k: get_kind(k).name for k in ("registry.import_councils", "ledger.import_gains", "ledger.value_report",
                                           "care.import_placements", "impact.run_analysis")}
    assert names == {"registry.import_councils": "Import of the council register",
                     "ledger.import_gains": "Import of efficiency gains", "ledger.value_report": "Value report",
                     "care.import_placements": "Import of care placements", "impact.run_analysis": "Impact analysis"}
    assert get_kind("registry.import_councils").task.module_path == "riep.registry.jobs.import_councils_job"


def test_core_jobs_import_no_capability():
    capabilities = ("riep.registry", "riep.ledger", "riep.care", "riep.impact", "riep.portfolio")
    for path in [*(SRC / "core" / "jobs").glob("*.py"), SRC / "core" / "models.py", SRC / "core" / "uploads.py"]:
        text = path.read_text(encoding="utf-8")
        assert not [c for c in capabilities if c in text], path


def test_a_job_is_a_record_linked_to_its_task_and_attempts_are_counted_once(db):
    job = enqueue("tests.slow_rows", {"tag": "once", "rows": 3, "pause": 0})
    task = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task.task_path == "tests.core.job_kinds.slow_rows" and task.args_kwargs["args"] == [job.pk]
    assert job.name == "Slow import of test rows" and job.status == JobStatus.QUEUED
    assert work(once=True) == 1
    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1 and job.result["created"] == 3
    assert (job.progress_done, job.progress_total, job.percent) == (6, 6, 100) and job.finished_at
    assert task.status == "SUCCESSFUL" and task.return_value == job.result
    assert Upload.objects.filter(name__startswith="once-").count() == 3


def test_a_user_error_fails_with_its_message_as_is(db):
    job = enqueue("tests.refused", {})
    work(once=True)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "Nothing was imported: row 3, amount: ‘abc’ is not a number."
    assert issubclass(JobError, UserError)


def test_an_unexpected_failure_shows_a_plain_message_with_a_reference_and_keeps_the_traceback_for_the_operator(db, caplog):
    job = enqueue("tests.broken", {})
    work(once=True)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "disk full" not in job.error and "Traceback" not in job.error
    assert job.error.startswith("Something went wrong while running this job (RuntimeError)")
    assert f"reference job {job.pk}" in job.error
    assert "disk full" in DBTaskResult.objects.get(pk=job.task_result_id).traceback
    assert any("disk full" in (r.exc_text or "") or (r.exc_info and "disk full" in str(r.exc_info[1])) for r in caplog.records)


def _as_if_its_worker_died(job, attempts):
    old = timezone.now() - dt.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=attempts, heartbeat_at=old, started_at=old)
    DBTaskResult.objects.filter(pk=job.task_result_id).update(status="RUNNING", started_at=old, worker_ids=["gone"] * attempts)


def test_a_stale_job_is_queued_again_once_then_failed_with_a_plain_message(db):
    job = enqueue("tests.slow_rows", {"tag": "stale", "rows": 2, "pause": 0})
    _as_if_its_worker_died(job, attempts=1)
    fresh = enqueue("tests.silent", {"seconds": 0})
    Job.objects.filter(pk=fresh.pk).update(status=JobStatus.RUNNING, attempts=1, heartbeat_at=timezone.now())
    DBTaskResult.objects.filter(pk=fresh.task_result_id).update(status="RUNNING", started_at=timezone.now())
    assert recover_stale_jobs() == 1  # the one with a fresh heartbeat is left alone
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and DBTaskResult.objects.get(pk=job.task_result_id).status == "READY"
    assert Job.objects.get(pk=fresh.pk).status == JobStatus.RUNNING
    assert work(once=True) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2

    again = enqueue("tests.slow_rows", {"tag": "stale2", "rows": 2, "pause": 0})
    _as_if_its_worker_died(again, attempts=2)
    assert recover_stale_jobs() == 1
    again.refresh_from_db()
    assert again.status == JobStatus.FAILED and "The worker stopped twice while running this job" in again.error
    assert DBTaskResult.objects.get(pk=again.task_result_id).status == "FAILED"
    assert work(once=True) == 0


def test_the_worker_looks_for_stale_jobs_when_it_starts(db):
    job = enqueue("tests.slow_rows", {"tag": "start", "rows": 1, "pause": 0})
    _as_if_its_worker_died(job, attempts=1)
    assert work(once=True) == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED


def test_an_attempt_taken_for_dead_cannot_overwrite_the_newer_one(db):
    from riep.core.jobs.monitor import JobMonitor, Progress
    from riep.core.jobs.runner import _finish

    job = enqueue("tests.silent", {"seconds": 0})
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=2)
    job.attempts = 1  # the old attempt's view of the job
    _finish(job, JobMonitor(Progress(job)), JobStatus.FAILED, error="old attempt")
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_an_upload_keeps_its_bytes_name_size_hash_and_uploader(db, django_user_model):
    person = django_user_model.objects.create(email="u@example.org")
    upload = receive_upload(SimpleUploadedFile("../../councils.csv", b"gss-code\nE1\n"), person)
    again = read_upload(upload.pk)
    assert (again.name, again.size, again.content, again.uploaded_by) == ("councils.csv", 12, b"gss-code\nE1\n", person)
    assert again.sha256 == hashlib.sha256(b"gss-code\nE1\n").hexdigest()
    with pytest.raises(UserError, match="Upload it again"):
        read_upload(upload.pk + 1000)
