"""The pure care placement cost model: no Django, no I/O apart from reading rate-card files.

    needs = SupportNeeds(ServiceType.RESIDENTIAL, shared_core_hours=Decimal("1000"), shared_by=40)
    card = load_rate_card("england-2025-26")
    price = fair_weekly_price(needs, card)        # .total, .floor, .ceiling, .lines
    gap = quote_gap(price, Decimal("950.00"))      # .weekly_gap, .annual_gap, .flag (a risk when negative)

Method and sources: src/riep/methodology/care.md (the platform methodology page).
"""
from .compare import CardComparison, LineDifference, compare_cards
from .gap import WEEKS_IN_CALENDAR_YEAR, WEEKS_PER_YEAR, GapFlag, LineGap, QuoteGap, gap_flag, quote_gap
from .needs import ServiceType, SupportNeeds, check_needs, needs_problems
from .portfolio import NeedsArrays, PortfolioPrices, price_arrays, price_portfolio
from .price import BLOCKS, Breakdown, FairPrice, fair_weekly_price, fixed_cost_floor, price_breakdown, weekly_total
from .ratecard import RATE_CARD_DIR, MissingRoleError, Parameter, RateCard, RateCardError, Scenario, validate
from .ratecard_files import (
                    RateCardInfo,
                    available_rate_cards,
                    load_rate_card,
                    rate_card_from_dict,
                    rate_card_to_dict,
                    save_rate_card,
)
from .rates import CostRates, Line, RateUsed, cost_rates, loaded_hourly_rate
from .uplift import uplift_card

__all__ = [
    "BLOCKS", "Breakdown", "CardComparison", "CostRates", "FairPrice", "GapFlag", "Line", "LineDifference",
    "LineGap", "MissingRoleError", "NeedsArrays", "Parameter", "PortfolioPrices", "QuoteGap", "RATE_CARD_DIR",
    "RateCard", "RateCardError", "RateCardInfo", "RateUsed", "Scenario", "ServiceType", "SupportNeeds",
    "WEEKS_IN_CALENDAR_YEAR", "WEEKS_PER_YEAR", "available_rate_cards", "check_needs", "compare_cards",
    "cost_rates", "fair_weekly_price", "fixed_cost_floor", "gap_flag", "load_rate_card", "loaded_hourly_rate",
    "needs_problems", "price_arrays", "price_breakdown", "price_portfolio", "quote_gap", "rate_card_from_dict",
    "rate_card_to_dict", "save_rate_card", "uplift_card", "validate", "weekly_total",
]
