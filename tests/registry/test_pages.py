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
    sign_in("manager@iese.example")
    assert client.get(f"/jobs/{job.pk}/").status_code == 403
