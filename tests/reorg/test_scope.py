"""Who sees and changes which structural-change model: every role × model × action through the real URLs (the
idea of tests/registry/test_scope_matrix.py, for this capability's routes)."""
import pytest

pytestmark = pytest.mark.usefixtures("demo")

ADMIN, MANAGER_EE, MANAGER_SE = "admin@riep.example", "manager@improvementeast.example", "manager@iese.example"
OFFICER_NORFOLK, BOARD_EE, REVIEWER = "officer@norfolk.example", "board@improvementeast.example", "reviewer@communities.example"

SEE = {  # URL → people who may see it (everyone else: 403)
    "/reorg/scenarios/durham-2009/": {ADMIN, REVIEWER},  # North East's: no demo person works for NE but the admin
    "/reorg/scenarios/bedfordshire-2009/": {ADMIN, MANAGER_EE, BOARD_EE, REVIEWER},
    "/reorg/shared-services/norfolk-finance-payroll/": {ADMIN, MANAGER_EE, BOARD_EE, REVIEWER},
    "/reorg/capacity-pools/ee-growth-areas/": {ADMIN, MANAGER_EE, BOARD_EE, REVIEWER},
}
CHANGE = {  # URL of a change form → people who may change it
    "/reorg/scenarios/durham-2009/council-tax/": {ADMIN},
    "/reorg/scenarios/suffolk-today/council-tax/": {ADMIN, MANAGER_EE},
}
PEOPLE = [ADMIN, MANAGER_EE, MANAGER_SE, OFFICER_NORFOLK, BOARD_EE, REVIEWER]


@pytest.mark.parametrize("email", PEOPLE)
def test_scope_matrix(db, client, sign_in, email):
    sign_in(email)
    for url, allowed in SEE.items():
        assert client.get(url).status_code == (200 if email in allowed else 403), (email, url)
    for url, allowed in CHANGE.items():
        assert client.get(url).status_code == (200 if email in allowed else 403), (email, url)
    listed = client.get("/reorg/").content.decode()
    assert ("bedfordshire-2009" in listed) == (email in SEE["/reorg/scenarios/bedfordshire-2009/"]), email
