"""Issue 9 item 1: a negotiated fee cut is an ongoing saving, pro-rated from the agreed date, never below the floor."""
import datetime as dt
from decimal import Decimal

import pytest

from riep.care.calc.negotiated import BelowFloor, negotiated_saving, weeks_left_in_year
from riep.core.fy import FinancialYear
from riep.ledger.calc.gains import Gain, GainYear
from riep.ledger.calc.ni179 import ni179

D = Decimal


def test_weeks_from_the_agreed_date():
    assert weeks_left_in_year(dt.date(2026, 4, 1)) == 52  # 365 days: 52.1 weeks
    assert weeks_left_in_year(dt.date(2026, 5, 1)) == 48  # 335 days: 47.9 weeks (the old code booked 52)
    assert weeks_left_in_year(dt.date(2027, 3, 31)) == 0  # one day: no whole week


def test_kent_demo_saving_year_by_year():
    # The demo's Kent placement: £4,800 → £3,950 a week agreed on 1 May 2026, 3 years expected: 156 weeks.
    saving = negotiated_saving(D("4800"), D("3950"), dt.date(2026, 5, 1), D(3), review_cost=D("1500"), floor_fee=D("3000"))
    assert saving.weekly_saving == D("850.00")
    assert [(y.year.label, y.weeks, y.gross_saving, y.review_cost) for y in saving.years] == [
        ("2026-27", 48, D("40800.00"), D("1500.00")), ("2027-28", 52, D("44200.00"), D("0.00")),
        ("2028-29", 52, D("44200.00"), D("0.00")), ("2029-30", 4, D("3400.00"), D("0.00")),
    ]
    assert saving.total_weeks == 156 and saving.gross_total == D("132600.00")


def test_the_saving_counts_in_ni179_for_each_year_it_persists():
    # The old gain had one year only, so NI 179's persistence rule deleted it from every year.
    saving = negotiated_saving(D("4800"), D("3950"), dt.date(2026, 5, 1), D(3))
    years = tuple(GainYear(y.year, y.gross_saving, y.review_cost) for y in saving.years)
    gain = Gain("CARE", "KENT", "procurement", True, True, "realised", saving.first_year, years)
    counted = [ni179([gain], FinancialYear(2026) + k).total for k in range(3)]
    assert counted == [D("40800.00"), D("44200.00"), D("44200.00")]


def test_a_fee_agreed_below_the_floor_is_a_risk_not_a_saving():
    with pytest.raises(BelowFloor, match="below the floor"):
        negotiated_saving(D("4800"), D("2900"), dt.date(2026, 5, 1), D(3), floor_fee=D("3000"))


def test_no_saving_when_the_fee_is_not_lower_and_bad_input_refused():
    assert negotiated_saving(D("100"), D("100"), dt.date(2026, 5, 1), D(3)).years == ()
    with pytest.raises(ValueError, match="more than 0 years"):
        negotiated_saving(D("100"), D("90"), dt.date(2026, 5, 1), D(0))
    with pytest.raises(ValueError, match="cannot be negative"):
        negotiated_saving(D("100"), D("90"), dt.date(2026, 5, 1), D(1), review_cost=D(-1))
