import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riep.core.fy import FinancialYear, parse_period, year_range


@pytest.mark.parametrize("text", ["2009-10", "2009/10", "2009-2010", " 2009 - 10 "])
def test_parses_the_usual_ways_of_writing_a_year(text):
    assert FinancialYear.parse(text) == FinancialYear(2009)


def test_century_boundary():
    assert FinancialYear.parse("1999-00").label == "1999-00"


@pytest.mark.parametrize("text", ["2009-11", "2009", "09-10", "twenty", "2010-09"])
def test_rejects_what_is_not_a_financial_year(text):
    with pytest.raises(ValueError, match="financial year"):
        FinancialYear.parse(text)


def test_dates_in_the_year():
    year = FinancialYear(2009)
    assert (year.first_day, year.last_day) == (dt.date(2009, 4, 1), dt.date(2010, 3, 31))
    assert FinancialYear.containing(dt.date(2010, 3, 31)) == year
    assert FinancialYear.containing(dt.date(2010, 4, 1)) == FinancialYear(2010)


def test_period_parsing_and_range():
    first, last = parse_period("2008-09:2010-11")
    assert [y.label for y in year_range(first, last)] == ["2008-09", "2009-10", "2010-11"]
    with pytest.raises(ValueError, match="before it starts"):
        parse_period("2010-11:2008-09")


@given(st.integers(min_value=1950, max_value=2150))
def test_label_round_trips(start):
    year = FinancialYear(start)
    assert FinancialYear.parse(year.label) == year
    assert FinancialYear.containing(year.first_day) == year == FinancialYear.containing(year.last_day)
    assert year + 1 > year and (year + 1) - year == 1
