"""Every role against the toolkit's objects through the real URLs (the idea of tests/registry/test_scope_matrix.py):
seeing, approving, commenting, importing and the self-assessment, for a council of the East of England (Norfolk)."""
import pytest

from riep.performance.models import Commentary, Indicator, IndicatorValue
from riep.performance.permissions import OPERATOR
from riep.performance.services.delivery import measures_for
from tests.performance.conftest import (
    ADMIN,
    BOARD_EE,
    MANAGER_EE,
    MANAGER_SE,
    OFFICER_KENT,
    OFFICER_NORFOLK,
    REVIEWER,
)

pytestmark = pytest.mark.usefixtures("performance")
NORFOLK = "E10000020"
ROLES = (ADMIN, MANAGER_EE, MANAGER_SE, OFFICER_NORFOLK, OFFICER_KENT, BOARD_EE, REVIEWER)
#                        admin  mgr EE mgr SE off N  off K  board  reviewer
SEE_PAGES = dict(zip(ROLES, (200, 200, 200, 200, 200, 200, 200)))
SELF_ASSESSMENT = dict(zip(ROLES, (200, 200, 403, 403, 403, 200, 403)))
IMPORT_PAGE = dict(zip(ROLES, (200, 200, 200, 200, 200, 403, 403)))
APPROVE = dict(zip(ROLES, (302, 302, 403, 403, 403, 403, 403)))
COMMENT = dict(zip(ROLES, (302, 302, 403, 302, 403, 403, 403)))


@pytest.mark.parametrize("email", ROLES)
def test_role_matrix(client, sign_in, email):
    sign_in(email)
    assert client.get(f"/performance/indicators/NI55/{NORFOLK}/").status_code == SEE_PAGES[email]
    assert client.get("/performance/partnerships/EE/scorecard/").status_code == SEE_PAGES[email]
    assert client.get("/performance/partnerships/EE/self-assessment/2010-11/").status_code == SELF_ASSESSMENT[email]
    assert client.get("/performance/import/").status_code == IMPORT_PAGE[email]

    pending = IndicatorValue.objects.filter(council__gss_code=NORFOLK, approved_at__isnull=True).first()
    response = client.post(f"/performance/indicators/{pending.indicator.key}/{NORFOLK}/approve/")
    assert response.status_code == APPROVE[email]
    pending.refresh_from_db()
    assert pending.approved == (APPROVE[email] == 302)

    red = next(m for m in measures_for(OPERATOR, [pending.council], Indicator.objects.all(), "2010-11") if m.rating == "red")
    response = client.post(f"/performance/indicators/{red.indicator.key}/{NORFOLK}/commentary/",
                           {"period": red.period, "text": f"Written by {email}"})
    assert response.status_code == COMMENT[email]
    written = Commentary.objects.filter(indicator=red.indicator, council=red.council, period=red.period,
                                        text=f"Written by {email}").exists()
    assert written == (COMMENT[email] == 302)


# The entry pages: the partnership's staff (its administrators and programme managers) only.
ENTRY = dict(zip(ROLES, (200, 200, 403, 403, 403, 403, 403)))
ENTRY_PAGES = (f"/performance/indicators/NI55/{NORFOLK}/targets/", "/performance/partnerships/EE/indicators/new/",
               "/performance/partnerships/EE/outcomes/new/", "/performance/partnerships/EE/outcomes/obesity/projects/",
               "/performance/partnerships/EE/outcomes/obesity/resources/new/",
               "/performance/partnerships/EE/self-assessment/new/",
               "/performance/partnerships/EE/self-assessment/2010-11/answers/",
               "/performance/partnerships/EE/self-assessment/2010-11/actions/new/")


@pytest.mark.parametrize("email", ROLES)
def test_entry_matrix(client, sign_in, email):
    """Every entry page, read and written: the partnership's staff may; nobody else, whatever they post."""
    from riep.performance.models import ActionPoint, Outcome, PriorityOutcome, ResourceAsk, Target

    sign_in(email)
    for url in ENTRY_PAGES:
        assert client.get(url).status_code == ENTRY[email], url
    assert client.get("/performance/partnerships/EE/indicators/").status_code == 200  # the list is the catalogue's
    resource = ResourceAsk.objects.filter(priority__partnership__code="EE", priority__outcome__slug="obesity").first()
    action = ActionPoint.objects.filter(assessment__partnership__code="EE", assessment__year=2010).first()
    writes = [
        (ENTRY_PAGES[0], {"period": "2012-13", "target": "8", "tolerance_kind": "absolute"},
         lambda: Target.objects.filter(indicator__key="NI55", council__gss_code=NORFOLK, period="2012-13").exists()),
        (ENTRY_PAGES[2], {"name": f"Outcome of {email}"}, lambda: Outcome.objects.filter(name=f"Outcome of {email}").exists()),
        (ENTRY_PAGES[4], {"direction": "offered", "description": f"By {email}"},
         lambda: ResourceAsk.objects.filter(description=f"By {email}").exists()),
        (f"/performance/partnerships/EE/outcomes/obesity/resources/{resource.pk}/remove/", {},
         lambda: not ResourceAsk.objects.filter(pk=resource.pk).exists()),
        (f"/performance/partnerships/EE/self-assessment/2010-11/actions/{action.pk}/",
         {"question": action.question, "action": f"By {email}", "owner": "o", "due_on": "31/03/2011", "status": "done"},
         lambda: ActionPoint.objects.filter(pk=action.pk, action=f"By {email}").exists()),
    ]
    for url, data, written in writes:
        response = client.post(url, data)
        assert response.status_code == (302 if ENTRY[email] == 200 else 403), url
        assert written() == (ENTRY[email] == 200), url
    assert PriorityOutcome.objects.filter(outcome__name=f"Outcome of {email}").exists() == (ENTRY[email] == 200)
