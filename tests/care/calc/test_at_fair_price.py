"""A fee a few pence below the fair price is the fair price, not a risk (issue 15: a placement with a £0 weekly gap
and −£17 a year was flagged "Risk"). Fees are agreed in whole pounds; the fair price is worked out to the penny."""
from decimal import Decimal

from riep.care.calc.gap import AT_FAIR_PRICE, GapFlag, gap_flag

FLOOR, FAIR, CEILING = Decimal("800.00"), Decimal("950.33"), Decimal("1100.00")


def test_a_fee_pence_below_the_fair_price_is_within_the_range():
    # £950 a week against £950.33: a weekly gap that rounds to £0 and −£17.16 a year
    assert gap_flag(Decimal("950.00"), FLOOR, FAIR, CEILING) is GapFlag.WITHIN_RANGE
    assert not GapFlag.WITHIN_RANGE.is_risk


def test_a_fee_a_pound_or_more_below_the_fair_price_is_a_risk():
    assert gap_flag(FAIR - AT_FAIR_PRICE, FLOOR, FAIR, CEILING) is GapFlag.BELOW_FAIR_PRICE
    assert gap_flag(Decimal("949.00"), FLOOR, FAIR, CEILING).is_risk
    assert gap_flag(Decimal("799.99"), FLOOR, FAIR, CEILING) is GapFlag.BELOW_FLOOR
