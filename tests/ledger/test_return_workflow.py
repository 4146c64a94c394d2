"""Issue 9 item 7 and the return workflow: a locked return's figure cannot change, the headline shows the validated
figure, submission is a check-your-answers page with a declaration, history in words, returns pages and to-do lists."""
import re
from decimal import Decimal

import pytest

from riep.ledger.models import EfficiencyGain, GainYear, Ni179Return, ReturnStatus
from riep.ledger.services import GainData, LedgerLocked, save_gain, submit_return, validate_return

from .conftest import FY, council, user

NORFOLK, SUFFOLK = "E10000020", "E10000029"
EE_MANAGER, NORFOLK_OFFICER = "manager@improvementeast.example", "officer@norfolk.example"


def _validate_norfolk_2009_10():
    submit_return(user(NORFOLK_OFFICER), council(NORFOLK), FY(2009), declared=True)
    return validate_return(user(EE_MANAGER), council(NORFOLK), FY(2009))


def _years_of(gain):
    return {y.year: {"gross_saving": y.gross_saving, "investment": y.investment, "ongoing_costs": y.ongoing_costs,
                     "staff_costs_incurred_anyway": y.staff_costs_incurred_anyway, "reference_saving": y.reference_saving}
            for y in gain.years.all()}


def test_blanking_a_later_year_cannot_change_a_locked_year(ledger):
    # The issue's case: with 2009-10 validated, blanking EE-NFK-001's 2010-11 and 2011-12 (later, unlocked years)
    # made it fail persistence, and Norfolk's validated 2009-10 headline fell while the return stayed locked.
    ret = _validate_norfolk_2009_10()
    assert ret.validated_total == Decimal("40990000.00") and ret.snapshot["total"] == "40990000.00"
    gain = EfficiencyGain.objects.get(reference="EE-NFK-001")
    years = {y: a for y, a in _years_of(gain).items() if y < FY(2010)}
    with pytest.raises(LedgerLocked) as refused:
        save_gain(user(EE_MANAGER), gain, GainData({}, years, replace_years=True), reason="Saving ended")
    message = str(refused.value)
    # 2008-09 is the first locked year it would move: without 2010-11 the gain no longer persists at all.
    assert "validated NI 179 for 2008-09 from £1,620,000.00 to £0.00" in message
    assert "reopens the return as a new version" in message and "/ledger/ni179/E10000020/2008-09/" in message
    assert gain.years.filter(year=FY(2010)).exists()  # nothing saved


def test_a_later_year_may_change_when_no_locked_figure_moves(ledger):
    _validate_norfolk_2009_10()
    gain = EfficiencyGain.objects.get(reference="EE-NFK-001")
    years = _years_of(gain)
    years[FY(2011)] = {**years[FY(2011)], "gross_saving": Decimal("13500000")}
    _, changed = save_gain(user(EE_MANAGER), gain, GainData({}, years), reason="Forecast raised")
    assert changed


def test_headline_shows_the_validated_figure_and_warns_of_a_difference(as_user):
    client = as_user(EE_MANAGER)
    # A change made behind the ledger's back (straight in the database), which the services would have refused.
    GainYear.objects.filter(gain__reference="EE-NOR-OWN", year=FY(2008)).update(gross_saving=Decimal("17000000"))
    text = client.get("/ledger/ni179/E10000020/2008-09/").content.decode()
    assert "as validated: <strong>£21,090,000.00</strong>" in text
    assert "would be £20,790,000.00 (−£300,000.00 different" in text


def test_history_is_told_in_words(as_user):
    client = as_user(EE_MANAGER)
    text = client.get("/ledger/ni179/E10000020/2008-09/").content.decode()
    workflow = text.split("Every change, field by field")[0].split(">History</h2>")[1]
    assert re.search(r"Demo Programme Manager \(Improvement East\) validated and locked the return at £21,090,000 "
                     r"on 3 July 2009, \d\d:\d\d\.", workflow)
    assert re.search(r"Demo Officer \(Norfolk\) submitted the return for validation on 26 June 2009, \d\d:\d\d\.",
                     workflow)
    sent_back = client.get("/ledger/ni179/E10000020/2009-10/").content.decode()
    assert re.search(r"Demo Programme Manager \(Improvement East\) sent the return back to the council on 1 July "
                     r"2010, \d\d:\d\d, saying “Evidence for the shared", sent_back)
    assert "(blank) →" not in sent_back.split("Every change, field by field")[0]
    steps = client.get("/ledger/ni179/E10000020/2009-10/", {"download": "workflow", "format": "csv"})
    rows = steps.getvalue().decode("utf-8-sig").splitlines()
    assert rows[0] == "When (UK time),Who,Status,Version,Validated NI 179,Reason"
    assert any(",Sent back," in row and "Evidence for the shared" in row for row in rows[1:])


def test_check_your_answers_then_declaration_then_submit(as_user):
    client = as_user(NORFOLK_OFFICER)
    page = client.get("/ledger/ni179/E10000020/2009-10/check/").content.decode()
    assert "Check your answers before submitting the return" in page and "£40,990,000" in page
    assert "I confirm that" in page and "Gains with no evidence document" in page
    refused = client.post("/ledger/ni179/E10000020/2009-10/check/")
    assert refused.status_code == 400 and "There is a problem" in refused.content.decode()
    assert Ni179Return.objects.get(council__gss_code=NORFOLK, year=FY(2009)).status == ReturnStatus.RETURNED
    done = client.post("/ledger/ni179/E10000020/2009-10/check/", {"declaration": "yes"})
    assert done.status_code == 302
    ret = Ni179Return.objects.get(council__gss_code=NORFOLK, year=FY(2009))
    assert ret.status == ReturnStatus.SUBMITTED and ret.declaration.startswith("I confirm")
    # Another council's officer may not submit Norfolk's return.
    other = as_user("officer@kent.example")
    assert other.get("/ledger/ni179/E10000020/2009-10/check/").status_code == 403


def test_returns_pages_per_partnership_and_council(as_user):
    client = as_user("reviewer@communities.example")
    page = client.get("/ledger/partnerships/EE/returns/").content.decode()
    assert "Validated: <strong>2</strong>" in page and "Submitted for validation: <strong>1</strong>" in page
    assert "Sent back: <strong>1</strong>" in page
    csv = client.get("/ledger/partnerships/EE/returns/", {"download": "returns", "format": "csv"}).getvalue().decode("utf-8-sig")
    assert "Norfolk,2008-09,Validated,1," in csv and "21090000.00" in csv
    council_page = client.get("/ledger/councils/E10000020/returns/").content.decode()
    assert "Sent back" in council_page and "Evidence for the shared back office" in council_page


def test_trajectory_counts_only_validated_returns(ledger):
    from riep.ledger.services import trajectory_table
    from riep.registry.models import Partnership

    rows = {(r["council"], r["year"].label): r for r in trajectory_table(Partnership.objects.get(code="EE")).rows}
    assert rows[("Norfolk", "2008-09")]["ni179"] == Decimal("21090000.00") and rows[("Norfolk", "2008-09")]["percent"] == Decimal("1.098")
    suffolk = rows[("Suffolk", "2008-09")]  # submitted, not validated: shown, not counted
    assert suffolk["ni179"] is None and suffolk["percent"] is None and suffolk["calculated"] == Decimal("16760000.00")
    assert suffolk["status"] == "Submitted for validation"


@pytest.mark.parametrize("email, headings, item", [
    (EE_MANAGER, ["NI 179 returns to validate"], "Suffolk 2008-09: submitted 30 June 2009"),
    (NORFOLK_OFFICER, ["NI 179 returns sent back to you", "Gains with no evidence document"],
     "Norfolk 2009-10: sent back: Evidence for the shared back office"),
])
def test_dashboard_to_do_lists_per_role(as_user, email, headings, item):
    text = as_user(email).get("/").content.decode()
    assert "Your to-do list" in text and item in text
    for heading in headings:
        assert heading in text


def test_reviewer_has_no_work_waiting_only_the_aggregate_view(as_user):
    text = as_user("reviewer@communities.example").get("/").content.decode()
    assert "NI 179 returns to validate" not in text and "Gains with no evidence document" not in text
    assert "All partnerships at a glance" in text and "Value for money reports" in text
