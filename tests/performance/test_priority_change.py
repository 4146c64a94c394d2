"""Changing and removing a partnership's priority outcome: its statement (and its own outcome's name and meaning)
with history in words, removal refused while projects or indicators still link to it, staff only."""
import pytest

from riep.core.errors import Conflict
from riep.performance.models import Indicator, Outcome, PriorityOutcome, ResourceAsk, Target
from riep.performance.services import priorities
from tests.performance.conftest import BOARD_EE, MANAGER_EE, MANAGER_SE, OFFICER_NORFOLK

pytestmark = pytest.mark.usefixtures("performance")
BASE = "/performance/partnerships/EE/outcomes/"


def _own(client):
    client.post(BASE + "new/", {"name": "Fewer people lonely", "description": "Loneliness among older residents.",
                                "statement": "Halve the share of residents who are often lonely."})
    return PriorityOutcome.objects.get(partnership__code="EE", outcome__name="Fewer people lonely")


def test_an_own_outcome_is_renamed_and_its_statement_changed_with_history(client, sign_in):
    sign_in(MANAGER_EE)
    own = _own(client)
    url = own.get_absolute_url()
    response = client.post(url + "change/", {"name": "Fewer lonely residents", "description": "Loneliness, all ages.",
                                             "statement": "A third fewer residents often lonely by 2011."})
    assert response.status_code == 302 and response["Location"] == url  # the address stays
    own.refresh_from_db()
    assert (own.outcome.name, own.outcome.description, own.statement) == (
        "Fewer lonely residents", "Loneliness, all ages.", "A third fewer residents often lonely by 2011.")
    page = client.get(url).content.decode()
    assert "changed name of the outcome “Fewer lonely residents” from “Fewer people lonely” to “Fewer lonely residents”" in page
    assert "changed what the partnership agreed to deliver" in page and "Demo Programme Manager" in page
    refused = client.post(url + "change/", {"name": "Tackling obesity", "statement": ""})
    assert "is the name of another outcome already" in " ".join(refused.context["form"].errors["name"])
    assert client.post(url + "change/", {"name": "", "statement": ""}).context["form"].errors["name"]


def test_a_catalogue_outcome_keeps_its_name_only_the_statement_changes(client, sign_in):
    sign_in(MANAGER_EE)
    form = client.get(BASE + "obesity/change/")
    assert "name" not in form.context["form"].fields and "the catalogue&#x27;s outcome" in form.content.decode()
    client.post(BASE + "obesity/change/", {"statement": "Halt the rise in Year 6 obesity.", "name": "Renamed"})
    priority = PriorityOutcome.objects.get(partnership__code="EE", outcome__slug="obesity")
    assert priority.statement == "Halt the rise in Year 6 obesity." and priority.outcome.name == "Tackling obesity"
    assert priority.history.count() >= 2


def test_removal_refused_while_projects_or_indicators_link_to_it_then_done(client, sign_in):
    sign_in(MANAGER_EE)
    own = _own(client)
    url, outcome = own.get_absolute_url(), own.outcome
    project = priorities.projects_of(own.partnership).first()
    own.projects.add(project)
    local = Indicator.objects.get(key="EE-L1")
    local.outcome = outcome
    local.save()
    ResourceAsk.objects.create(priority=own, direction="requested", description="A data analyst")
    page = client.get(url + "remove/").content.decode()
    assert f"1 project still serves it ({project.name}): unlink it first" in page
    targets = Target.objects.filter(indicator=local).count()
    assert f"L1 still serves this outcome, with {targets} targets: give it another outcome first" in page
    refused = client.post(url + "remove/")
    assert refused.status_code == 200 and "cannot be removed yet" in refused.content.decode()
    assert PriorityOutcome.objects.filter(pk=own.pk).exists()
    with pytest.raises(Conflict, match="unlink it first"):
        priorities.remove_priority(refused.wsgi_request.user, own)
    own.projects.clear()
    local.outcome = Outcome.objects.get(slug="obesity")
    local.save()
    page = client.get(url + "remove/").content.decode()
    assert "removed with it (kept in the history)" in page and "is removed too" in page
    done = client.post(url + "remove/")
    assert done.status_code == 302 and done["Location"] == "/performance/partnerships/EE/scorecard/"
    assert not PriorityOutcome.objects.filter(pk=own.pk).exists() and not Outcome.objects.filter(pk=outcome.pk).exists()
    assert PriorityOutcome.history.filter(id=own.pk, history_type="-").exists()
    assert ResourceAsk.history.filter(priority_id=own.pk, history_type="-").exists()
    scorecard = client.get("/performance/partnerships/EE/scorecard/").content.decode()
    assert "Priority outcomes removed" in scorecard and "deleted the priority outcome “Fewer people lonely”" in scorecard


def test_removing_a_catalogue_priority_keeps_the_outcome_and_its_targets(client, sign_in):
    sign_in(MANAGER_EE)
    priority = PriorityOutcome.objects.get(partnership__code="EE", outcome__slug="teenage-pregnancy")
    priority.projects.clear()
    targets = Target.objects.filter(indicator__outcome__slug="teenage-pregnancy").count()
    assert "they belong to the indicators, not to the priority" in client.get(BASE + "teenage-pregnancy/remove/").content.decode()
    client.post(BASE + "teenage-pregnancy/remove/")
    assert not PriorityOutcome.objects.filter(pk=priority.pk).exists()
    assert Outcome.objects.filter(slug="teenage-pregnancy").exists()
    assert Target.objects.filter(indicator__outcome__slug="teenage-pregnancy").count() == targets > 0


@pytest.mark.parametrize("email", [BOARD_EE, OFFICER_NORFOLK, MANAGER_SE])
def test_only_the_partnerships_staff_change_or_remove_it(client, sign_in, email):
    sign_in(email)
    for path in ("obesity/change/", "obesity/remove/"):
        assert client.get(BASE + path).status_code == 403
        assert client.post(BASE + path, {"statement": "x"}).status_code == 403
    assert PriorityOutcome.objects.filter(partnership__code="EE", outcome__slug="obesity").exists()
