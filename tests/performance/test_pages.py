"""The toolkit's pages on the demo: what each role sees, approval, commentary only when off track, no ranking."""
import csv
import io

import pytest

from riep.performance.models import Commentary, Indicator, IndicatorValue, PriorityOutcome, SelfAssessment
from riep.performance.services.catalogue import questions
from riep.performance.services.delivery import measures_for, partnership_councils
from riep.registry.models import Partnership
from tests.performance.conftest import BOARD_EE, MANAGER_EE, MANAGER_SE, OFFICER_KENT, OFFICER_NORFOLK, REVIEWER

pytestmark = pytest.mark.usefixtures("performance")
NORFOLK = "E10000020"


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_demo_east_of_england_on_at_least_twelve_indicators_with_targets_rag_and_forecasts(client, sign_in):
    ee = Partnership.objects.get(code="EE")
    keys = set(IndicatorValue.objects.filter(council__in=partnership_councils(ee)).values_list("indicator__key", flat=True))
    assert len(keys) >= 12
    real = IndicatorValue.objects.filter(council__in=partnership_councils(ee), indicator__key__startswith="SPEND-",
                                         illustrative=False)
    assert real.values("indicator").distinct().count() >= 3  # the real finance-based ones among them
    sign_in(MANAGER_EE)
    page = client.get(f"/performance/indicators/NI55/{NORFOLK}/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "The rule:" in html and "Forecast lower" in html
    assert "Illustrative" in html
    for slug in ("fear-of-crime", "obesity", "teenage-pregnancy"):
        outcome = client.get(f"/performance/partnerships/EE/outcomes/{slug}/").content.decode()
        assert "Reward grant" in outcome and "Aspire2perform" in outcome
    assert PriorityOutcome.objects.filter(partnership=ee).count() == 3
    obesity = client.get("/performance/partnerships/EE/outcomes/obesity/").content.decode()
    assert "L1 Children in active travel to school" in obesity  # the partnership's own indicator, beside NI 55/56
    obesity = client.get("/performance/partnerships/EE/outcomes/obesity/", {"download": "reward-targets", "format": "csv"})
    rows = _csv(obesity)
    assert rows[-1]["Measure"] == "Total" and float(rows[-1]["Reward earned"]) > 0
    completed = SelfAssessment.objects.get(partnership=ee, year=2010)
    assert completed.completed_on is not None and completed.actions.exists()
    assert completed.answers.count() == len(questions())


def test_a_short_series_says_no_forecast_instead_of_a_line(client, sign_in):
    sign_in(MANAGER_EE)
    values = IndicatorValue.objects.filter(indicator__key="NI55", council__gss_code=NORFOLK).order_by("period")
    values.filter(period__lt="2008-09").delete()  # 3 left
    html = client.get(f"/performance/indicators/NI55/{NORFOLK}/").content.decode()
    assert "No forecast: 3 values so far, fewer than the minimum of 5 points" in html


def test_unapproved_figures_stay_within_the_partnership_until_approved(client, sign_in):
    pending = IndicatorValue.objects.filter(approved_at__isnull=True, council__memberships__partnership__code="EE").first()
    ind, council = pending.indicator, pending.council
    url = f"/api/v1/performance/indicators/{ind.key}/values?council={council.gss_code}"
    sign_in(REVIEWER)
    assert pending.period not in {v["period"] for v in client.get(url).json()}
    sign_in(MANAGER_SE)  # another partnership's staff
    assert pending.period not in {v["period"] for v in client.get(url).json()}
    assert client.post(f"/performance/indicators/{ind.key}/{council.gss_code}/approve/").status_code == 403
    sign_in(BOARD_EE)
    assert pending.period in {v["period"] for v in client.get(url).json()}
    assert client.post(f"/performance/indicators/{ind.key}/{council.gss_code}/approve/").status_code == 403
    sign_in(MANAGER_EE)
    page = client.get(f"/performance/indicators/{ind.key}/{council.gss_code}/").content.decode()
    assert "Approve for showing beyond the partnership" in page
    client.post(f"/performance/indicators/{ind.key}/{council.gss_code}/approve/")
    pending.refresh_from_db()
    assert pending.approved
    sign_in(REVIEWER)
    assert pending.period in {v["period"] for v in client.get(url).json()}


def test_commentary_only_when_off_track(client, sign_in):
    manager = sign_in(MANAGER_EE)
    norfolk = [m for m in measures_for(manager, partnership_councils(Partnership.objects.get(code="EE")),
                                       Indicator.objects.all(), "2010-11") if m.council.gss_code == NORFOLK]
    red = next(m for m in norfolk if m.rating == "red")
    green = next(m for m in norfolk if m.rating == "green")
    url = f"/performance/indicators/{red.indicator.key}/{NORFOLK}/commentary/"
    client.post(url, {"period": red.period, "text": "Recovery plan agreed with the police."})
    assert Commentary.objects.get(indicator=red.indicator, council=red.council, period=red.period).text.startswith("Recovery")
    client.post(f"/performance/indicators/{green.indicator.key}/{NORFOLK}/commentary/", {"period": green.period, "text": "x"})
    assert not Commentary.objects.filter(indicator=green.indicator, council=green.council, period=green.period).exists()
    sign_in(OFFICER_KENT)  # not Norfolk's officer
    client.post(url, {"period": red.period, "text": "Kent says"})
    assert Commentary.objects.get(indicator=red.indicator, council=red.council, period=red.period).text.startswith("Recovery")


def test_councils_are_in_name_order_never_ranked_by_value(client, sign_in):
    sign_in(REVIEWER)
    rows = _csv(client.get("/performance/indicators/NI192/", {"partnership": "EE", "download": "councils", "format": "csv"}))
    names = [r["Council"] for r in rows]
    assert len(names) > 10 and names == sorted(names)
    values = [float(r["Value"]) for r in rows if r["Value"]]
    assert values != sorted(values) and values != sorted(values, reverse=True)


def test_every_page_answers_and_downloads(client, sign_in):
    sign_in(MANAGER_EE)
    pages = ["/performance/", "/performance/indicators/NI17/", f"/performance/councils/{NORFOLK}/scorecard/",
             "/performance/partnerships/EE/scorecard/", "/performance/partnerships/EE/self-assessment/",
             "/performance/partnerships/EE/self-assessment/2010-11/", "/performance/import/"]
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert client.get("/performance/partnerships/EE/self-assessment/2010-11/",
                      {"download": "action-plan", "format": "xlsx"})["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/performance/indicators/NOPE/").status_code == 404
    assert client.get("/performance/partnerships/EE/self-assessment/20x/").status_code == 404


def test_self_assessment_is_the_partnerships_own(client, sign_in):
    sign_in(MANAGER_SE)
    assert client.get("/performance/partnerships/EE/self-assessment/2010-11/").status_code == 403
    sign_in(BOARD_EE)
    html = client.get("/performance/partnerships/EE/self-assessment/2010-11/").content.decode()
    assert "Strengths" in html and "Action plan" in html and "Last year (2009-10)" in html


def test_import_page_queues_a_job_for_an_officer(client, sign_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(OFFICER_NORFOLK)
    upload = SimpleUploadedFile("v.csv", f"indicator,area code,period,value\nNI192,{NORFOLK},2011-12,41\n".encode())
    response = client.post("/performance/import/", {"file": upload, "indicator": ""})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    sign_in(REVIEWER)
    assert client.get("/performance/import/").status_code == 403


def test_councils_are_ordered_by_value_only_when_asked(client, sign_in):
    sign_in(MANAGER_EE)
    rows = _csv(client.get("/performance/indicators/NI192/", {"partnership": "EE", "order": "value",
                                                               "download": "councils", "format": "csv"}))
    values = [float(r["Value"]) for r in rows if r["Value"]]
    assert values == sorted(values)
    assert "because you asked" in client.get("/performance/indicators/NI192/", {"order": "value"}).content.decode()
