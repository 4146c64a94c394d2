"""Entry on the priority outcome pages: a partnership's own outcome, its projects linked and unlinked (its own only),
resources requested from or offered by government (money as Decimal), and the way into the counterfactual engine;
and the self-assessment answered on a form, with its action plan and the comparison with the year before."""
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch

from riep.performance.models import ActionPoint, Outcome, PriorityOutcome, ResourceAsk, SelfAssessment
from riep.performance.services import priorities
from riep.performance.services.catalogue import questions
from riep.portfolio.models import Project
from tests.performance.conftest import BOARD_EE, MANAGER_EE, MANAGER_SE

pytestmark = pytest.mark.usefixtures("performance")
OBESITY = "/performance/partnerships/EE/outcomes/obesity/"


def _errors(response, field=None) -> str:
    assert response.status_code == 200
    errors = response.context["form"].errors
    return " ".join(errors.get(field or "__all__", [])) if field else " ".join(str(e) for v in errors.values() for e in v)


def test_a_partnership_adds_its_own_priority_outcome_and_a_catalogue_one(client, sign_in):
    sign_in(MANAGER_EE)
    response = client.post("/performance/partnerships/EE/outcomes/new/", {
        "name": "Fewer people lonely", "description": "Loneliness among older residents.",
        "statement": "Halve the share of residents who are often lonely."})
    own = PriorityOutcome.objects.get(partnership__code="EE", outcome__name="Fewer people lonely")
    assert response["Location"] == own.get_absolute_url() and own.outcome.partnership.code == "EE"
    page = client.get(own.get_absolute_url()).content.decode()
    assert "Fewer people lonely" in page and "Halve the share" in page
    waste = Outcome.objects.get(slug="waste")
    client.post("/performance/partnerships/EE/outcomes/new/", {"outcome": waste.pk})
    assert PriorityOutcome.objects.filter(partnership__code="EE", outcome=waste).exists()
    again = client.post("/performance/partnerships/EE/outcomes/new/", {"outcome": waste.pk})
    assert "from the list" in _errors(again, "outcome")  # already a priority: no longer offered
    assert "enter it, or choose" in _errors(client.post("/performance/partnerships/EE/outcomes/new/", {}), "name")
    assert "in the catalogue already" in _errors(client.post("/performance/partnerships/EE/outcomes/new/",
                                                             {"name": "Tackling obesity"}), "name")
    sign_in(MANAGER_SE)
    assert client.get("/performance/partnerships/EE/outcomes/new/").status_code == 403


def test_more_than_one_project_per_outcome_linked_and_unlinked_the_partnerships_own_only(client, sign_in):
    sign_in(MANAGER_EE)
    ee = list(Project.objects.filter(partnership__code="EE").order_by("code"))
    assert len(ee) >= 2
    client.post(OBESITY + "projects/", {"projects": [p.pk for p in ee[:2]]})
    priority = PriorityOutcome.objects.get(partnership__code="EE", outcome__slug="obesity")
    assert set(priority.projects.all()) == set(ee[:2])
    page = client.get(OBESITY).content.decode()
    assert all(p.name in page for p in ee[:2])
    client.post(OBESITY + "projects/", {"projects": [ee[1].pk]})
    assert list(priority.projects.all()) == [ee[1]]
    other = Project.objects.exclude(partnership__code="EE").first()
    refused = client.post(OBESITY + "projects/", {"projects": [ee[0].pk, other.pk]})
    assert "from the list" in _errors(refused, "projects")
    assert list(priority.projects.all()) == [ee[1]]
    sign_in(BOARD_EE)
    assert client.post(OBESITY + "projects/", {"projects": []}).status_code == 403
    assert list(priority.projects.all()) == [ee[1]]


def test_resources_requested_and_offered_are_entered_in_pounds_and_pence(client, sign_in):
    sign_in(MANAGER_EE)
    priority = PriorityOutcome.objects.get(partnership__code="EE", outcome__slug="obesity")
    before = priority.resources.count()
    client.post(OBESITY + "resources/new/", {"direction": "requested", "description": "School sport coaches",
                                             "amount": "£1,250,000.50", "status": "Asked"})
    added = ResourceAsk.objects.get(priority=priority, description="School sport coaches")
    assert added.amount == Decimal("1250000.50")
    page = client.get(OBESITY).content.decode()
    assert "School sport coaches" in page and "£1,250,000.50" in page  # to the penny, as entered
    rows = client.get(OBESITY, {"download": "resources", "format": "csv"}).getvalue().decode("utf-8-sig")
    assert "1250000.50" in rows
    for amount, words in (("12.345", "no more than 2 decimal places"), ("-5", "must not be negative"),
                          ("lots", "in pounds and pence")):
        response = client.post(OBESITY + "resources/new/", {"direction": "offered", "description": "x", "amount": amount})
        assert words in _errors(response, "amount")
    assert priority.resources.count() == before + 1
    client.post(OBESITY + f"resources/{added.pk}/", {"direction": "offered", "description": "Coaches, offered",
                                                     "amount": ""})
    added.refresh_from_db()
    assert added.direction == "offered" and added.amount is None
    rows = client.get(OBESITY, {"download": "resources", "format": "csv"}).getvalue().decode("utf-8-sig")
    assert "Coaches, offered" in rows
    client.post(OBESITY + f"resources/{added.pk}/remove/")
    assert not ResourceAsk.objects.filter(pk=added.pk).exists()


def test_the_question_to_the_counterfactual_engine_names_the_series_and_the_programme_start(client, sign_in, monkeypatch):
    sign_in(MANAGER_EE)
    priority = PriorityOutcome.objects.get(partnership__code="EE", outcome__slug="obesity")
    start = priorities.programme_start([priority])
    project = priority.projects.first()
    assert start is not None and start.start_year == (project.start_date.year if project.start_date.month >= 4
                                                      else project.start_date.year - 1)

    def absent(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr(priorities, "reverse", absent)
    assert "Ask whether the programme moved" not in client.get(OBESITY).content.decode()
    assert "Ask whether the programme moved" not in client.get("/performance/indicators/NI55/E10000020/").content.decode()
    monkeypatch.setattr(priorities, "reverse", lambda name, *a, **k: "/impact/panels/from-series/")
    page = client.get(OBESITY).content.decode()
    assert 'action="/impact/panels/from-series/"' in page and 'name="source" value="performance"' in page
    assert f'name="start" value="{start}"' in page and 'value="NI55"' in page
    html = client.get("/performance/indicators/NI55/E10000020/").content.decode()
    assert f"/impact/panels/from-series/?source=performance&amp;measure=NI55&amp;treated=E10000020&amp;start={start}" in html


def test_a_year_of_self_assessment_is_answered_on_a_form_with_its_action_plan(client, sign_in):
    sign_in(MANAGER_EE)
    qs = questions()
    response = client.post("/performance/partnerships/EE/self-assessment/new/", {"year": "2011-12"})
    assert response["Location"] == "/performance/partnerships/EE/self-assessment/2011-12/answers/"
    assert "has a self-assessment for 2010-11 already" in _errors(
        client.post("/performance/partnerships/EE/self-assessment/new/", {"year": "2010-11"}), "year")
    assert "Financial year:" in _errors(client.post("/performance/partnerships/EE/self-assessment/new/",
                                                    {"year": "2011-13"}), "year")
    url = "/performance/partnerships/EE/self-assessment/2011-12/answers/"
    assert client.get(url).status_code == 200
    first = qs[0]["key"]
    half = {f"rating_{first}": "green"}  # no evidence
    assert "Evidence for question 1" in _errors(client.post(url, half))
    assert "answer it before marking" in _errors(client.post(url, {**half, f"evidence_{first}": "Minutes",
                                                                   "completed": "on"}))
    # every element green except steering (red): a strength and a weakness follow from the answers
    answers = {}
    for q in qs:
        answers[f"rating_{q['key']}"] = "red" if q["element"] == "steering" else "green"
        answers[f"evidence_{q['key']}"] = f"Evidence for {q['key']}"
    assert client.post(url, {**answers, "completed": "on"}).status_code == 302
    assessment = SelfAssessment.objects.get(partnership__code="EE", year=2011)
    assert assessment.completed_on is not None and assessment.answers.count() == len(qs)
    report = client.get("/performance/partnerships/EE/self-assessment/2011-12/")
    r = report.context["report"]
    assert "Steering" in r["weaknesses"] and "Steering" not in r["strengths"] and len(r["strengths"]) == 6
    last_year = {a.question: a.rating for a in SelfAssessment.objects.get(partnership__code="EE", year=2010).answers.all()}
    for row in r["rows"]:  # the year-on-year comparison, question by question
        score = {"red": 0, "amber": 1, "green": 2}
        change = score[row["rating"]] - score[last_year[row["key"]]]
        assert row["movement"] == ("better" if change > 0 else "worse" if change < 0 else "same")
    # the action plan: added, then edited
    new = "/performance/partnerships/EE/self-assessment/2011-12/actions/new/"
    action = {"question": qs[12]["key"], "action": "Write down the board's terms of reference", "owner": "Chair",
              "due_on": "31/03/2012", "status": "not_started"}
    assert "Due date must be a real date" in _errors(client.post(new, {**action, "due_on": "31/02/2012"}), "due_on")
    assert "from the list" in _errors(client.post(new, {**action, "question": "nope"}), "question")
    client.post(new, action)
    point = ActionPoint.objects.get(assessment=assessment)
    client.post(f"/performance/partnerships/EE/self-assessment/2011-12/actions/{point.pk}/", {**action,
                                                                                              "status": "in_progress"})
    point.refresh_from_db()
    assert point.status == "in_progress" and point.history.count() == 2
    rows = client.get("/performance/partnerships/EE/self-assessment/2011-12/", {"download": "action-plan",
                                                                                 "format": "csv"}).getvalue().decode("utf-8-sig")
    assert "Write down the board's terms of reference" in rows and "In progress" in rows
    sign_in(BOARD_EE)  # reads the report, changes nothing
    assert client.get("/performance/partnerships/EE/self-assessment/2011-12/").status_code == 200
    assert client.post(url, answers).status_code == 403
    assert client.get(new).status_code == 403
