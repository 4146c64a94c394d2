"""People are named on pages and downloads as the viewer may see them: no email address for the aggregate-only
government view, even where a person has no full name (the audit trail, confidence history, jobs)."""
import datetime as dt

import pytest

from riep.accounts.models import User
from riep.core.permissions import Role
from riep.portfolio.models import ConfidenceAssessment, Project

pytestmark = pytest.mark.usefixtures("demo")
EMAIL = "no.name@norfolk.example"


@pytest.fixture
def change_by_someone_without_a_name(db):
    person = User.objects.create_user(EMAIL, "a long enough password 42", role=Role.PROGRAMME_MANAGER)
    project = Project.objects.get(code="ee-aspire2perform")
    project.description += " (updated)"
    project._history_user = person
    project.save()
    ConfidenceAssessment.objects.create(project=project, rating=3, assessed_on=dt.date(2010, 6, 1),
                                        assessed_by=person, commentary="On track")
    return project


def test_the_reviewer_never_sees_an_email_address(change_by_someone_without_a_name, client, sign_in):
    sign_in("reviewer@communities.example")
    page = client.get("/projects/ee-aspire2perform/").content.decode()
    assert EMAIL not in page and "A programme manager" in page
    for table in ("audit", "confidence-history"):
        download = client.get(f"/projects/ee-aspire2perform/?download={table}&format=csv")
        assert download.status_code == 200
        assert EMAIL not in b"".join(download.streaming_content).decode("utf-8-sig")


def test_people_who_may_see_contact_details_see_the_email(change_by_someone_without_a_name, client, sign_in):
    sign_in("board@improvementeast.example")
    assert EMAIL in client.get("/projects/ee-aspire2perform/").content.decode()
