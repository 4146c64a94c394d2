"""The Homecare Association's Minimum Price for Homecare, the published figure the care methodology cites.

Source: Homecare Association, "The Homecare Association releases its Minimum Price for Homecare 2025/26" (press
release, 18 December 2024): "£32.14 per hour … full compliance with the new National Living Wage of £12.21"
(2024-25: £28.53 at £11.44). The method pays the NLW for all working time including travel, with on-costs and a
contribution to running costs. Our card builds homecare from the same method with illustrative local values, so its
central hourly price should sit close to the published minimum, and its floor at or below it.
"""
from decimal import Decimal as D

from riep.care.calc import ServiceType, SupportNeeds, fair_weekly_price, load_rate_card

PUBLISHED_MINIMUM_2025_26 = D("32.14")
PUBLISHED_NLW_2025_26 = D("12.21")


def test_the_2025_26_card_uses_the_published_national_living_wage():
    card = load_rate_card("england-2025-26")
    assert card.value("statutory.national_living_wage") == PUBLISHED_NLW_2025_26


def test_one_hour_of_homecare_is_close_to_the_published_minimum_price():
    price = fair_weekly_price(SupportNeeds(ServiceType.HOMECARE, one_to_one_hours=D(1)), load_rate_card("england-2025-26"))
    assert abs(price.total - PUBLISHED_MINIMUM_2025_26) / PUBLISHED_MINIMUM_2025_26 < D("0.02")  # £32.31: within 1%
    assert price.floor <= PUBLISHED_MINIMUM_2025_26 <= price.ceiling
