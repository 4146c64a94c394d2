"""A project's dates fall within its funding period, and its milestones within the project's dates (issue 15): on
the pages and through the API alike, each refusal naming the field, the dates it must fall within and what to do."""
import datetime as dt
import json

import pytest

from riep.accounts.services import create_token
from riep.portfolio.forms import MilestoneForm, ProjectForm
from riep.portfolio.models import Milestone, Project
from riep.registry.models import Partnership

pytestmark = pytest.mark.usefixtures("demo")

PERIOD_WORDS = "between 1 April 2008 and 31 March 2011, the dates of its funding period (2008-09 to 2010-11)"


def _edit(project, **changes):
    """The project's edit form posted with its current values and these changes (dates as the page sends them)."""
    form = ProjectForm(instance=project, partnerships=Partnership.objects.filter(pk=project.partnership_id))
    data = {name: form.initial.get(name) for name in form.fields}
    data["participating_councils"] = list(data["participating_councils"] or [])
    data.update(changes)
    data = {k: ("" if v is None else v) for k, v in data.items() if k != "illustrative" or v}
    return ProjectForm(data, instance=project, partnerships=Partnership.objects.filter(pk=project.partnership_id))


def test_a_project_must_start_and_end_within_its_funding_period(db):
    project = Project.objects.get(code="ee-aspire2perform")
    form = _edit(project, start_date="01/01/2007", end_date="31/03/2013")
    assert not form.is_valid()
    assert form.errors["start_date"] == [f"Start date must be {PERIOD_WORDS}"]
    assert form.errors["end_date"] == [f"End date must be {PERIOD_WORDS}"]
    assert _edit(project, start_date="01/04/2008", end_date="31/03/2011").is_valid()


def test_a_project_s_dates_may_not_leave_a_milestone_outside_them(db):
    project = Project.objects.get(code="ee-aspire2perform")
    first, last = project.milestones.order_by("due_on").first(), project.milestones.order_by("due_on").last()
    form = _edit(project, start_date=(first.due_on + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
                 end_date=(last.due_on - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    assert not form.is_valid()
    assert form.errors["start_date"] == [f"Start date must be on or before {first.due_on.day} {first.due_on:%B %Y}, "
                                         f"the date of the milestone ‘{first.title}’: change the milestone first"]
    assert "End date must be on or after" in form.errors["end_date"][0] and last.title in form.errors["end_date"][0]


def test_without_dates_of_its_own_the_milestones_must_fit_the_funding_period(db):
    project = Project.objects.get(code="ee-aspire2perform")
    Milestone.objects.create(project=project, title="Late review", due_on=dt.date(2011, 3, 31))
    form = _edit(project, start_date="", end_date="")
    assert form.is_valid(), form.errors  # the period still holds every milestone
    form.save()
    assert MilestoneForm({"title": "Late", "due_on": "01/04/2011"}, instance=Milestone(project=project)).errors[
        "due_on"] == ["Due date must be between 1 April 2008 and 31 March 2011, its funding period's (2008-09 to "
                      "2010-11) dates"]


def test_a_milestone_is_completed_within_the_project_s_dates(db):
    project = Project.objects.get(code="ee-aspire2perform")  # 22 April 2008 to 31 March 2011
    milestone = project.milestones.first()
    for day in ("21/04/2008", "01/04/2011"):
        form = MilestoneForm({"title": milestone.title, "due_on": milestone.due_on.strftime("%d/%m/%Y"),
                              "completed_on": day}, instance=milestone)
        assert form.errors["completed_on"] == [
            "Date completed must be between 22 April 2008 and 31 March 2011, the project's dates"], day
    assert MilestoneForm({"title": milestone.title, "due_on": milestone.due_on.strftime("%d/%m/%Y"),
                          "completed_on": "31/03/2011"}, instance=milestone).is_valid()


def test_every_demo_project_s_dates_and_milestones_already_satisfy_the_rules(db):
    for project in Project.objects.select_related("funding_period"):
        assert _edit(project).is_valid(), (project.code, _edit(project).errors)
        for milestone in project.milestones.all():
            data = {"title": milestone.title, "due_on": milestone.due_on.isoformat(),
                    "completed_on": milestone.completed_on.isoformat() if milestone.completed_on else ""}
            assert MilestoneForm(data, instance=milestone).is_valid(), (project.code, milestone.title)


def test_the_api_refuses_dates_outside_the_funding_period_naming_the_field(db, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token('manager@improvementeast.example')}"}
    changed = client.patch("/api/v1/projects/ee-aspire2perform", json.dumps({"end_date": "2012-03-31"}),
                           content_type="application/json", **headers)
    assert changed.status_code == 422
    assert changed.json()["errors"] == [{"field": "end_date", "message": f"End date must be {PERIOD_WORDS}"}]
    assert Project.objects.get(code="ee-aspire2perform").end_date == dt.date(2011, 3, 31)
    period = Partnership.objects.get(code="EE").funding_periods.get()
    created = client.post("/api/v1/projects", json.dumps({
        "code": "ee-early", "name": "Early", "partnership": "EE", "theme": "assets-resources",
        "lead_council_gss_code": "E10000020", "start_date": "2007-04-01",
        "funding_period": f"{period.first_year}:{period.last_year}"}), content_type="application/json", **headers)
    assert created.status_code == 422
    assert {"field": "start_date", "message": f"Start date must be {PERIOD_WORDS}"} in created.json()["errors"]
    assert not Project.objects.filter(code="ee-early").exists()
