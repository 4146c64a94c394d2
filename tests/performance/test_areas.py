"""Values and targets for a partnership's area as a whole: import (the partnership's code in the area-code column),
who sees and changes them, the pages and API showing the area apart, and never among the councils' peers."""
import csv
import io
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction

from riep.accounts.models import User
from riep.core import series
from riep.core.importing import ImportRefused
from riep.performance import benchmarks
from riep.performance.models import Commentary, Indicator, IndicatorValue, Target
from riep.performance.services import delivery
from riep.performance.services.importer import import_values
from riep.registry.models import Organisation, Partnership
from tests.performance.conftest import BOARD_EE, MANAGER_EE, MANAGER_SE, OFFICER_NORFOLK, REVIEWER

pytestmark = pytest.mark.usefixtures("performance")
NORFOLK = "E10000020"


def _user(email):
    return User.objects.get(email=email)


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_the_demo_has_area_indicators_with_targets_and_an_off_track_one_with_commentary():
    ee = Partnership.objects.get(code="EE")
    keys = set(Target.objects.filter(partnership=ee).values_list("indicator__key", flat=True))
    assert {"NI55", "NI186"} <= keys
    assert IndicatorValue.objects.filter(partnership=ee, council__isnull=True, illustrative=True).count() >= 14
    assert Commentary.objects.filter(partnership=ee, indicator__key="NI55", period="2010-11").exists()


def test_import_by_the_partnership_code_then_again_changes_nothing():
    data = b"indicator,area code,period,value,baseline,target,stretch,tolerance\nNI192,ee,2011-12,41.5,38,45,no,1\n"
    summary = import_values(data, "area.csv", user=_user(MANAGER_EE))
    assert (summary.added, summary.changed) == (2, 0)
    value = IndicatorValue.objects.get(indicator__key="NI192", partnership__code="EE", period="2011-12")
    assert value.council is None and value.value == D("41.5") and not value.approved
    target = Target.objects.get(indicator__key="NI192", partnership__code="EE", period="2011-12")
    assert target.council is None and target.target == D(45)
    assert target.history.first().history_user.email == MANAGER_EE
    assert import_values(data, "area.csv", user=_user(MANAGER_EE)).unchanged == 2


@pytest.mark.parametrize("email,code,message", [
    (OFFICER_NORFOLK, "EE", "you may not import figures for Improvement East's area: only the partnership's staff can"),
    (MANAGER_SE, "EE", "you may not import figures for Improvement East's area"),
    (MANAGER_EE, "ZZ", "is neither the GSS code of a council in the register nor a partnership's code"),
])
def test_area_rows_refused_by_row_and_column_nothing_imported(email, code, message):
    data = f"indicator,area code,period,value\nNI192,{NORFOLK},2011-12,40\nNI192,{code},2011-12,41\n".encode()
    with pytest.raises(ImportRefused) as refused:
        import_values(data, "area.csv", user=_user(email))
    problems = [str(p) for p in refused.value.problems]
    assert any("3" in p and message in p for p in problems), problems
    assert not IndicatorValue.objects.filter(indicator__key="NI192", period="2011-12").exists()


def test_a_local_indicator_takes_its_own_partnerships_area_only():
    local = Indicator.objects.get(key="EE-L1")
    assert import_values(b"indicator,area code,period,value\nEE-L1,EE,2011-12,50\n", "l1.csv").added == 1
    with pytest.raises(ImportRefused, match="is not the area of Improvement East, whose local indicator L1 is"):
        import_values(b"indicator,area code,period,value\nEE-L1,SE,2011-12,50\n", "l1.csv")
    assert IndicatorValue.objects.filter(indicator=local, partnership__code="EE", period="2011-12").exists()


def test_a_row_is_for_a_council_or_an_area_never_both_nor_neither():
    ind, ee = Indicator.objects.get(key="NI192"), Partnership.objects.get(code="EE")
    norfolk = Organisation.objects.get(gss_code=NORFOLK)
    for where in ({"council": norfolk, "partnership": ee}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            IndicatorValue.objects.create(indicator=ind, period="2012-13", value=1, **where)
    IndicatorValue.objects.create(indicator=ind, partnership=ee, period="2012-13", value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=ind, partnership=ee, period="2012-13", value=2)


def test_unapproved_area_figures_stay_within_the_partnership_until_approved(client, sign_in):
    pending = IndicatorValue.objects.get(indicator__key="NI186", partnership__code="EE", period="2010")
    assert not pending.approved
    for email, sees in ((MANAGER_EE, True), (BOARD_EE, True), (OFFICER_NORFOLK, True), (MANAGER_SE, False),
                        (REVIEWER, False)):
        sign_in(email)
        rows = client.get("/api/v1/performance/indicators/NI186/values", {"area": "EE"}).json()
        assert ("2010" in {r["period"] for r in rows}) is sees, email
        assert rows and all(r["area"] == "EE" and r["area_kind"] == "partnership" and r["council"] is None for r in rows)
    sign_in(BOARD_EE)
    assert client.post("/performance/indicators/NI186/EE/approve/").status_code == 403
    sign_in(MANAGER_EE)
    client.post("/performance/indicators/NI186/EE/approve/")
    pending.refresh_from_db()
    assert pending.approved
    sign_in(REVIEWER)
    rows = client.get("/api/v1/performance/indicators/NI186/values", {"area": "EE"}).json()
    assert "2010" in {r["period"] for r in rows}


def test_area_figures_are_never_a_councils_peer_nor_in_the_series():
    ee, ind = Partnership.objects.get(code="EE"), Indicator.objects.get(key="NI55")
    manager = _user(MANAGER_EE)
    councils = delivery.partnership_councils(ee)
    measures = delivery.measures_for(manager, councils, [ind], "2010-11")
    before = benchmarks.positions_for(manager, measures, "same_type")
    # an extreme area figure would move every council's position were it in the pool
    IndicatorValue.objects.filter(indicator=ind, partnership=ee, period="2010-11").update(value=D("99"))
    area = delivery.area_measures(manager, ee, [ind], "2010-11")
    after = benchmarks.positions_for(manager, measures + area, "same_type")
    assert after == before
    assert benchmarks.position_of(manager, area[0], "same_type") is None
    points = series.source("performance").values("NI55", None)
    assert points and all(p.council_id is not None for p in points)
    assert D("99") not in {p.value for p in points}


def test_indicator_page_and_scorecard_show_the_area_apart_from_the_councils(client, sign_in):
    sign_in(MANAGER_EE)
    html = client.get("/performance/indicators/NI55/", {"partnership": "EE"}).content.decode()
    councils_part, area_part = html.split("Improvement East's area as a whole</h2>")
    assert "the partnership&#x27;s area as a whole" not in councils_part.split("<h1")[1]
    assert "Improvement East (the partnership&#x27;s area as a whole)" in area_part
    rows = _csv(client.get("/performance/indicators/NI55/", {"partnership": "EE", "download": "councils", "format": "csv"}))
    assert rows and not any("area" in r["Council"] for r in rows)
    area = _csv(client.get("/performance/indicators/NI55/", {"partnership": "EE", "download": "area", "format": "csv"}))
    assert [(r["Area"], r["RAG"]) for r in area] == [("Improvement East (the partnership's area as a whole)", "Red")]
    assert "Peer position" not in area[0]
    score = client.get("/performance/partnerships/EE/scorecard/", {"period": "2010-11"})
    text = score.content.decode()
    assert "The partnership's area as a whole</h2>" in text and "not counted in the councils' totals" in text
    rows = _csv(client.get("/performance/partnerships/EE/scorecard/", {"period": "2010-11", "download": "area",
                                                                        "format": "csv"}))
    assert {r["Indicator"].split(" ")[0] + r["Indicator"].split(" ")[1] for r in rows} == {"NI55", "NI186"}
    off = _csv(client.get("/performance/partnerships/EE/scorecard/", {"period": "2010-11", "download": "off-track",
                                                                       "format": "csv"}))
    assert off and all(r["Indicator"] and r["RAG"] == "Red" for r in off)  # each exception names its indicator


def test_area_trajectory_targets_and_commentary_pages(client, sign_in):
    sign_in(MANAGER_EE)
    page = client.get("/performance/indicators/NI55/EE/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "never compared with them as a peer" in html
    assert "joint plan with the primary care trusts" in html  # the area is off track: its commentary shows
    targets = client.get("/performance/indicators/NI55/EE/targets/")
    assert targets.status_code == 200 and "Targets for Improvement East" in targets.content.decode()
    saved = client.post("/performance/indicators/NI55/EE/targets/", {
        "period": "2011-12", "target": "8.5", "baseline": "9.1", "baseline_period": "2007-08", "tolerance": "0.2",
        "tolerance_kind": "absolute"})
    assert saved.status_code == 302
    target = Target.objects.get(indicator__key="NI55", partnership__code="EE", period="2011-12")
    assert target.history.first().history_user.email == MANAGER_EE
    client.post("/performance/indicators/NI55/EE/commentary/", {"period": "2010-11", "text": "A new plan."})
    assert Commentary.objects.get(indicator__key="NI55", partnership__code="EE", period="2010-11").text == "A new plan."
    for email in (BOARD_EE, OFFICER_NORFOLK, MANAGER_SE):
        sign_in(email)
        assert client.get("/performance/indicators/NI55/EE/targets/").status_code == 403, email
    assert client.get("/performance/indicators/NI55/XX/").status_code == 404


def test_partnership_scorecard_api_lists_councils_then_the_area(client, sign_in):
    sign_in(MANAGER_EE)
    rows = client.get("/api/v1/performance/partnerships/ee/scorecard", {"period": "2010-11"}).json()
    kinds = [r["area_kind"] for r in rows]
    assert kinds.index("partnership") > kinds.index("council") and "council" not in kinds[kinds.index("partnership"):]
    area = {r["indicator"]: r for r in rows if r["area_kind"] == "partnership"}
    assert area["NI55"]["rag"] == "red" and area["NI55"]["area"] == "EE" and area["NI55"]["council"] is None
    assert client.get("/api/v1/performance/partnerships/ZZ/scorecard", {"period": "2010-11"}).status_code == 404
    assert client.get("/api/v1/performance/partnerships/EE/scorecard", {"period": "2010"}).status_code == 422


def test_the_address_other_capabilities_link_by_leads_to_the_councils_indicator_page(client, sign_in):
    sign_in(MANAGER_EE)
    # reorganisation links a council's NI 157 as /performance/councils/<GSS>/indicators/NI157/ (by URL only)
    response = client.get(f"/performance/councils/{NORFOLK}/indicators/NI157/")
    assert response.status_code == 302 and response["Location"] == f"/performance/indicators/NI157a/{NORFOLK}/"
    assert client.get(f"/performance/councils/{NORFOLK}/indicators/NI55/")["Location"].endswith(f"/NI55/{NORFOLK}/")
    assert client.get(f"/performance/councils/{NORFOLK}/indicators/NOPE/").status_code == 404
    assert client.get("/performance/councils/E99999999/indicators/NI55/").status_code == 404
