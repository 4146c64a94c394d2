"""Board members serve their own partnership (issue 15): the scope-matrix cells of the ledger's read routes — gains
list, gain page, value report, trajectory, NI 179 pages and their API — for each reading role, at a council and
partnership of the board member's own (Norfolk, Improvement East) and another's (Kent, the South East). Every
other signed-in role reads them all, as before. Pattern: tests/registry/test_scope_matrix.py."""
import json

import pytest

from riep.accounts.models import ApiToken
from riep.ledger.models import EfficiencyGain

from .conftest import user

OWN, OTHER = "own", "other"
GSS = {OWN: "E10000020", OTHER: "E10000016"}
PARTNERSHIP = {OWN: "EE", OTHER: "SE"}
EMAILS = {"board": "board@improvementeast.example", "manager": "manager@improvementeast.example",
          "officer": "officer@norfolk.example", "reviewer": "reviewer@communities.example"}
YEAR = "2009-10"
ROUTES = {  # action -> (page or api, path for the position)
    "gains list": ("page", lambda w, p: f"/ledger/?partnership={PARTNERSHIP[p]}"),
    "gain page": ("page", lambda w, p: f"/ledger/gains/{w[p]}/"),
    "trajectory": ("page", lambda w, p: f"/ledger/partnerships/{PARTNERSHIP[p]}/trajectory/"),
    "value report": ("page", lambda w, p: f"/ledger/partnerships/{PARTNERSHIP[p]}/value-report/"),
    "value report pdf": ("page", lambda w, p: f"/ledger/partnerships/{PARTNERSHIP[p]}/value-report/?format=pdf"),
    "partnership returns": ("page", lambda w, p: f"/ledger/partnerships/{PARTNERSHIP[p]}/returns/"),
    "council returns": ("page", lambda w, p: f"/ledger/councils/{GSS[p]}/returns/"),
    "NI 179 return": ("page", lambda w, p: f"/ledger/ni179/{GSS[p]}/{YEAR}/"),
    "api gains of partnership": ("api", lambda w, p: f"/api/v1/ledger/gains?partnership={PARTNERSHIP[p]}"),
    "api gains of council": ("api", lambda w, p: f"/api/v1/ledger/gains?council={GSS[p]}"),
    "api gain": ("api", lambda w, p: f"/api/v1/ledger/gains/{w[p]}"),
    "api NI 179": ("api", lambda w, p: f"/api/v1/ledger/ni179/{GSS[p]}/{YEAR}"),
}
# Who is allowed: everyone, except the board member outside their own partnership.
EXPECTED = {(action, position, role): position == OWN or role != "board"
            for action in ROUTES for position in (OWN, OTHER) for role in EMAILS}


@pytest.fixture
def gains(ledger):
    return {p: EfficiencyGain.objects.filter(council__gss_code=GSS[p]).order_by("reference").first().reference
            for p in (OWN, OTHER)}


def test_board_members_read_their_own_partnerships_gains_and_reports_only(client, gains):
    tokens = {role: ApiToken.issue(user(email))[1] for role, email in EMAILS.items()}
    wrong = []
    for (action, position, role), allowed in EXPECTED.items():
        kind, path = ROUTES[action]
        client.force_login(user(EMAILS[role]))
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"} if kind == "api" else {}
        status = client.get(path(gains, position), **headers).status_code
        got = status == 200 if allowed else status == 403
        if not got:
            wrong.append(f"{action:26} {position:6} {role:9} expected {'allowed' if allowed else 'denied'}, got {status}")
    assert not wrong, f"{len(wrong)} of {len(EXPECTED)} cells wrong:\n" + "\n".join(wrong)


def test_the_board_members_lists_and_filters_offer_their_own_partnership_only(client, gains):
    board = user(EMAILS["board"])
    client.force_login(board)
    page = client.get("/ledger/").content.decode()
    assert gains[OWN] in page and gains[OTHER] not in page
    assert 'value="EE"' in page and 'value="SE"' not in page  # the partnership filter offers their own only
    token = ApiToken.issue(board)[1]
    listed = json.loads(client.get("/api/v1/ledger/gains", HTTP_AUTHORIZATION=f"Bearer {token}").content)
    councils = {g["council_gss_code"] for g in listed}
    assert GSS[OWN] in councils and GSS[OTHER] not in councils
    client.force_login(user(EMAILS["manager"]))  # staff still compare with other partnerships' gains
    assert gains[OTHER] in client.get("/ledger/").content.decode()
