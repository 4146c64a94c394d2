"""The gap between a provider's fee and the fair price; a fee below it is a risk, not a saving."""
from decimal import Decimal as D

import pytest

from riep.care.calc import (
    WEEKS_IN_CALENDAR_YEAR,
    GapFlag,
    ServiceType,
    SupportNeeds,
    fair_weekly_price,
    gap_flag,
    quote_gap,
)

from .cards import simple_card

# The residential worked example: floor 965.26, fair 993.13, ceiling 1029.81 (see test_worked_examples).
NEEDS = SupportNeeds(ServiceType.RESIDENTIAL, shared_core_hours=D("100"), shared_by=4, one_to_one_hours=D("3"),
                     two_to_one_hours=D("1"), waking_night_hours=D("70"), sleep_in_nights=D("7"), nights_shared_by=10)


@pytest.fixture(scope="module")
def fair():
    price = fair_weekly_price(NEEDS, simple_card())
    assert (price.floor, price.total, price.ceiling) == (D("965.26"), D("993.13"), D("1029.81"))
    return price


def test_fee_below_the_fair_price_is_a_risk_not_a_saving(fair):
    gap = quote_gap(fair, D("950.00"))
    assert gap.weekly_gap == D("-43.13")  # 950.00 − 993.13
    assert gap.annual_gap == D("-2242.76")  # −43.13 × 52
    assert gap.flag is GapFlag.BELOW_FLOOR and gap.is_risk  # 950.00 < floor 965.26
    gap = quote_gap(fair, "£980.00")
    assert gap.flag is GapFlag.BELOW_FAIR_PRICE and gap.is_risk
    assert "Risk" in gap.flag.label


def test_fee_within_and_above_the_range(fair):
    assert quote_gap(fair, D("993.13")).flag is GapFlag.WITHIN_RANGE
    assert quote_gap(fair, D("1029.81")).flag is GapFlag.WITHIN_RANGE
    above = quote_gap(fair, D("1100.00"))
    assert above.flag is GapFlag.ABOVE_CEILING and not above.is_risk
    assert above.weekly_gap == D("106.87")


def test_annual_gap_on_52_or_52_14_weeks(fair):
    # 106.87 × 52 = 5557.24; × 52.14 = 5572.2018 → 5572.20 (a calendar year is 365 ÷ 7 = 52.14 weeks)
    assert quote_gap(fair, D("1100.00")).annual_gap == D("5557.24")
    calendar = quote_gap(fair, D("1100.00"), weeks_per_year=WEEKS_IN_CALENDAR_YEAR)
    assert calendar.annual_gap == D("5572.20") and calendar.weeks_per_year == D("52.14")


def test_provider_breakdown_line_by_line(fair):
    provider = {"core_support": "350.00", "hotel.food": "40.00", "premises": "180.00"}
    gap = quote_gap(fair, D("1000.00"), provider)
    by_key = {line.key: line for line in gap.lines}
    assert by_key["core_support"].difference == D("-46.60")  # 350.00 − 396.60
    assert by_key["premises"].difference == D("55.00")  # 180.00 − 125.00
    assert by_key["hotel.food"].difference == D("0.00")
    assert by_key["waking_nights"].provider is None and by_key["waking_nights"].difference is None
    assert [line.key for line in gap.explained_by] == ["premises", "core_support"]  # largest first
    assert gap.unexplained == D("430.00")  # 1000.00 − 570.00 the provider itemised


def test_provider_breakdown_by_cost_block(fair):
    blocks = fair.central.by_block()
    provider = dict(blocks, premises=blocks["premises"] + 20)
    gap = quote_gap(fair, fair.total + 20, provider)
    assert [line.key for line in gap.explained_by] == ["premises"]
    assert gap.unexplained == D("0.00")
    assert gap.weekly_gap == D("20.00")


def test_provider_breakdown_errors(fair):
    with pytest.raises(ValueError, match="unknown cost line\\(s\\) \\['staffing'\\]"):
        quote_gap(fair, D(1000), {"staffing": D(500)})
    with pytest.raises(ValueError, match="mix cost blocks and individual lines"):
        quote_gap(fair, D(1000), {"care_and_support_staff": D(600), "hotel.food": D(40)})
    with pytest.raises(ValueError, match="not an amount of money"):
        quote_gap(fair, "lots")
    with pytest.raises(TypeError):
        quote_gap(fair, 1000.0)
    with pytest.raises(ValueError, match="negative"):
        quote_gap(fair, D("-1"))
    with pytest.raises(ValueError, match="weeks_per_year"):
        quote_gap(fair, D(1000), weeks_per_year=D(60))


def test_gap_flag_boundaries():
    floor, fair, ceiling = D("90.00"), D("100.00"), D("120.00")
    assert gap_flag(D("89.99"), floor, fair, ceiling) is GapFlag.BELOW_FLOOR
    assert gap_flag(D("90.00"), floor, fair, ceiling) is GapFlag.BELOW_FAIR_PRICE
    assert gap_flag(D("99.00"), floor, fair, ceiling) is GapFlag.BELOW_FAIR_PRICE
    assert gap_flag(D("99.01"), floor, fair, ceiling) is GapFlag.WITHIN_RANGE  # pence below: at the fair price
    assert gap_flag(D("100.00"), floor, fair, ceiling) is GapFlag.WITHIN_RANGE
    assert gap_flag(D("120.01"), floor, fair, ceiling) is GapFlag.ABOVE_CEILING
