"""The structural change API: results, harmonisation, assumption changes (with the one error shape), scope."""
import json

import pytest

from riep.accounts.services import create_token
from riep.reorg.models import Assumption

pytestmark = pytest.mark.usefixtures("demo")


def auth(email):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(email)}"}


def test_scenario_results_and_scope(db, client):
    answer = client.get("/api/v1/reorg/scenarios/durham-2009/results", **auth("reviewer@communities.example"))
    assert answer.status_code == 200
    body = answer.json()
    sets = {s["name"]: s for s in body["assumption_sets"]}
    claim = sets["Councils' case: about £21m a year"]["options"][0]
    assert claim["steady_net_saving"] == "20974500.00"
    assert float(claim["npv_range"]["p10"]) < float(claim["npv_range"]["p50"]) < float(claim["npv_range"]["p90"])
    assert len(claim["years"]) == 10 and claim["tornado"]
    assert client.get("/api/v1/reorg/scenarios/durham-2009/results", **auth("manager@iese.example")).status_code == 403
    assert client.get("/api/v1/reorg/scenarios/nope/results", **auth("admin@riep.example")).status_code == 404


def test_harmonise_route_and_bad_input(db, client):
    body = {"areas": [{"name": "N", "band_d": "1000", "tax_base": "100"}, {"name": "S", "band_d": "1300",
                                                                           "tax_base": "100"}],
            "years": 3, "referendum_limit": "0.0499"}
    answer = client.post("/api/v1/reorg/harmonise", json.dumps(body), content_type="application/json",
                         **auth("board@improvementeast.example"))
    assert answer.status_code == 200
    paths = {p["target"]: p for p in answer.json()["paths"]}
    assert paths["weighted_average"]["target_band_d"] == "1150.00" and paths["highest"]["errors"]
    body["years"] = 9
    bad = client.post("/api/v1/reorg/harmonise", json.dumps(body), content_type="application/json",
                      **auth("board@improvementeast.example"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "years"
    body["years"], body["areas"][1]["tax_base"] = 3, "-1"
    bad = client.post("/api/v1/reorg/harmonise", json.dumps(body), content_type="application/json",
                      **auth("board@improvementeast.example"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "tax_base[1]"


def test_change_assumption_refuses_low_above_high_and_saves_nothing(db, client):
    a = Assumption.objects.filter(assumption_set__scenario__slug="suffolk-today").first()
    before = (a.low, a.central, a.high)
    body = {"low": "3", "central": "2", "high": "1", "source_note": "x", "reason": "y"}
    bad = client.patch(f"/api/v1/reorg/assumptions/{a.pk}", json.dumps(body), content_type="application/json",
                     **auth("manager@improvementeast.example"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "low"
    a.refresh_from_db()
    assert (a.low, a.central, a.high) == before
    body.update(low="0.1", central="0.2", high="0.3")
    ok = client.patch(f"/api/v1/reorg/assumptions/{a.pk}", json.dumps(body), content_type="application/json",
                    **auth("manager@improvementeast.example"))
    assert ok.status_code == 200 and ok.json()["versions"] == 2
    assert client.patch(f"/api/v1/reorg/assumptions/{a.pk}", json.dumps(body), content_type="application/json",
                      **auth("board@improvementeast.example")).status_code == 403


def test_shared_service_and_pool_routes(db, client):
    case = client.get("/api/v1/reorg/shared-services/norfolk-finance-payroll", **auth("admin@riep.example")).json()
    assert sum(float(c["share"]) for c in case["councils"]) == pytest.approx(1)
    assert [r["year"] for r in case["realised"]] == ["2011-12", "2012-13"]
    proposal = client.get("/api/v1/reorg/capacity-pools/ee-growth-areas/proposal", **auth("admin@riep.example")).json()
    assert proposal and all(p["days"] > 0 for p in proposal)


def test_cost_shares_that_do_not_add_up_to_100_are_refused_and_nothing_saved(db, client):
    url = "/api/v1/reorg/shared-services/norfolk-finance-payroll/cost-sharing"
    body = {"formula": "entered", "shares": {"E07000143": "40", "E07000144": "30", "E07000149": "20"}}
    bad = client.patch(url, json.dumps(body), content_type="application/json", **auth("manager@improvementeast.example"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "shares" and "90" in bad.json()["detail"]
    from riep.reorg.models import SharedService
    service = SharedService.objects.get(slug="norfolk-finance-payroll")
    assert service.formula == "transactions" and not service.members.filter(entered_share__isnull=False).exists()
    body["shares"]["E07000149"] = "30"
    ok = client.patch(url, json.dumps(body), content_type="application/json", **auth("manager@improvementeast.example"))
    assert ok.status_code == 200
    assert {c["council"]: c["share"] for c in ok.json()["councils"]}["Breckland"] == "0.400000"
