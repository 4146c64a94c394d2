"""Impact analysis API: read for every signed-in role, create (queued) for partnership staff, 401 without a token."""
import json

from riep.core.jobs import work
from riep.impact.models import ImpactAnalysis, IndicatorPanel

from .conftest import MANAGER_SE, OFFICER, REVIEWER


def _auth(email):
    from riep.accounts.models import ApiToken, User

    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(User.objects.get(email=email))[1]}"}


def test_anonymous_api_calls_get_401(client, impact):
    assert client.get("/api/v1/impact/analyses").status_code == 401
    assert client.post("/api/v1/impact/analyses", "{}", content_type="application/json").status_code == 401


def test_reviewer_reads_analyses_and_results(client, impact):
    analyses = client.get("/api/v1/impact/analyses", {"project": "se-waste"}, **_auth(REVIEWER)).json()
    assert len(analyses) == 1 and analyses[0]["illustrative"] and analyses[0]["evidence_for"] == ["SE-EKW-001"]
    one = client.get(f"/api/v1/impact/analyses/{analyses[0]['id']}", **_auth(REVIEWER)).json()
    assert abs(one["average_effect"] + 6) < 1.5 and one["p_value"] < 0.1 and one["did_std_error"] > 0
    result = client.get(f"/api/v1/impact/analyses/{one['id']}/result", **_auth(REVIEWER)).json()["result"]
    assert len(result["times"]) == 16 and len(result["placebo"]["units"]) == result["placebo"]["count"]
    assert client.get("/api/v1/impact/analyses/999999", **_auth(REVIEWER)).status_code == 404


def test_manager_creates_an_analysis_that_the_worker_runs(client, impact):
    panel = IndicatorPanel.objects.get(illustrative=True)
    body = {"title": "API run", "panel_id": panel.pk, "outcome": "cost_per_household", "treated": ["E07000114"],
            "treatment_year": 2009, "donor_rule": "same_region", "placebos": False, "project_code": "se-waste"}
    response = client.post("/api/v1/impact/analyses", json.dumps(body), content_type="application/json", **_auth(MANAGER_SE))
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "queued" and response.json()["job_id"]
    assert work(once=True) == 1
    analysis = ImpactAnalysis.objects.get(title="API run")
    assert analysis.status == "succeeded" and analysis.result["placebo"] is None


def test_council_officer_cannot_create_and_bad_input_is_422(client, impact):
    panel = IndicatorPanel.objects.get(illustrative=True)
    body = {"title": "x", "panel_id": panel.pk, "outcome": "cost_per_household", "treated": ["E07000114"],
            "treatment_year": 2009}
    response = client.post("/api/v1/impact/analyses", json.dumps(body), content_type="application/json", **_auth(OFFICER))
    assert response.status_code == 403
    body["donor_rule"] = "everyone"
    response = client.post("/api/v1/impact/analyses", json.dumps(body), content_type="application/json", **_auth(MANAGER_SE))
    assert response.status_code == 422 and "donor_rule" in response.json()["detail"]


def test_api_takes_the_penalty_and_staggered_starts(client, impact):
    panel = IndicatorPanel.objects.get(illustrative=True)
    body = {"title": "API staggered", "panel_id": panel.pk, "outcome": "cost_per_household",
            "treated": ["E07000106", "E07000108"], "treatment_year": 2009, "adoption": {"E07000108": 2010},
            "penalty": 0.5, "donor_rule": "same_region", "v_method": "equal", "placebos": False}
    response = client.post("/api/v1/impact/analyses", json.dumps(body), content_type="application/json", **_auth(MANAGER_SE))
    assert response.status_code == 201, response.content
    analysis = ImpactAnalysis.objects.get(title="API staggered")
    assert analysis.penalty == 0.5 and analysis.adoption == {"E07000106": 2009, "E07000108": 2010}
    for bad, field in (({"adoption": {"E07000112": 2010}}, "adoption"), ({"penalty": -1}, "penalty")):
        response = client.post("/api/v1/impact/analyses", json.dumps({**body, "title": "bad", **bad}),
                               content_type="application/json", **_auth(MANAGER_SE))
        assert response.status_code == 422 and field in json.dumps(response.json()), response.content
    assert not ImpactAnalysis.objects.filter(title="bad").exists()
