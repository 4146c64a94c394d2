"""Who sees which job (each kind's rule, on the demo data) and what the job pages show."""
import pytest

from riep.accounts.models import User
from riep.core.jobs import can_see_job, enqueue, visible_jobs, work
from riep.core.models import Job
from riep.core.uploads import store_bytes
from riep.registry.models import Organisation, Partnership
from riep.registry.services import BUNDLED_COUNCIL_FILE

pytestmark = pytest.mark.usefixtures("demo")


def person(email):
    return User.objects.get(email=email)


@pytest.fixture
def south_east_admin(db):
    admin = User.objects.create(email="admin@iese.example", role="partnership_admin")
    admin.partnerships.set(Partnership.objects.filter(code="SE"))
    return admin


def _seen_by(job, *emails):
    return {email: can_see_job(person(email) if isinstance(email, str) else email, job) for email in emails}


def test_the_creator_always_sees_their_job_and_admins_see_their_partnerships_people(db, south_east_admin):
    norfolk = person("officer@norfolk.example")
    job = enqueue("ledger.import_gains", {"upload_id": 0, "user_id": norfolk.pk}, norfolk)
    assert _seen_by(job, "officer@norfolk.example", "admin@riep.example", "manager@iese.example", "officer@kent.example") == {
        "officer@norfolk.example": True, "admin@riep.example": True, "manager@iese.example": False,
        "officer@kent.example": False}
    assert not can_see_job(south_east_admin, job)  # Norfolk is in Improvement East, not the South East


def test_a_care_import_is_seen_by_whoever_may_see_the_councils_placements(db, south_east_admin):
    kent = Organisation.objects.get(gss_code="E10000016")
    colleague = User.objects.create(email="colleague@kent.example", role="council_officer")
    colleague.councils.add(kent)
    job = enqueue("care.import_placements", {"import_id": 0}, person("officer@kent.example"), subject=kent)
    assert job.subject_label == str(kent)
    assert _seen_by(job, "manager@iese.example", "officer@norfolk.example", "manager@improvementeast.example") == {
        "manager@iese.example": True, "officer@norfolk.example": False, "manager@improvementeast.example": False}
    assert can_see_job(colleague, job) and can_see_job(south_east_admin, job)


def test_a_value_report_is_seen_by_the_partnerships_people_and_the_register_import_by_admins(db, south_east_admin):
    report = enqueue("ledger.value_report", {"partnership": "EE"}, subject=Partnership.objects.get(code="EE"))
    assert _seen_by(report, "manager@improvementeast.example", "manager@iese.example") == {
        "manager@improvementeast.example": True, "manager@iese.example": False}
    register = enqueue("registry.import_councils", {"upload_id": 0}, person("admin@riep.example"))
    assert can_see_job(south_east_admin, register) and not can_see_job(person("manager@iese.example"), register)
    assert set(visible_jobs(person("manager@iese.example"))) == set()


def test_job_pages_show_the_name_status_in_words_times_progress_and_result(db, client):
    admin = person("admin@riep.example")
    upload = store_bytes(BUNDLED_COUNCIL_FILE.read_bytes(), "councils.csv", admin)
    job = enqueue("registry.import_councils", {"upload_id": upload.pk}, admin)
    client.force_login(admin)
    waiting = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Import of the council register" in waiting and "Waiting" in waiting and "registry.import_councils" not in waiting
    assert work(once=True) == 1
    job.refresh_from_db()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    finished = f"{job.finished_at.astimezone().day} {job.finished_at.astimezone():%b %Y}"
    assert "Finished" in page and "100%" in page and "940 of 940" in page and "380 unchanged" in page
    assert finished in page
    listing = client.get("/jobs/").content.decode()
    assert "Import of the council register" in listing and "380 unchanged" in listing and "registry.import_councils" not in listing
    data = client.get(f"/jobs/{job.pk}/", {"format": "json"}).json()
    assert data["name"] == "Import of the council register" and data["status_text"] == "Finished" and data["attempts"] == 1
    client.force_login(person("manager@iese.example"))
    assert client.get(f"/jobs/{job.pk}/").status_code == 403


def test_a_failed_job_shows_its_error_on_both_pages(db, client):
    admin = person("admin@riep.example")
    job = enqueue("registry.import_councils", {"upload_id": store_bytes(b"gss-code\nE1\n", "bad.csv").pk}, admin)
    work(once=True)
    client.force_login(admin)
    assert "the required column ‘nation’ is missing" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Nothing was imported: 6 problems in bad.csv." in client.get("/jobs/").content.decode()
    assert Job.objects.get(pk=job.pk).get_status_display() == "Failed"
