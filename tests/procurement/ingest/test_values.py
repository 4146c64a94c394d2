import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riep.procurement.ingest.values import (
    ValueProblem,
    date_format_of,
    fy_period_month,
    parse_amount,
    parse_date,
    split_fused,
)


@pytest.mark.parametrize("text, expected", [
    ("1616.23 ", "1616.23"), ("£1,234.50", "1234.50"), ("-438.80", "-438.80"), ("(12.00)", "-12.00"),
    ("12.00-", "-12.00"), ("12.00 CR", "-12.00"), ("4202", "4202.00"), ("-£5", "-5.00"), ("0.5", "0.50"),
])
def test_amounts_as_councils_write_them(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "12.345", "1,23.00", "12..0", "£", "1e5"])
def test_what_is_not_an_amount_is_refused_with_a_reason(text):
    with pytest.raises(ValueProblem):
        parse_amount(text)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_an_amount_written_with_a_pound_sign_and_separators_reads_back_exactly(value):
    text = f"£{value:,.2f}" if value >= 0 else f"({abs(value):,.2f})"
    assert parse_amount(text) == value


def test_financial_year_period_codes_are_months_from_april():
    # SOURCE.md: Gateshead's Period 202101 is April 2021, 201010 is January 2011
    assert fy_period_month("202101") == dt.date(2021, 4, 1)
    assert fy_period_month("201010") == dt.date(2011, 1, 1)
    assert fy_period_month("201009") == dt.date(2010, 12, 1)
    assert fy_period_month("202012") == dt.date(2021, 3, 1)
    with pytest.raises(ValueProblem):
        fy_period_month("202113")


def test_date_formats_are_judged_on_the_whole_column():
    assert date_format_of(["24/12/2010", "07/12/2010"]) == "uk"
    assert date_format_of(["12/24/2010", "12/07/2010"]) == "us"
    assert date_format_of(["01/02/2010", "03/04/2010"]) == "uk"  # ambiguous: UK councils write day first
    assert date_format_of(["2021-04-06", "2021-04-30 00:00:00"]) == "iso"
    assert date_format_of(["2010-12", "2010-12"]) == "month"
    assert date_format_of(["202101", "202102"]) == "fy_period"
    assert date_format_of(["01-JUN-2012"]) == "day_mon_year"
    assert date_format_of(["a", "b"]) is None


def test_dates_read_in_their_column_format():
    assert parse_date("24/12/2010", "uk") == dt.date(2010, 12, 24)
    assert parse_date("2021-04-06", "iso") == dt.date(2021, 4, 6)
    assert parse_date("2010-12", "month") == dt.date(2010, 12, 1)
    assert parse_date("01-Jun-2012", "day_mon_year") == dt.date(2012, 6, 1)
    assert parse_date("44292", "serial") == dt.date(2021, 4, 6)
    with pytest.raises(ValueProblem, match="does not exist"):
        parse_date("31/02/2021", "uk")
    with pytest.raises(ValueProblem, match="day/month/year"):
        parse_date("2021-04-06", "uk")


def test_lambeth_fused_date_and_amount():
    assert split_fused("25/06/2012900") == ("25/06/2012", "900")
    assert split_fused("11/06/2012579.6") == ("11/06/2012", "579.6")
    assert split_fused("25/06/2012") is None
