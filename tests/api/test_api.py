import json

import pytest

from riep.accounts.models import User
from riep.accounts.services import create_token
from riep.portfolio.models import Project

pytestmark = pytest.mark.usefixtures("demo")


def _bearer(email):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(email)}"}


def test_anonymous_api_requests_get_401(db, client):
    assert client.get("/api/v1/councils").status_code == 401
    assert client.get("/api/v1/projects/ee-aspire2perform").status_code == 401
    assert client.get("/api/v1/councils", HTTP_AUTHORIZATION="Bearer riep_not-a-token").status_code == 401


def test_openapi_document_is_served(db, client):
    document = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/councils", "/api/v1/projects", "/api/v1/projects/{code}"} <= set(document["paths"])


def test_east_of_england_councils_with_codes_types_and_counties(db, client):
    councils = client.get("/api/v1/councils?region=E12000006", **_bearer("reviewer@communities.example")).json()
    by_gss = {c["gss_code"]: c for c in councils}
    # 5 counties, 39 districts, 6 unitaries and the Cambridgeshire and Peterborough combined authority
    assert len(councils) == 51
    assert by_gss["E07000148"]["name"] == "Norwich City Council"
    assert by_gss["E07000148"]["council_type"] == "NMD" and by_gss["E07000148"]["county_gss_code"] == "E10000020"
    assert by_gss["E06000056"]["council_type"] == "UA" and by_gss["E06000056"]["county"] is None
    assert all(c["region_code"] == "E12000006" for c in councils)
    districts = client.get("/api/v1/councils?region=E12000006&type=NMD", **_bearer("reviewer@communities.example")).json()
    assert districts and all(c["county_gss_code"] for c in districts)


def test_session_authentication_works_for_reads(db, client, sign_in):
    sign_in("board@improvementeast.example")
    partnership = client.get("/api/v1/partnerships/EE").json()
    assert partnership["accountable_body_gss_code"] == "E10000020"
    assert {"year": "2009-10", "kind": "core", "amount": "7952000.00"} .items() <= {
        k: v for g in partnership["grants"] if g["year"] == "2009-10" for k, v in g.items()}.items()


def test_council_officer_updates_own_project_and_gets_403_elsewhere(db, client):
    headers = _bearer("officer@norfolk.example")
    ok = client.patch("/api/v1/projects/ee-aspire2perform", json.dumps({"status": "on_hold"}),
                      content_type="application/json", **headers)
    assert ok.status_code == 200 and ok.json()["status"] == "on_hold"
    assert Project.objects.get(code="ee-aspire2perform").status == "on_hold"
    refused = client.patch("/api/v1/projects/ldn-energy", json.dumps({"status": "on_hold"}),
                           content_type="application/json", **headers)
    assert refused.status_code == 403
    scope = client.patch("/api/v1/projects/ee-aspire2perform", json.dumps({"name": "Renamed"}),
                         content_type="application/json", **headers)
    assert scope.status_code == 403 and "name" in scope.json()["detail"]


def test_read_only_roles_cannot_write_through_the_api(db, client):
    for email in ("board@improvementeast.example", "reviewer@communities.example"):
        response = client.patch("/api/v1/projects/ee-aspire2perform", json.dumps({"status": "on_hold"}),
                                content_type="application/json", **_bearer(email))
        assert response.status_code == 403


def test_create_project_validates_and_respects_partnership(db, client):
    headers = _bearer("manager@improvementeast.example")
    body = {"code": "ee-api-project", "name": "API project", "partnership": "EE", "theme": "procurement",
            "lead_council_gss_code": "E10000020", "participating_gss_codes": ["E10000020", "E10000029"]}
    created = client.post("/api/v1/projects", json.dumps(body), content_type="application/json", **headers)
    assert created.status_code == 201, created.content
    assert created.json()["participating_gss_codes"] == ["E10000020", "E10000029"]
    other = client.post("/api/v1/projects", json.dumps({**body, "code": "x", "partnership": "LDN"}),
                        content_type="application/json", **headers)
    assert other.status_code == 403
    bad = client.post("/api/v1/projects", json.dumps({**body, "code": "ee-bad", "lead_council_gss_code": "E99999999"}),
                      content_type="application/json", **headers)
    assert bad.status_code == 422 and "E99999999" in bad.json()["detail"]
    dates = client.post("/api/v1/projects", json.dumps({**body, "code": "ee-dates", "start_date": "2010-04-01", "end_date": "2009-04-01"}),
                        content_type="application/json", **headers)
    assert dates.status_code == 422 and "end_date" in dates.json()["detail"]


def test_session_writes_need_csrf(db, sign_in):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email="manager@improvementeast.example"))
    response = client.patch("/api/v1/projects/ee-aspire2perform", json.dumps({"status": "on_hold"}), content_type="application/json")
    assert response.status_code in (401, 403)
    assert Project.objects.get(code="ee-aspire2perform").status == "active"


def test_project_funding_in_the_api_matches_the_page(db, client):
    project = client.get("/api/v1/projects/se-waste", **_bearer("reviewer@communities.example")).json()
    years = {y["year"]: y for y in project["funding_by_year"]}
    assert years["2008-09"]["allocation"] == "520000.00" and years["2008-09"]["spend"] == "480000.00"
    assert years["2008-09"]["carried_forward"] == "40000.00"


def test_api_docs_page_uses_local_assets_only(db, client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def test_no_two_capabilities_share_a_schema_name(db, client):
    """The OpenAPI document keeps one schema per name: a second `IndicatorOut` silently replaced the first, so the
    answers of one capability were documented with the other's fields."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import riep

    seen, modules = {}, []
    for package in pkgutil.iter_modules(riep.__path__):
        if importlib.util.find_spec(f"riep.{package.name}.api") if package.ispkg else None:
            modules.append(f"riep.{package.name}.api")
    assert len(modules) >= 9, modules  # every capability with routes
    for module in modules:
        for name, value in vars(importlib.import_module(module)).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module:
                assert seen.setdefault(name, module) == module, f"{name} is defined in {seen[name]} and {module}"
