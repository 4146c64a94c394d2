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
