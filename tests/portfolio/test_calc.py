from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from riep.core.fy import FinancialYear, year_range
from riep.portfolio.calc import FundingEntry, funding_by_year, totals

YEARS = year_range(FinancialYear(2008), FinancialYear(2010))
D = Decimal


def test_worked_example_with_carry_forward_and_variance():
    # Core grant: 2008-09 allocated 100,000, spent 80,000 -> 20,000 carried forward.
    # 2009-10 allocated 50,000 + 20,000 carried in, spent 65,000 -> 5,000 carried; variance 65,000 - 50,000 = 15,000.
    # 2010-11 allocated 30,000, spend unknown -> 35,000 carried forward, no variance.
    entries = [FundingEntry("core", FinancialYear(2008), D("100000"), D("80000")),
               FundingEntry("core", FinancialYear(2009), D("50000"), D("65000")),
               FundingEntry("core", FinancialYear(2010), D("30000"), None)]
    rows = funding_by_year(entries, YEARS)
    assert [(r.carried_in, r.carried_forward, r.variance) for r in rows] == [
        (D(0), D("20000"), D("-20000")), (D("20000"), D("5000"), D("15000")), (D("5000"), D("35000"), None)]
    # 2010-11's spend is unknown, so how much is unspent is unknown too (issue 9: it was shown as 35,000 unspent).
    assert totals(rows) == {"allocation": D("180000"), "spend": D("145000"), "unspent": None}


def test_two_sources_add_up_and_unknown_spend_hides_variance():
    entries = [FundingEntry("a", FinancialYear(2008), D("10"), D("10")),
               FundingEntry("b", FinancialYear(2008), D("5"), None)]
    row = funding_by_year(entries, YEARS)[0]
    assert (row.allocation, row.spend, row.carried_forward, row.variance) == (D("15"), D("10"), D("5"), None)


money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from(YEARS), money, st.one_of(st.none(), money)),
                max_size=9, unique_by=lambda t: (t[0], t[1])))
def test_money_is_conserved(lines):
    entries = [FundingEntry(*line) for line in lines]
    rows = funding_by_year(entries, YEARS)
    allocated = sum((e.allocation for e in entries), D(0))
    spent = sum((e.spend for e in entries if e.spend is not None), D(0))
    # What is left at the end is exactly what was allocated and not spent.
    assert rows[-1].carried_forward == allocated - spent
    assert totals(rows)["allocation"] == allocated
    for before, after in zip(rows, rows[1:]):
        assert after.carried_in == before.carried_forward


# Issue 9 item 8: entries outside the period, unknown spend, negative funding.

def test_carry_in_from_before_the_period_is_not_lost():
    from decimal import Decimal as _D

    from riep.core.fy import FinancialYear as _FY
    from riep.portfolio.calc import FundingEntry as _E
    from riep.portfolio.calc import funding_by_year as _by_year

    entries = [_E("core", _FY(2007), _D("100000"), _D("60000")), _E("core", _FY(2008), _D("50000"), _D("50000"))]
    (first,) = _by_year(entries, [_FY(2008)])
    assert first.carried_in == _D("40000") and first.carried_forward == _D("40000")  # the old code gave 0


def test_unknown_spend_is_not_counted_as_unspent_and_negative_refused():
    from decimal import Decimal as _D

    import pytest as _pytest

    from riep.core.fy import FinancialYear as _FY
    from riep.portfolio.calc import FundingEntry as _E
    from riep.portfolio.calc import funding_by_year as _by_year
    from riep.portfolio.calc import totals as _totals

    rows = _by_year([_E("core", _FY(2008), _D("100000"), _D("90000")), _E("core", _FY(2009), _D("80000"), None)],
                    [_FY(2008), _FY(2009)])
    assert _totals(rows)["unspent"] is None  # the old code said 90,000 unspent
    with _pytest.raises(ValueError, match="cannot be negative"):
        _E("core", _FY(2008), _D("-1"), None)
