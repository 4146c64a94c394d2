from decimal import Decimal
from fractions import Fraction

import pytest

from riep.core.fy import FinancialYear
from riep.ledger.calc.gains import (
    Category,
    CouncilShare,
    Gain,
    GainYear,
    Status,
    as_share,
    split_by_shares,
    yearly_amounts,
)

D = Decimal


def _gain(**kw):
    base = dict(id="G", council_code="NTH", category="procurement", cash_releasing=True,
                service_quality_maintained=True, status="realised", first_year="2008-09", years=())
    base.update(kw)
    return Gain(**base)


def test_net_excludes_staff_costs_incurred_anyway():
    year = GainYear("2008-09", "1000", "200", "50", "75")
    # 1,000 − 200 − 50 = 750; the 75 of staff time incurred anyway is not deducted.
    assert year.net == D("750.00")
    assert year.year == FinancialYear(2008)


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        GainYear("2008-09", gross_saving="-1")


def test_enums_and_years_are_parsed():
    gain = _gain(category="shared_service", status="at_risk", first_year="2009/10")
    assert gain.category is Category.SHARED_SERVICE and gain.status is Status.AT_RISK
    assert gain.first_year == FinancialYear(2009)


def test_a_gain_can_grow_shrink_and_stop():
    gain = _gain(years=yearly_amounts("2008-09", [100, 150, 50]))
    assert [gain.in_year(FinancialYear(y)).gross_saving for y in (2008, 2009, 2010, 2011)] == [
        D("100.00"), D("150.00"), D("50.00"), D("0.00")]


def test_costs_before_the_first_year_are_netted_in_the_first_year():
    years = (GainYear("2007-08", investment=30), GainYear("2008-09", 100), GainYear("2009-10", 100))
    gain = _gain(years=years)
    assert gain.net_in(FinancialYear(2008)) == D("70.00")  # 100 − 30 set-up cost from 2007-08
    assert gain.net_in(FinancialYear(2009)) == D("100.00")


def test_gross_saving_before_first_year_is_refused():
    with pytest.raises(ValueError, match="before the first year of accrual"):
        _gain(first_year="2009-10", years=yearly_amounts("2008-09", [10, 10]))


def test_duplicate_years_are_refused():
    with pytest.raises(ValueError, match="recorded twice"):
        _gain(years=(GainYear("2008-09", 1), GainYear("2008-09", 2)))


def test_shares_must_sum_to_one():
    with pytest.raises(ValueError, match="sum to"):
        _gain(shares=(CouncilShare("NTH", "0.6"), CouncilShare("STH", "0.3")))
    gain = _gain(shares=(CouncilShare("NTH", "1/3"), CouncilShare("STH", "2/3")))
    assert gain.councils() == ("NTH", "STH")


def test_unshared_gain_belongs_wholly_to_its_council():
    assert _gain().council_shares() == (CouncilShare("NTH", Fraction(1)),)


def test_share_refuses_floats_and_out_of_range():
    with pytest.raises(TypeError):
        as_share(0.5)
    with pytest.raises(ValueError):
        as_share("1.2")
    assert as_share(D("0.25")) == Fraction(1, 4)


def test_split_by_shares_is_penny_exact():
    # £100.00 in thirds: 33.34 + 33.33 + 33.33 (largest remainder; ties go to the first).
    assert split_by_shares(D("100.00"), ["1/3", "1/3", "1/3"]) == (D("33.34"), D("33.33"), D("33.33"))
    assert sum(split_by_shares(D("-0.05"), ["1/2", "1/2"])) == D("-0.05")
