"""Issue 9: each defect found in review, as a test that failed on the old engines and passes now.

Item numbers are the issue's. The old behaviour is in each comment, so the test says what it guards against.
"""
from decimal import Decimal

import pytest

from riep.core.fy import FinancialYear
from riep.ledger.calc.additionality import Assessment, Override, assess_additionality, parameter_set_from_levels
from riep.ledger.calc.csr07 import compare, target_for, trajectory
from riep.ledger.calc.export import partnership_return_rows
from riep.ledger.calc.gains import Gain, GainYear, yearly_amounts
from riep.ledger.calc.ni179 import ReasonCode, ni179

D = Decimal


def _gain(years, gain_id="X", council="NTH"):
    return Gain(gain_id, council, "other", True, True, "realised", "2008-09", years)


# --- item 2: persistence is about the gain lasting, not about when a one-off investment falls ---------------------


@pytest.mark.parametrize("invested_in, expected", [
    # 100,000 a year for three years with 150,000 invested: net governs the amount counted each year…
    ("2008-09", ("-50000", "100000", "100000")),
    # …and the same investment a year later no longer deletes the gain from every year (the old engine gave 0, 0, 0).
    ("2009-10", ("100000", "-50000", "100000")),
])
def test_timing_of_a_one_off_investment_does_not_decide_persistence(invested_in, expected):
    years = tuple(GainYear(y, 100_000, investment=150_000 if y == invested_in else 0)
                  for y in ("2008-09", "2009-10", "2010-11"))
    gain = _gain(years)
    totals = tuple(ni179([gain], y).total for y in ("2008-09", "2009-10", "2010-11"))
    assert totals == tuple(D(v) for v in expected)


def test_a_gain_that_stops_is_still_deleted():
    gain = _gain(yearly_amounts("2008-09", [100_000, 100_000]))  # nothing in 2010-11
    result = ni179([gain], "2009-10")
    assert result.total == 0 and result.lines[0].reason.code is ReasonCode.FAILS_PERSISTENCE


# --- item 3: a missing reference-case year is not "no deadweight" -------------------------------------------------


def _reference_gain():
    return _gain(yearly_amounts("2008-09", [100_000] * 3))


def test_missing_reference_year_takes_the_highest_recorded_deadweight_share():
    # Reference case recorded for 2008-09 only (half the saving would have happened anyway). The old engine took
    # 2009-10 and 2010-11 as fully additional (100,000 each); now they take the recorded 50% share, with a warning.
    params = parameter_set_from_levels("s", "S")
    result = assess_additionality(Assessment(_reference_gain(), params, reference_amounts={"2008-09": D(50_000)}))
    assert [y.additional for y in result.years] == [D(50_000)] * 3
    assert any("No reference case recorded for 2009-10, 2010-11" in w for w in result.warnings)


def test_deadweight_override_is_kept_for_years_without_a_reference_amount():
    # The old engine refused the combination (and the service silently dropped the override).
    params = parameter_set_from_levels("s", "S")
    override = Override("deadweight", D("0.3"), "Framework prices were falling anyway")
    result = assess_additionality(Assessment(_reference_gain(), params, overrides=(override,),
                                             reference_amounts={"2008-09": D(50_000)}))
    assert [y.additional for y in result.years] == [D(50_000), D(70_000), D(70_000)]


# --- item 4: the partnership % compares like with like; one rounding everywhere -----------------------------------


def test_partnership_percentage_uses_only_councils_with_a_baseline():
    # NTH has a baseline of £1m (target 2008-09: £30,000) and £30,000 of gains; STH has no baseline and £500,000.
    # The old row put all £530,000 against NTH's target: 1,766.7% achieved.
    gains = [_gain(yearly_amounts("2008-09", [30_000] * 3), "A", "NTH"),
             _gain(yearly_amounts("2008-09", [500_000] * 3), "B", "STH")]
    rows = partnership_return_rows(gains, "2008-09", baselines={"NTH": D(1_000_000)}, councils=["NTH", "STH"])
    (row,) = rows.as_dicts()
    assert row["NI 179 net value of gains (£)"] == D(530_000)
    assert row["NI 179 of councils with a baseline (£)"] == D(30_000) and row["Councils without a baseline"] == 1
    assert row["% of target achieved"] == D("1.000")


def test_export_and_trajectory_round_a_half_the_same_way():
    # 30,015 against a 30,000 target is exactly 100.05%: the old export rounded half to even (100.0%), the trajectory
    # comparison half up (100.1%).
    gains = [_gain(yearly_amounts("2008-09", [30_015] * 3), "A", "NTH")]
    (row,) = partnership_return_rows(gains, "2008-09", baselines={"NTH": D(1_000_000)}).as_dicts()
    (first, *_) = compare(D(1_000_000), outturn={"2008-09": D(30_015)})
    assert row["% of target achieved"] == D("1.001") and first.outturn_percent_of_target == D("100.1")


# --- item 8: nonsense refused; costs after a gain has ended are not a "counted" gain ------------------------------


def test_negative_baseline_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        trajectory(D(-1_000_000))
    with pytest.raises(ValueError, match="cannot be negative"):
        target_for(D(-5), "2009-10")


def test_costs_after_a_gain_ended_are_netted_and_say_so():
    years = yearly_amounts("2008-09", [100_000] * 3) + (GainYear("2011-12", ongoing_costs=20_000),)
    result = ni179([_gain(years)], FinancialYear(2011))
    (line,) = result.lines
    assert line.included and line.counted == D(-20_000)  # cautious: the cost is still netted off…
    assert line.reason.code is ReasonCode.COSTS_AFTER_END  # …but the line does not claim an ongoing gain
    assert "has ended" in line.reason.text and ReasonCode.COUNTED not in [r.code for r in line.reasons]
