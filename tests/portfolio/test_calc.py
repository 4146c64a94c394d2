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
    assert totals(rows) == {"allocation": D("180000"), "spend": D("145000"), "unspent": D("35000")}


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
