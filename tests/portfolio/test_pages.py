"""Portfolio pages: listing, filters, downloads, editing rules and bad input."""
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from riep.portfolio.models import FundingLine, Project

pytestmark = pytest.mark.usefixtures("demo")


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    response = client.get("/projects/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/?next=/projects/")


def test_project_list_filters_sorts_and_downloads(db, client, sign_in):
    sign_in("reviewer@communities.example")
    page = client.get("/projects/", {"partnership": "EE"}).content.decode()
    assert "Aspire2perform" in page and "London energy" not in page
    ordered = client.get("/projects/", {"sort": "-name"}).content.decode()
    assert ordered.index("Waste agenda") < ordered.index("Aspire2perform")
    csv_response = client.get("/projects/", {"download": "projects", "format": "csv", "theme": "reorganisation"})
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.getvalue().decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Project,Partnership,Theme") and len(lines) == 3
    xlsx = client.get("/projects/", {"download": "projects", "format": "xlsx"})
    import io

    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    assert sheet.max_row == 13  # header + the twelve initiatives


def test_project_page_shows_funding_by_year_and_audit_trail(db, client, sign_in):
    sign_in("board@improvementeast.example")
    page = client.get("/projects/ee-aspire2perform/").content.decode()
    for text in ("2008-09", "2009-10", "2010-11", "£180,000", "Carried forward", "Audit trail", "illustrative"):
        assert text in page
    assert "Edit project" not in page  # board members are read-only


def test_council_officer_edits_own_councils_project_but_not_others(db, client, sign_in):
    sign_in("officer@norfolk.example")
    response = client.post("/projects/ee-aspire2perform/edit/", {"description": "Updated by Norfolk", "status": "active"})
    assert response.status_code == 302
    assert Project.objects.get(code="ee-aspire2perform").description == "Updated by Norfolk"
    assert client.get("/projects/ldn-energy/edit/").status_code == 403
    assert client.post("/projects/ldn-energy/edit/", {"description": "x", "status": "active"}).status_code == 403
    history = client.get("/projects/ee-aspire2perform/").content.decode()
    assert "Demo Officer (Norfolk)" in history and "Updated by Norfolk" in history


def test_read_only_roles_cannot_edit(db, client, sign_in):
    for email in ("board@improvementeast.example", "reviewer@communities.example"):
        sign_in(email)
        assert client.get("/projects/ee-aspire2perform/edit/").status_code == 403
        assert client.get("/projects/new/").status_code == 403


def test_funding_form_rejects_negative_amounts_and_names_the_field(db, client, sign_in):
    sign_in("manager@improvementeast.example")
    project = Project.objects.get(code="ee-aspire2perform")
    source = project.funding_sources.first()
    data = {"allocation_2008": "-5", "spend_2008": "", "allocation_2009": "abc", "spend_2009": "",
            "allocation_2010": "100", "spend_2010": "1.234"}
    response = client.post(f"/projects/{project.code}/funding/{source.pk}/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "2008-09 allocation must not be negative" in page
    assert "Enter the 2009-10 allocation in pounds and pence, like £12,500 or 12500.50" in page
    assert "2010-11 spend must be in pounds and pence" in page
    assert FundingLine.objects.get(source=source, year=2008).allocation == Decimal("180000.00")


def test_funding_saved_through_the_form(db, client, sign_in):
    sign_in("manager@improvementeast.example")
    project = Project.objects.get(code="ee-aspire2perform")
    source = project.funding_sources.first()
    data = {"allocation_2008": "180000", "spend_2008": "175000", "allocation_2009": "150000", "spend_2009": "140000",
            "allocation_2010": "120000", "spend_2010": "110000.50"}
    assert client.post(f"/projects/{project.code}/funding/{source.pk}/", data).status_code == 302
    assert FundingLine.objects.get(source=source, year=2010).spend == Decimal("110000.50")


def test_spend_outside_the_funding_period_is_refused(db):
    from django.core.exceptions import ValidationError

    from riep.core.fy import FinancialYear

    source = Project.objects.get(code="ee-aspire2perform").funding_sources.first()
    line = FundingLine(source=source, year=FinancialYear(2011), allocation=Decimal(10), spend=Decimal(5))
    with pytest.raises(ValidationError, match="2011-12 is outside the funding period 2008-09 to 2010-11"):
        line.full_clean()


def test_create_form_shows_error_summary_for_end_before_start(db, client, sign_in):
    sign_in("manager@improvementeast.example")
    response = client.post("/projects/new/", {"name": "", "code": "bad code!", "start_date": "01/04/2010", "end_date": "01/04/2009"})
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_name"' in page
    assert "End date must be on or after the start date" in page or "Enter the project name" in page


def test_programme_manager_creates_project_only_in_own_partnership(db, client, sign_in):
    from riep.portfolio.models import Theme
    from riep.registry.models import Organisation, Partnership

    sign_in("manager@improvementeast.example")
    ee, london = Partnership.objects.get(code="EE"), Partnership.objects.get(code="LDN")
    norfolk = Organisation.objects.get(gss_code="E10000020")
    period = ee.funding_periods.get()
    data = {"name": "Shared payroll", "code": "ee-shared-payroll",
            "funding_period": f"{period.name}|{period.first_year.start_year}|{period.last_year.start_year}",
            "theme": Theme.objects.get(slug="assets-resources").pk, "lead_council": norfolk.pk,
            "status": "proposed", "description": "Payroll for three councils"}
    refused = client.post("/projects/new/", {**data, "partnership": london.pk})
    assert "Select the partnership from the list" in refused.content.decode()
    created = client.post("/projects/new/", {**data, "partnership": ee.pk})
    assert created.status_code == 302
    project = Project.objects.get(code="ee-shared-payroll")
    assert project.funding_period == period  # the partnership's own, though the choice was by name
    assert list(project.participating_councils.all()) == [norfolk]  # the lead counts as participating


def test_milestone_completed_then_deleted_stays_in_the_audit_trail(db, client, sign_in):
    from riep.portfolio.models import Milestone

    sign_in("officer@kent.example")
    milestone = Project.objects.get(code="se-waste").milestones.order_by("due_on").last()
    page = client.get("/projects/se-waste/").content.decode()
    assert f"/projects/se-waste/milestones/{milestone.pk}/" in page
    response = client.post(f"/projects/se-waste/milestones/{milestone.pk}/",
                           {"title": milestone.title, "due_on": milestone.due_on.strftime("%d/%m/%Y"), "completed_on": "31/03/2011"})
    assert response.status_code == 302
    assert client.get(f"/projects/se-waste/milestones/{milestone.pk}/delete/").status_code == 200
    assert client.post(f"/projects/se-waste/milestones/{milestone.pk}/delete/").status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    trail = client.get("/projects/se-waste/", {"download": "audit", "format": "csv"}).getvalue().decode("utf-8-sig")
    assert "Deleted,Milestone: Benefits review reported to the board" in trail and "completed on: (blank) → 2011-03-31" in trail
    sign_in("officer@norfolk.example")
    assert client.post(f"/projects/se-waste/milestones/{milestone.pk}/delete/").status_code in (403, 404)
