"""Each role's starting page: its to-do items from the demo data, each linking to where the work is done."""
import re

import pytest

pytestmark = pytest.mark.usefixtures("demo")


def _page(client, sign_in, email):
    sign_in(email)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _links_under(page, heading):
    section = page.split(heading, 1)[1].split("</div>", 1)[0]
    return re.findall(r'href="([^"]+)"', section)


def test_a_council_officers_page_has_its_returns_gains_standing_and_price_risks(db, client, sign_in):
    page = _page(client, sign_in, "officer@kent.example")
    assert "NI 179 this year (2010-11)" in page and "Kent 2010-11:" in page
    assert "/ledger/ni179/E10000016/2008-09/" in _links_under(page, "NI 179 returns to submit")
    assert "Gains with no evidence document" in page
    risks = _links_under(page, "Placements with a price risk")
    assert risks and all(link.startswith("/care/placements/") for link in risks)
    assert client.get(risks[0]).status_code == 200  # the link goes where the person acts


def test_a_programme_managers_page_has_returns_to_validate_milestones_and_underspend(db, client, sign_in):
    page = _page(client, sign_in, "manager@improvementeast.example")
    assert "/ledger/ni179/E10000029/2008-09/" in _links_under(page, "NI 179 returns to validate")
    assert "Projects off track" in page and "No project is rated Red or Amber/Red." in page
    assert "Benefits review reported to the board (overdue since 1 October 2010)" in page
    assert "£50,000 unspent" in page
    assert "London energy" not in page  # another partnership's project


def test_off_track_projects_are_listed_for_their_partnerships_staff(db, client, sign_in):
    from riep.portfolio.models import ConfidenceAssessment, Project

    project = Project.objects.get(code="ee-aspire2perform")
    ConfidenceAssessment.objects.create(project=project, rating="amber_red", commentary="Slipping")
    page = _page(client, sign_in, "manager@improvementeast.example")
    assert "/projects/ee-aspire2perform/" in _links_under(page, "Projects off track")
    assert "Aspire2perform" not in _page(client, sign_in, "manager@iese.example").split("Projects off track")[1][:400]


def test_an_administrator_sees_when_each_kind_of_data_was_last_imported(db, client, sign_in):
    page = _page(client, sign_in, "admin@riep.example")
    assert "Last finance return (RS, RA):" in page and "Last spend file: never imported" in page
    assert "/performance/import/" in _links_under(page, "Data freshness")


def test_board_member_and_reviewer_get_their_summaries(db, client, sign_in):
    board = _page(client, sign_in, "board@improvementeast.example")
    assert "Your partnership at a glance" in board and "/ledger/partnerships/EE/value-report/" in board
    assert "/ledger/partnerships/SE/value-report/" not in board  # board members serve their own partnership
    assert "NI 179 returns to validate" not in board
    reviewer = _page(client, sign_in, "reviewer@communities.example")
    assert "All partnerships at a glance" in reviewer and "Placements with a price risk" not in reviewer
