"""The performance API: catalogue, values, scorecard and import, with the pages' permissions and one error shape."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.performance.conftest import MANAGER_EE, OFFICER_NORFOLK, REVIEWER

pytestmark = pytest.mark.usefixtures("performance")


def test_catalogue_lists_the_national_indicators_with_sources(client, sign_in):
    sign_in(REVIEWER)
    body = client.get("/api/v1/performance/indicators").json()
    keys = {i["key"]: i for i in body}
    assert {"NI17", "NI21", "NI27", "NI41", "NI42", "NI55", "NI56", "NI112", "NI151", "NI152", "NI153", "NI154", "NI155",
            "NI157a", "NI157b", "NI157c", "NI179", "NI185", "NI186", "NI191", "NI192", "NI193"} <= set(keys)
    assert keys["NI55"]["polarity"] == "lower" and "Child Measurement" in keys["NI55"]["source"]
    assert keys["NI112"]["outcome"] == "teenage-pregnancy" and keys["NI55"]["catalogue_version"] == "2026.3"


def test_scorecard_and_its_errors(client, sign_in):
    sign_in(MANAGER_EE)
    rows = client.get("/api/v1/performance/councils/E10000020/scorecard", {"period": "2010-11"}).json()
    assert len(rows) >= 12 and {r["rag"] for r in rows} <= {"green", "amber", "red", None}
    assert all(r["rule"] for r in rows if r["rag"])
    bad = client.get("/api/v1/performance/councils/E10000020/scorecard", {"period": "2010"})
    assert bad.status_code == 422 and "not a financial year" in bad.json()["detail"]
    assert client.get("/api/v1/performance/councils/E99999999/scorecard", {"period": "2010-11"}).status_code == 404
    assert client.get("/api/v1/performance/indicators/NOPE/values").status_code == 404


def test_import_is_a_job_and_needs_the_role(client, sign_in):
    sign_in(REVIEWER)
    file = SimpleUploadedFile("v.csv", b"indicator,area code,period,value\nNI192,E10000020,2011-12,41\n")
    assert client.post("/api/v1/performance/imports", {"file": file}).status_code == 403
    sign_in(OFFICER_NORFOLK)
    file = SimpleUploadedFile("v.csv", b"indicator,area code,period,value\nNI192,E10000020,2011-12,41\n")
    answer = client.post("/api/v1/performance/imports", {"file": file})
    assert answer.status_code == 202 and answer.json()["url"].startswith("/jobs/")
