"""The API's one error schema: every error answer has status, title, a string detail and field errors; every
operation documents it; role permission is checked before the body; the fuzzer's 500s are 422s now."""
import json

import pytest

from riep.accounts.models import User
from riep.accounts.services import create_token
from riep.core.permissions import has_permission

pytestmark = pytest.mark.usefixtures("demo")

MANAGER = "manager@improvementeast.example"
BOARD = "board@improvementeast.example"
REVIEWER = "reviewer@communities.example"


def _bearer(email):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(email)}"}


def _send(client, method, path, body, email):
    return getattr(client, method.lower())(path, body if isinstance(body, str) else json.dumps(body),
                                           content_type="application/json", **_bearer(email))


def _assert_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"status", "title", "detail", "errors"}
    assert body["status"] == status and body["title"] and isinstance(body["detail"], str) and body["detail"]
    assert all(set(e) == {"field", "message"} and isinstance(e["message"], str) for e in body["errors"])
    return body


def _operations(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation, document


def test_every_operation_documents_the_one_error_schema(db, client):
    operations = list(_operations(client))
    assert len(operations) >= 15
    for path, method, operation, _document in operations:
        expected = {"401", "403", "422"} | ({"404"} if "{" in path else set()) | (
            {"400", "409"} if method in ("POST", "PATCH") else set())
        codes = {c for c in operation["responses"] if c.startswith("4")}
        assert codes == expected, (method, path, codes)
        for code in expected:
            ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ApiError"), (method, path, code, ref)
    schema = next(iter(operations))[3]["components"]["schemas"]["ApiError"]
    assert schema["properties"]["detail"]["type"] == "string"
    assert set(schema["required"]) == {"status", "title", "detail"}


def test_401_says_how_to_authenticate(db, client):
    body = _assert_error(client.get("/api/v1/councils"), 401)
    assert "Bearer" in body["detail"] and "/accounts/tokens/" in body["detail"]
    _assert_error(client.get("/api/v1/councils", HTTP_AUTHORIZATION="Bearer riep_not-a-token"), 401)
    # Anonymous writes are told to sign in, not about CSRF.
    _assert_error(client.post("/api/v1/projects", "{}", content_type="application/json"), 401)


def test_403_names_the_role_and_who_may(db, client):
    body = _assert_error(_send(client, "PATCH", "/api/v1/projects/ee-aspire2perform", {"status": "on_hold"}, BOARD), 403)
    assert "Board member" in body["detail"] and "Programme manager" in body["detail"]


def test_404_names_what_is_missing(db, client):
    body = _assert_error(client.get("/api/v1/councils/E99999999", **_bearer(BOARD)), 404)
    assert "E99999999" in body["detail"]
    _assert_error(client.get("/api/v1/ledger/gains/NO-SUCH", **_bearer(BOARD)), 404)
    _assert_error(client.get("/api/v1/impact/analyses/123456789", **_bearer(BOARD)), 404)
    _assert_error(client.get("/api/v1/impact/analyses/99999999999999999999999", **_bearer(BOARD)), 404)
    _assert_error(client.get("/api/v1/care/placements/999999", **_bearer(BOARD)), 404)


def test_409_for_a_locked_return(db, client):
    body = _assert_error(_send(client, "PATCH", "/api/v1/ledger/gains/EE-NFK-001", {"reason": "Fix", "status": "at_risk"},
                               MANAGER), 409)
    assert "locked" in body["detail"]


def test_422_lists_each_field_in_words(db, client):
    body = _assert_error(_send(client, "POST", "/api/v1/ledger/gains", {
        "reference": "EE-X-1", "council_gss_code": "E10000020", "service_area": "Fleet", "category": "asset",
        "description": "x", "first_year": "2009-10",
        "years": [{"year": "2009-10", "gross_saving": "1e30"}, {"year": "2010-11", "investment": "12.345"}]}, MANAGER), 422)
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert set(fields) == {"years[0].gross_saving", "years[1].investment"}
    assert "digits" in fields["years[0].gross_saving"] and "2 decimal places" in fields["years[1].investment"]
    assert body["detail"].startswith("years[0].gross_saving: ")
    missing = _assert_error(_send(client, "POST", "/api/v1/projects", {"name": "x"}, MANAGER), 422)
    assert {"field": "code", "message": "this field is required"} in missing["errors"]
    unknown = _assert_error(_send(client, "POST", "/api/v1/projects", {
        "code": "ee-x", "name": "X", "partnership": "EE", "theme": "procurement", "lead_council_gss_code": "E99999999"},
        MANAGER), 422)
    assert unknown["errors"] == [{"field": "lead_council_gss_code", "message": "there is no council with GSS code 'E99999999'"}]
    form = _assert_error(_send(client, "POST", "/api/v1/projects", {
        "code": "ee-dates", "name": "X", "partnership": "EE", "theme": "procurement", "lead_council_gss_code": "E10000020",
        "participating_gss_codes": ["E10000029"], "start_date": "2010-04-01", "end_date": "2009-04-01"}, MANAGER), 422)
    # (The lead council now counts as participating without being listed again: only the dates are wrong.)
    assert {e["field"] for e in form["errors"]} == {"end_date"}
    bad_json = _assert_error(_send(client, "POST", "/api/v1/care/price", "{not json", MANAGER), 400)
    assert "JSON" in bad_json["detail"]


def test_care_problems_are_field_errors(db, client):
    body = _assert_error(_send(client, "POST", "/api/v1/care/price", {
        "service_type": "homecare", "shared_core_hours": "10"}, REVIEWER), 422)
    assert [e["field"] for e in body["errors"]] == ["shared_core_hours"]


def _write_operations(client):
    """(method, path, permission) of every operation that changes something, with its path filled in."""
    from django.urls import get_resolver

    from tests.core.test_conventions import _api_operations, _patterns

    examples = {"{code}": "ee-aspire2perform", "{reference}": "EE-NFK-001"}
    for route, pattern in _patterns(get_resolver()):
        operations = _api_operations(pattern.callback) if route.startswith("api/v1/") else None
        for operation in operations or ():
            for method in set(operation.methods) - {"GET"}:
                path = "/" + route.replace("<", "{").replace(">", "}")
                for key, value in examples.items():
                    path = path.replace(key, value)
                yield method, path, operation.view_func.riep_permission


@pytest.mark.parametrize("body", ["{not json", json.dumps({"years": "lots", "treatment_year": "soon", "status": 7}), "[]"])
def test_permission_is_checked_before_the_body(db, client, body):
    """A role that may not use a route gets 403 whatever it sends, for every route that changes something."""
    users = list(User.objects.filter(email__in=[BOARD, REVIEWER, "officer@norfolk.example"]))
    checked = []
    for method, path, permission in _write_operations(client):
        for user in users:
            if has_permission(user, permission):
                continue
            response = _send(client, method, path, body, user.email)
            assert response.status_code == 403, (user.email, method, path, response.content)
            checked.append((method, path))
    assert {("POST", "/api/v1/projects"), ("PATCH", "/api/v1/projects/ee-aspire2perform"), ("POST", "/api/v1/ledger/gains"),
            ("PATCH", "/api/v1/ledger/gains/EE-NFK-001"), ("POST", "/api/v1/impact/analyses")} <= set(checked)


def test_the_fuzzers_500s_are_422s(db, client):
    null = _assert_error(_send(client, "PATCH", "/api/v1/projects/ee-aspire2perform", {"participating_gss_codes": None},
                               MANAGER), 422)
    assert null["errors"][0]["field"] == "participating_gss_codes"
    from riep.impact.models import IndicatorPanel

    panel = IndicatorPanel.objects.first()
    analysis = {"title": "x", "panel_id": panel.pk if panel else 1, "outcome": "x", "treated": ["E07000114"]}
    for year in (2**63, 2**64 + 1, -2**63 - 1, 0):
        body = _assert_error(_send(client, "POST", "/api/v1/impact/analyses", {**analysis, "treatment_year": year},
                                   MANAGER), 422)
        assert body["errors"][0]["field"] == "treatment_year"
    for value in ("1e400", "NaN", "-Infinity", "1e30"):
        body = _assert_error(_send(client, "POST", "/api/v1/care/price", {
            "service_type": "residential", "shared_core_hours": value, "provider_fee": value}, REVIEWER), 422)
        assert {e["field"] for e in body["errors"]} == {"shared_core_hours", "provider_fee"}
    body = _assert_error(_send(client, "PATCH", "/api/v1/ledger/gains/EE-SFK-001", {
        "reason": "x", "years": [{"year": "2009-10", "gross_saving": "1e30"}]}, MANAGER), 422)
    assert body["errors"][0]["field"] == "years[0].gross_saving"


def test_an_unexpected_failure_is_a_json_500_with_a_reference(db, client, monkeypatch, caplog):
    import riep.registry.api

    def broken(council):
        raise RuntimeError("boom")

    monkeypatch.setattr(riep.registry.api, "_council_out", broken)
    body = _assert_error(client.get("/api/v1/councils/E10000020", **_bearer(BOARD)), 500)
    assert "reference" in body["detail"] and "boom" not in body["detail"]
    assert "boom" in caplog.text


def test_api_index_links_to_the_openapi_document_and_docs(db, client):
    index = client.get("/api/v1/")
    assert index.status_code == 200
    links = index.json()
    assert links["openapi"].endswith("/api/v1/openapi.json") and links["docs"].endswith("/api/v1/docs")
    assert links["tokens"].endswith("/accounts/tokens/") and links["signed_in"] is False
    assert client.get(links["openapi"]).status_code == 200 and client.get(links["docs"]).status_code == 200
    assert client.post("/api/v1/").status_code == 405


def test_the_footer_links_to_the_api_docs(db, client, sign_in):
    sign_in(BOARD)
    page = client.get("/").content.decode()
    assert 'href="/api/v1/docs"' in page


def test_text_the_database_cannot_store_is_a_422_in_the_error_shape(db, client):
    from django.db import DataError

    from riep.api.router import api

    handler = api._exception_handlers[DataError]
    request = client.get("/api/v1/").wsgi_request
    body = json.loads(handler(request, DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")).content)
    assert body["status"] == 422 and "NUL (0x00)" in body["detail"]
