from decimal import Decimal

import pytest

from riep.core.fy import FinancialYear, year_range
from riep.ledger.calc.gains import Category, Gain, GainYear, yearly_amounts
from riep.ledger.calc.ni179 import Basis, ReasonCode, assess, ni179, ni179_series

from .examples import worked_gains

D = Decimal


def _lines(result, gain_id):
    return [line for line in result.lines if line.gain_id == gain_id]


@pytest.mark.parametrize("year, nth, sth, total", [
    # Hand-checked in tests/ledger/calc/examples.py.
    ("2008-09", "176000", "24000", "200000"),  # NTH: G1 140,000 + G6 36,000; STH: G6 24,000
    ("2009-10", "394000", "236000", "630000"),  # NTH: 190,000 + 120,000 + 84,000; STH: 180,000 + 56,000
    ("2010-11", "394000", "336000", "730000"),  # NTH: 190,000 + 120,000 + 84,000; STH: 280,000 + 56,000
])
def test_worked_example_by_council(year, nth, sth, total):
    result = ni179(worked_gains(), year)
    assert result.by_council() == {"NTH": D(nth), "STH": D(sth)}
    assert result.total == D(total)


def test_worked_example_by_project_and_category_2010_11():
    result = ni179(worked_gains(), "2010-11")
    # P-PROC: G1 190,000 + G5 120,000; P-SS: G4 280,000 + G6 140,000; G2 and G3 have no project and count 0.
    assert result.by_project() == {"P-PROC": D("310000"), "P-SS": D("420000"), None: D("0")}
    assert result.by_category()[Category.PROCUREMENT] == D("310000")
    assert result.by_category()[Category.SHARED_SERVICE] == D("420000")
    assert result.by_category()[Category.ASSET] == D("0")


def test_excluded_gains_carry_their_reasons():
    result = ni179(worked_gains(), "2010-11")
    (g2,) = _lines(result, "G2")
    assert not g2.included and g2.reason.code is ReasonCode.NON_CASHABLE
    (g3,) = _lines(result, "G3")
    assert g3.reason.code is ReasonCode.FAILS_PERSISTENCE
    assert "2009-10 (recorded), 2010-11 (recorded)" in g3.reason.text


def test_failed_persistence_is_deleted_from_the_first_year_too():
    # G3 accrued 60,000 in 2008-09 but its own forecast showed nothing after: never counted.
    (g3,) = _lines(ni179(worked_gains(), "2008-09"), "G3")
    assert not g3.included and g3.counted == 0
    assert "2009-10 (forecast), 2010-11 (forecast)" in g3.reason.text


def test_provisional_until_two_full_years_have_passed():
    series = ni179_series(worked_gains(), year_range(FinancialYear(2008), FinancialYear(2010)))
    g1 = [_lines(series[FinancialYear(y)], "G1")[0] for y in (2008, 2009, 2010)]
    assert [line.provisional for line in g1] == [True, True, False]
    assert g1[0].reason.code is ReasonCode.PROVISIONAL
    assert g1[2].reason.code is ReasonCode.COUNTED


def test_staff_costs_incurred_anyway_are_shown_not_netted():
    (g1,) = _lines(ni179(worked_gains(), "2008-09"), "G1")
    assert g1.staff_costs_excluded == D("5000")
    assert g1.net_value == D("140000")  # 200,000 − 50,000 − 10,000; the 5,000 is not deducted


def test_shared_gain_is_split_and_counted_once():
    result = ni179(worked_gains(), "2009-10")
    g6 = _lines(result, "G6")
    assert [(l.council_code, l.counted) for l in g6] == [("NTH", D("84000")), ("STH", D("56000"))]
    assert result.by_gain()["G6"] == D("140000")


def test_council_filter():
    result = ni179(worked_gains(), "2009-10", councils=["STH"])
    assert {line.council_code for line in result.lines} == {"STH"}
    assert result.total == D("236000")


def _gain(status="realised", first="2008-09", amounts=(100, 100, 100), **kw):
    return Gain("X", "NTH", "other", kw.pop("cash", True), kw.pop("quality", True), status, first,
                yearly_amounts(first, list(amounts)), **kw)


@pytest.mark.parametrize("status, outturn, forecast", [
    ("planned", False, True), ("forecast", False, True), ("realised", True, True),
    ("at_risk", True, True), ("withdrawn", False, False),
])
def test_status_by_run(status, outturn, forecast):
    assert assess(_gain(status), FinancialYear(2010), Basis.OUTTURN)[0] is outturn
    assert assess(_gain(status), FinancialYear(2010), Basis.FORECAST)[0] is forecast


def test_at_risk_is_flagged():
    _, _, reasons = assess(_gain("at_risk"), FinancialYear(2010))
    assert reasons[0].code is ReasonCode.AT_RISK


def test_quality_not_maintained_excluded():
    _, _, reasons = assess(_gain(quality=False), FinancialYear(2010))
    assert reasons[0].code is ReasonCode.QUALITY_NOT_MAINTAINED


def test_pre_2008_gain_excluded():
    _, _, reasons = assess(_gain(first="2007-08", amounts=(1, 1, 1, 1)), FinancialYear(2009))
    assert reasons[0].code is ReasonCode.BEFORE_NI179


def test_not_yet_accruing():
    included, _, reasons = assess(_gain(first="2010-11"), FinancialYear(2009))
    assert not included and reasons[0].code is ReasonCode.NOT_YET_ACCRUING


def test_all_reasons_are_listed():
    _, _, reasons = assess(_gain("withdrawn", cash=False), FinancialYear(2010))
    assert [r.code for r in reasons][:2] == [ReasonCode.WITHDRAWN, ReasonCode.NON_CASHABLE]


def test_ended_gain_has_no_value_but_earlier_years_stand():
    gain = _gain(amounts=(100, 100, 100))  # 2008-09 to 2010-11, then stops
    assert assess(gain, FinancialYear(2010))[0]
    included, _, reasons = assess(gain, FinancialYear(2011))
    assert not included and reasons[0].code is ReasonCode.NO_VALUE


def test_persistence_needs_positive_net_not_just_gross():
    # Gross continues in 2009-10, but ongoing costs eat all of it: not a net gain, so it fails.
    years = (GainYear("2008-09", 100), GainYear("2009-10", 100, ongoing_costs=100), GainYear("2010-11", 100))
    gain = Gain("X", "NTH", "other", True, True, "realised", "2008-09", years)
    included, _, reasons = assess(gain, FinancialYear(2010))
    assert not included and "2009-10 (recorded)" in reasons[0].text


def test_investment_can_make_the_first_year_negative():
    gain = Gain("X", "NTH", "other", True, True, "realised", "2008-09",
                yearly_amounts("2008-09", [100, 100, 100], [250]))
    assert ni179([gain], "2008-09").total == D("-150")  # 100 − 250: net of the investment in that year


def test_duplicate_gain_ids_refused():
    with pytest.raises(ValueError, match="more than once"):
        ni179([_gain(), _gain()], "2009-10")
