import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from riep.core.jobs import work
from riep.core.models import Job

pytestmark = pytest.mark.usefixtures("demo")


def test_partnership_and_council_pages(db, client, sign_in):
    sign_in("board@improvementeast.example")
    page = client.get("/registry/partnerships/EE/").content.decode()
    assert "Norfolk County Council" in page and "£7,952,000" in page and "Aspire2perform" in page
    assert "Norfolk Constabulary" in page and "Partner organisation" in page  # members are not only councils
    assert "Audit trail" in page
    council = client.get("/registry/councils/?region=E12000001&former=1").content.decode()
    assert "Chester-le-Street District Council" in council and "Abolished" in council


def test_people_are_hidden_from_the_aggregate_government_view(db, client, sign_in):
    sign_in("reviewer@communities.example")
    assert client.get("/registry/people/").status_code == 403
    assert "board chair" not in client.get("/registry/partnerships/EE/").content.decode()
    sign_in("board@improvementeast.example")
    assert client.get("/registry/people/").status_code == 200


def test_council_import_upload_runs_in_the_worker_with_progress(db, client, sign_in):
    from riep.registry.services import BUNDLED_COUNCIL_FILE

    sign_in("officer@norfolk.example")
    assert client.get("/registry/councils/import/").status_code == 403
    sign_in("admin@riep.example")
    upload = SimpleUploadedFile("councils.csv", BUNDLED_COUNCIL_FILE.read_bytes(), content_type="text/csv")
    response = client.post("/registry/councils/import/", {"file": upload})
    job = Job.objects.latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/"
    waiting = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Waiting" in waiting and 'http-equiv="refresh"' in waiting
    work(once=True)
    done = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Finished" in done and "100%" in done and "380 unchanged" in done
    assert f"Job {job.pk}" in client.get("/jobs/").content.decode()
    assert client.get(f"/jobs/{job.pk}/", {"format": "json"}).json()["percent"] == 100
    sign_in("manager@iese.example")
    assert client.get(f"/jobs/{job.pk}/").status_code == 403
    assert f"Job {job.pk}" not in client.get("/jobs/").content.decode()


def test_a_refused_council_file_lists_its_problems_on_the_job_page_under_its_own_name(db, client, sign_in):
    from riep.registry.services import BUNDLED_COUNCIL_FILE

    sign_in("admin@riep.example")
    text = BUNDLED_COUNCIL_FILE.read_text(encoding="utf-8").replace(",E06000001,", ",E0600000X,", 1)
    upload = SimpleUploadedFile("my register.csv", text.encode("utf-8"), content_type="text/csv")
    client.post("/registry/councils/import/", {"file": upload})
    job = Job.objects.latest("pk")
    work(once=True)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The job failed" in page and "Nothing was imported: 1 problem in my register.csv." in page
    assert "Row 186, gss-code: &#x27;E0600000X&#x27; is not an English GSS code" in page


def test_partnership_admin_adds_partner_and_person_with_clear_errors(db, client, sign_in):
    from riep.registry.models import Membership, Organisation, Person

    sign_in("manager@improvementeast.example")
    assert client.get("/registry/partnerships/EE/partners/new/").status_code == 403
    sign_in("admin@riep.example")
    added = client.post("/registry/partnerships/EE/partners/new/", {"name": "Anglian Water", "kind": "private"})
    assert added.status_code == 302
    assert Membership.objects.filter(partnership__code="EE", organisation__name="Anglian Water", role="partner").exists()
    again = client.post("/registry/partnerships/EE/partners/new/", {"name": "anglian water", "kind": "private"})
    assert "is already a member of Improvement East" in again.content.decode()
    missing = client.post("/registry/partnerships/EE/people/new/", {"name": "", "organisation": ""}).content.decode()
    assert "There is a problem" in missing
    water = Organisation.objects.get(name="Anglian Water")
    client.post("/registry/partnerships/EE/people/new/", {"name": "A. Partner", "organisation": water.pk, "partnership_role": "Board member"})
    assert Person.objects.get(name="A. Partner").partnership.code == "EE"


def test_an_upload_past_the_limit_is_refused_in_the_form_and_nothing_is_spooled(db, client, sign_in, settings,
                                                                                 tmp_path):
    from riep.core.models import Upload

    settings.RIEP_MAX_UPLOAD_MB = 1
    settings.FILE_UPLOAD_TEMP_DIR = str(spool := tmp_path / "spool")
    spool.mkdir()
    sign_in("admin@riep.example")
    jobs_before, uploads_before = Job.objects.count(), Upload.objects.count()
    big = SimpleUploadedFile("councils.csv", b"name\n" + b"x" * (2 * 1024 * 1024), content_type="text/csv")
    response = client.post("/registry/councils/import/", {"file": big})
    assert response.status_code == 200
    assert "The selected file must be smaller than 1 MB" in response.content.decode()
    assert (Job.objects.count(), Upload.objects.count()) == (jobs_before, uploads_before)
    assert list(spool.iterdir()) == []  # never written to disk, so an interrupted upload leaves nothing behind
    empty = client.post("/registry/councils/import/", {"file": ""}).content.decode()
    assert "Select the council register file" in empty  # the message names its field
