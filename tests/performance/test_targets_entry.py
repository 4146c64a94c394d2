"""Setting targets on a page (baseline, target per year, stretch, tolerance band), its bad input named by field
with nothing saved, and the history of every change; and a partnership's local indicators, which then take values,
targets and pages like the catalogue's."""
import csv
import io
from decimal import Decimal

import pytest

from riep.performance.models import Indicator, IndicatorValue, Target
from riep.performance.services.delivery import council_scorecard
from riep.performance.services.importer import import_values
from riep.registry.models import Organisation
from tests.performance.conftest import MANAGER_EE, MANAGER_SE, OFFICER_NORFOLK

pytestmark = pytest.mark.usefixtures("performance")
NORFOLK, KENT = "E10000020", "E10000016"
URL = f"/performance/indicators/NI55/{NORFOLK}/targets/"
GOOD = {"period": "2011-12", "target": "8.5", "baseline": "9.6", "baseline_period": "2007-08", "tolerance": "0.4",
        "tolerance_kind": "absolute"}


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def _errors(response) -> str:
    assert response.status_code == 200
    return " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)


def test_a_manager_sets_a_target_and_every_change_is_kept_with_who_made_it(client, sign_in):
    manager = sign_in(MANAGER_EE)
    assert client.post(URL, GOOD).status_code == 302
    target = Target.objects.get(indicator__key="NI55", council__gss_code=NORFOLK, period="2011-12")
    assert (target.target, target.baseline, target.tolerance, target.stretch) == (Decimal("8.5"), Decimal("9.6"),
                                                                                 Decimal("0.4"), False)
    client.post(URL, {**GOOD, "target": "8.2", "stretch": "on", "expected": "9.0"})
    target.refresh_from_db()
    assert target.target == Decimal("8.2") and target.stretch and target.expected == Decimal("9.0")
    history = _csv(client.get(URL, {"download": "target-history", "format": "csv"}))
    mine = [h for h in history if h["Year"] == "2011-12"]
    assert [h["Change"] for h in mine] == ["Changed", "Set"] and [Decimal(h["Target"]) for h in mine] == [Decimal("8.2"), Decimal("8.5")]
    assert {h["Who"] for h in mine} == {manager.full_name}
    page = client.get(URL, {"period": "2011-12"}).content.decode()
    assert "Change the target for 2011-12" in page and 'value="8.2000"' in page
    assert "Green at or below the target of 8.2%; amber above it by no more than 0.4 percentage points" in page
    assert client.get(URL, {"download": "targets", "format": "xlsx"})["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"target": "10.5"}, "target", "contradicts the indicator's polarity"),  # NI 55: lower is better
    ({"target": "101"}, "target", "is a percentage (NI 55 is measured in %): it must be at most 100"),
    ({"baseline": "140"}, "baseline", "must be at most 100"),
    ({"period": "2011/13"}, "period", "Year of the target:"),
    ({"period": "next year"}, "period", "Year of the target:"),
    ({"baseline_period": "2012-13"}, "baseline_period", "must come before the year of the target"),
    ({"target": "-1"}, "target", "must not be negative"),
    ({"tolerance": "-0.5"}, "tolerance", "Tolerance must be at least 0"),
    ({"expected": "9"}, "expected", "for stretch targets only"),
    ({"stretch": "on", "expected": "8"}, "target", "better than the performance expected without the agreement"),
    ({"target": "lots"}, "target", "Enter the target as a number"),
])
def test_bad_input_is_named_by_field_and_nothing_is_saved(client, sign_in, change, field, words):
    sign_in(MANAGER_EE)
    before = Target.history.count()
    response = client.post(URL, {**GOOD, **change})
    assert words in " ".join(response.context["form"].errors.get(field, [])), response.context["form"].errors
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert not Target.objects.filter(indicator__key="NI55", council__gss_code=NORFOLK, period="2011-12").exists()
    assert Target.history.count() == before


def test_a_calendar_year_indicator_takes_a_calendar_year_and_context_takes_no_target(client, sign_in):
    sign_in(MANAGER_EE)
    url = f"/performance/indicators/NI112/{NORFOLK}/targets/"
    assert "Year of the target: ‘2011-12’ is not a calendar year" in _errors(client.post(url, {**GOOD, "period": "2011-12",
                                                                                         "baseline_period": "2007"}))
    assert client.post(url, {**GOOD, "period": "2011", "baseline_period": "2007", "target": "-20", "baseline": "-5"}
                       ).status_code == 302
    assert Target.objects.filter(indicator__key="NI112", council__gss_code=NORFOLK, period="2011").exists()
    spend = client.post(f"/performance/indicators/SPEND-ASC/{NORFOLK}/targets/", {**GOOD, "target": "400"})
    assert "has no better direction" in " ".join(response_errors(spend))


def response_errors(response):
    return [str(e) for e in response.context["form"].non_field_errors()]


def test_only_the_partnerships_staff_set_targets(client, sign_in):
    for email in (OFFICER_NORFOLK, MANAGER_SE):
        sign_in(email)
        assert client.get(URL).status_code == 403
        assert client.post(URL, GOOD).status_code == 403
    assert not Target.objects.filter(indicator__key="NI55", council__gss_code=NORFOLK, period="2011-12").exists()
    sign_in(MANAGER_EE)
    page = client.get(f"/performance/indicators/NI55/{NORFOLK}/").content.decode()
    assert "Set or change targets" in page


LOCAL = {"code": "L2", "name": "Residents who feel lonely often", "definition": "Share of survey respondents who "
         "feel lonely often or always.", "unit": "%", "polarity": "lower", "frequency": "financial_year",
         "decimals": "1", "source": "Illustrative: the partnership's residents' survey.", "geography": "all councils"}


def test_a_partnership_defines_a_local_indicator_that_then_behaves_like_the_catalogues(client, sign_in):
    manager = sign_in(MANAGER_EE)
    assert client.post("/performance/partnerships/EE/indicators/new/", LOCAL).status_code == 302
    ind = Indicator.objects.get(key="EE-L2")
    assert ind.partnership.code == "EE" and ind.catalogue_version == ""
    # values: imported for the partnership's councils, refused for another partnership's, naming the row
    data = f"indicator,area code,period,value\nEE-L2,{NORFOLK},2009-10,21.5\nEE-L2,{NORFOLK},2010-11,19\n".encode()
    summary = import_values(data, "local.csv")
    assert summary.added == 2
    with pytest.raises(Exception) as refused:
        import_values(f"indicator,area code,period,value\nEE-L2,{KENT},2010-11,19\n".encode(), "kent.csv")
    assert "row 2" in str(refused.value).lower() and "not a council of" in str(refused.value)
    # targets, RAG and scorecards as for any indicator
    assert client.post(f"/performance/indicators/EE-L2/{NORFOLK}/targets/", {**GOOD, "period": "2010-11",
                       "target": "20", "baseline": "22", "baseline_period": "2008-09"}).status_code == 302
    norfolk = Organisation.objects.get(gss_code=NORFOLK)
    line = next(m for m in council_scorecard(manager, norfolk, "2010-11") if m.indicator == ind)
    assert line.rating == "green"
    assert client.get("/performance/indicators/EE-L2/?partnership=EE").status_code == 200
    assert client.get(f"/performance/indicators/EE-L2/{NORFOLK}/").status_code == 200
    rows = _csv(client.get("/performance/partnerships/EE/indicators/", {"download": "local-indicators", "format": "csv"}))
    assert [r["Indicator"] for r in rows] == ["L1", "L2"]  # the demo's own, and this one
    assert "Local indicator of EE" in client.get("/performance/").content.decode()
    # another partnership's council takes no target for it
    assert client.get(f"/performance/indicators/EE-L2/{KENT}/targets/").status_code == 403
    # its definition's changes are kept; polarity cannot turn once targets are set
    client.post("/performance/partnerships/EE/indicators/EE-L2/edit/", {**LOCAL, "name": "Loneliness"})
    refused = client.post("/performance/partnerships/EE/indicators/EE-L2/edit/", {**LOCAL, "polarity": "higher"})
    assert "cannot change once targets are set" in response_errors(refused)[0]
    history = _csv(client.get("/performance/partnerships/EE/indicators/EE-L2/edit/",
                              {"download": "indicator-history", "format": "csv"}))
    assert [h["Change"] for h in history] == ["Changed", "Defined"] and history[0]["Who"] == manager.full_name
    assert IndicatorValue.objects.filter(indicator=ind).count() == 2


def test_a_local_indicators_code_is_its_own_and_only_staff_define_one(client, sign_in):
    sign_in(MANAGER_EE)
    for code in ("NI 55", "NI55", "L1", "bad/code"):  # L1: the demo's own local indicator has it
        response = client.post("/performance/partnerships/EE/indicators/new/", {**LOCAL, "code": code})
        assert response.status_code == 200 and "Short code" in " ".join(response.context["form"].errors["code"])
    response = client.post("/performance/partnerships/EE/indicators/new/", {**LOCAL, "unit": "", "polarity": "sideways"})
    assert set(response.context["form"].errors) == {"unit", "polarity"}
    sign_in(MANAGER_SE)
    assert client.post("/performance/partnerships/EE/indicators/new/", LOCAL).status_code == 403
    assert not Indicator.objects.filter(key="EE-L2").exists()


def test_a_target_imported_from_a_file_is_in_the_history_under_the_importers_name(client, sign_in):
    officer = sign_in(OFFICER_NORFOLK)
    data = (f"indicator,area code,period,value,baseline,target,tolerance\n"
            f"NI192,{NORFOLK},2011-12,41,38,44,1\n").encode()
    assert import_values(data, "targets.csv", user=officer).added == 2
    h = Target.history.get(indicator__key="NI192", council__gss_code=NORFOLK, period="2011-12")
    assert h.history_user == officer and h.history_type == "+"


def test_a_target_set_or_changed_waits_for_approval_before_it_is_shown_beyond_the_partnership(client, sign_in):
    from tests.performance.conftest import REVIEWER

    page = f"/performance/indicators/NI55/{NORFOLK}/"
    sign_in(MANAGER_EE)
    client.post(URL, {**GOOD, "period": "2010-11", "target": "7.7"})  # changes the demo's approved 2010-11 target
    target = Target.objects.get(indicator__key="NI55", council__gss_code=NORFOLK, period="2010-11")
    assert target.target == Decimal("7.7") and not target.approved
    listed = {r["Year"]: r for r in _csv(client.get(URL, {"download": "targets", "format": "csv"}))}
    assert listed["2010-11"]["Approval"].startswith("Awaiting approval")
    rows = {r["Period"]: r for r in _csv(client.get(page, {"download": "trajectory", "format": "csv"}))}
    assert Decimal(rows["2010-11"]["Target"]) == Decimal("7.7") and "Target awaiting approval" in rows["2010-11"]["Approval"]
    sign_in(REVIEWER)  # beyond the partnership: no target for the year, so no rating against it
    rows = {r["Period"]: r for r in _csv(client.get(page, {"download": "trajectory", "format": "csv"}))}
    assert rows["2010-11"]["Target"] == ""
    assert council_scorecard_target(client, sign_in, REVIEWER) is None
    sign_in(MANAGER_EE)
    assert "Approve for showing beyond the partnership" in client.get(page).content.decode()
    versions = target.history.count()
    client.post(page + "approve/")
    target.refresh_from_db()
    assert target.approved and target.history.count() == versions  # approving is not a change of the target
    sign_in(REVIEWER)
    rows = {r["Period"]: r for r in _csv(client.get(page, {"download": "trajectory", "format": "csv"}))}
    assert Decimal(rows["2010-11"]["Target"]) == Decimal("7.7") and rows["2010-11"]["Approval"] == "Approved"


def council_scorecard_target(client, sign_in, email):
    from riep.performance.services.delivery import measure

    user = sign_in(email)
    ind, council = Indicator.objects.get(key="NI55"), Organisation.objects.get(gss_code=NORFOLK)
    return measure(user, ind, council, "2010-11").target


def test_reward_is_not_shown_beyond_the_partnership_against_a_target_awaiting_approval(sign_in):
    from riep.performance.models import RewardAgreement
    from riep.performance.services.reward import agreement_reward
    from tests.performance.conftest import REVIEWER

    agreement = RewardAgreement.objects.first()
    manager, reviewer = sign_in(MANAGER_EE), sign_in(REVIEWER)
    before = agreement_reward(reviewer, agreement)
    assert before.earned == agreement_reward(manager, agreement).earned > 0
    pending = next(t for t in before.targets if t.earned > 0).reward_target.target
    Target.objects.filter(pk=pending.pk).update(approved_at=None)
    inside, outside = agreement_reward(manager, agreement), agreement_reward(reviewer, agreement)
    assert inside.earned == before.earned
    row = next(t for t in outside.targets if t.reward_target.target.pk == pending.pk)
    assert not row.shown and row.actual is None and row.earned == 0 and outside.earned < before.earned
