"""Support cases from trigger to closure, and who sees them: staff and board their partnership's, a council officer
their own council's, the reviewer the aggregate only."""
import pytest

from riep.registry.models import Organisation
from riep.resilience.models import BoardPaper, InterventionLevel, SupportCase

MANAGER, SE_MANAGER, BOARD = "manager@improvementeast.example", "manager@iese.example", "board@improvementeast.example"
NORFOLK_OFFICER, REVIEWER = "officer@norfolk.example", "reviewer@communities.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_demo_case_ran_from_flag_to_closure(resilience):
    case = SupportCase.objects.get(illustrative=True)
    assert case.partnership.code == "EE" and case.trigger == "flag" and "2017-18 RS return flags" in case.trigger_detail
    assert not case.is_open and case.outcome == "improved" and case.level == InterventionLevel.BOARD
    assert case.actions.filter(status="done").count() == 2 and case.peer_support.count() == 1 and case.papers.count() == 1
    reasons = [h.history_change_reason for h in case.history.order_by("history_date")]
    assert reasons[0] == "Case opened" and reasons[-1] == "Case closed"


@pytest.mark.parametrize("email, sees_case, sees_list", [
    (MANAGER, True, True), (BOARD, True, True), (SE_MANAGER, False, False), (REVIEWER, False, True),
    (NORFOLK_OFFICER, False, False)])
def test_who_sees_a_case(resilience, client, sign_in, email, sees_case, sees_list):
    from riep.resilience.services import cases

    case = SupportCase.objects.get(illustrative=True)
    # Filed here: the demo's own file lives in the demo's media folder, not this test's.
    paper = cases.file_paper(case, "Minutes", "minutes.pdf", PDF)
    sign_in(email)
    assert client.get(case.get_absolute_url()).status_code == (200 if sees_case else 403)
    assert client.get(f"/resilience/cases/{case.pk}/papers/{paper.pk}/").status_code == (200 if sees_case else 403)
    listing = client.get("/resilience/partnerships/EE/cases/")
    assert listing.status_code == (200 if sees_list else 403)
    if email == REVIEWER:
        html = listing.content.decode()
        assert "Open cases by level" in html and case.title not in html and case.council.name not in html


def test_the_council_officer_sees_their_own_councils_case(resilience, client, sign_in):
    from riep.resilience.services import cases

    case = SupportCase.objects.get(illustrative=True)
    norfolk = Organisation.objects.get(gss_code="E10000020")
    own = cases.open_case(case.partnership, norfolk, title="Norfolk budget gap", trigger="request",
                          trigger_detail="The council asked for help")
    sign_in(NORFOLK_OFFICER)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(case.get_absolute_url()).status_code == 403
    assert client.get(f"/resilience/cases/{own.pk}/actions/new/").status_code == 403  # sees, does not run


def test_staff_run_a_case_through_the_pages(resilience, client, sign_in):
    sign_in(MANAGER)
    opened = client.post("/resilience/partnerships/EE/cases/new/", {
        "council": "E10000020", "title": "Norfolk reserves", "trigger": "flag",
        "trigger_detail": "Sustainability under five years in 2016-17", "level": "1"})
    assert opened.status_code == 302
    case = SupportCase.objects.get(title="Norfolk reserves")
    base = f"/resilience/cases/{case.pk}"
    assert client.post(f"{base}/actions/new/", {"description": "Recovery plan", "owner": "S151 officer",
                                                "due_on": "2019-03-31"}).status_code == 302
    assert client.post(f"{base}/peer-support/new/", {"council": "E10000029", "description": "Peer review"}).status_code == 302
    assert client.post(f"{base}/level/", {"level": "2", "reason": "Board oversight"}).status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("paper.pdf", b"not a pdf", content_type="application/pdf")
    refused = client.post(f"{base}/papers/new/", {"title": "Board paper", "file": fake})
    assert refused.status_code == 200 and "not really a PDF" in refused.content.decode()
    good = SimpleUploadedFile("paper.pdf", PDF, content_type="application/pdf")
    assert client.post(f"{base}/papers/new/", {"title": "Board paper", "file": good}).status_code == 302
    paper = BoardPaper.objects.get(case=case)
    download = client.get(f"{base}/papers/{paper.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    early = client.post(f"{base}/close/", {"outcome": "recovered", "detail": "Balanced budget"})
    assert early.status_code == 200 and "still planned or in progress" in early.content.decode()
    action = case.actions.get()
    assert client.post(f"{base}/actions/{action.pk}/", {"status": "done"}).status_code == 302
    assert client.post(f"{base}/close/", {"outcome": "recovered", "detail": "Balanced budget"}).status_code == 302
    case.refresh_from_db()
    assert not case.is_open and case.level == 2 and case.peer_support.get().council.gss_code == "E10000029"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Board oversight" in page and "Recovered" in page
    sign_in(SE_MANAGER)
    assert client.get(f"{base}/close/").status_code == 403
