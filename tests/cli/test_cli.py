import pytest
from typer.testing import CliRunner

from riep.accounts.models import ApiToken, User
from riep.cli.main import app
from riep.core.jobs import enqueue, work
from riep.core.models import Job, JobStatus
from riep.core.uploads import store_bytes
from riep.registry.models import Organisation
from riep.registry.services import BUNDLED_COUNCIL_FILE

runner = CliRunner()


@pytest.fixture
def councils(db):
    result = runner.invoke(app, ["import", "councils", str(BUNDLED_COUNCIL_FILE)])
    assert result.exit_code == 0, result.output
    return result


def test_import_councils_reports_counts_and_corrections(councils):
    assert "380 councils added" in councils.output and "corrected: Derbyshire" in councils.output
    again = runner.invoke(app, ["import", "councils", str(BUNDLED_COUNCIL_FILE)])
    assert "0 councils added, 0 changed, 380 unchanged" in again.output and "first imported on" in again.output


def test_import_councils_bad_file_exits_2_with_the_row(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(BUNDLED_COUNCIL_FILE.read_text(encoding="utf-8", errors="replace").replace("E06000001", "E0600000X", 1), encoding="utf-8")
    result = runner.invoke(app, ["import", "councils", str(bad)])
    assert result.exit_code == 2 and "gss-code: 'E0600000X'" in result.output
    assert not Organisation.objects.exists()


def test_user_and_token_creation(councils):
    result = runner.invoke(app, ["user", "create", "--email", "o@example.org", "--role", "council_officer",
                                 "--council", "E10000020", "--password-stdin"], input="a long enough password 42\n")
    assert result.exit_code == 0, result.output
    user = User.objects.get(email="o@example.org")
    assert user.check_password("a long enough password 42") and list(user.councils.values_list("gss_code", flat=True)) == ["E10000020"]
    token = runner.invoke(app, ["token", "create", "--email", "o@example.org"])
    assert token.exit_code == 0 and ApiToken.authenticate(token.stdout.strip()) == user
    unknown = runner.invoke(app, ["user", "create", "--email", "x@example.org", "--role", "council_officer", "--council", "E1"])
    assert unknown.exit_code == 2 and "unknown council GSS code 'E1'" in unknown.output


def test_worker_runs_a_council_import_job_with_progress(db):
    upload = store_bytes(BUNDLED_COUNCIL_FILE.read_bytes(), "councils.csv")
    job = enqueue("registry.import_councils", {"upload_id": upload.pk})
    result = runner.invoke(app, ["worker", "--once"])
    assert result.exit_code == 0 and "1 job(s)" in result.output
    assert "Import of the council register" in result.output
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100 and job.result["added"] == 380
    assert job.progress_total == 940 and job.attempts == 1  # 470 rows checked, then written


def test_failed_job_keeps_its_message_and_stale_jobs_are_requeued(db):
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    bad = store_bytes(b"gss-code\nE1\n", "bad.csv")
    failed = enqueue("registry.import_councils", {"upload_id": bad.pk})
    stale = enqueue("registry.import_councils", {"upload_id": bad.pk})
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=stale.pk).update(status=JobStatus.RUNNING, attempts=1, heartbeat_at=an_hour_ago)
    DBTaskResult.objects.filter(pk=stale.task_result_id).update(status="RUNNING", started_at=an_hour_ago)
    assert work(once=True) == 2  # the stale job went back in the queue and ran again
    failed.refresh_from_db()
    stale.refresh_from_db()
    assert failed.status == JobStatus.FAILED and "the required column ‘nation’ is missing" in failed.error
    assert stale.status == JobStatus.FAILED and stale.attempts == 2


def test_demo_command_loads_and_prints_sign_in_details(db):
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "officer@norfolk.example" in result.output and "riep-demo-2009" in result.output
    again = runner.invoke(app, ["demo"])
    assert again.exit_code == 2 and "--reset" in again.output
    reset = runner.invoke(app, ["demo", "--reset"])
    assert reset.exit_code == 0


def test_an_unexpected_failure_shows_a_plain_message_not_a_traceback(db):
    import tests.core.job_kinds  # noqa: F401  a kind that fails with RuntimeError("disk full")

    job = enqueue("tests.broken", {})
    work(once=True)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "disk full" not in job.error
    assert job.error == ("Something went wrong while running this job (RuntimeError). Nothing more was done. "
                         f"The details are in the worker's log under reference job {job.pk}.")