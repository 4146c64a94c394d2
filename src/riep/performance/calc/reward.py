"""Performance Reward Grant arithmetic (REFERENCE.md §7): the allocation per stretch target, the reward earned
from achievement under the agreement's rule, and its apportionment among partners by contribution.

A stretch target is more demanding than the performance expected without the agreement. Achievement is the share
of the stretch delivered: (actual − expected) / (stretch target − expected), in the indicator's better direction.
The rule (configurable per agreement): the full allocation at 100% or more; below that, a proportionate share once
at least `threshold` of the stretch is achieved (commonly cited: 60%); nothing below the threshold. An agreement
may instead pay nothing short of the full stretch (`partial=False`).

Money is Decimal pounds, rounded to pence; apportionment uses the largest remainder, so the shares add up to the
amount apportioned exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
HIGHER, LOWER = "higher", "lower"


def pence(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RewardRule:
    threshold: Decimal = Decimal("0.6")  # the share of the stretch from which a partial reward is paid
    partial: bool = True  # a proportionate share between the threshold and full achievement

    def __post_init__(self):
        if not Decimal(0) < self.threshold <= 1:
            raise ValueError("the threshold must be more than 0% and at most 100% of the stretch")

    def describe(self) -> str:
        if not self.partial:
            return "The reward is paid only when the stretch target is fully met."
        return (f"Full reward when the stretch target is met; a proportionate share of the allocation once at least "
                f"{self.threshold * 100:.0f}% of the stretch is achieved; nothing below {self.threshold * 100:.0f}%.")


def achievement(expected: Decimal, stretch: Decimal, actual: Decimal, polarity: str) -> Decimal:
    """The share of the stretch delivered (may be below 0 or above 1)."""
    if stretch == expected:
        raise ValueError("the stretch target must differ from the performance expected without the agreement")
    if (polarity == HIGHER) != (stretch > expected):
        raise ValueError("the stretch target must be better than the expected performance in the indicator's direction")
    return (actual - expected) / (stretch - expected)


def earned(allocation: Decimal, share: Decimal, rule: RewardRule) -> Decimal:
    """The reward earned on one target: never negative, never more than its allocation."""
    if allocation < 0:
        raise ValueError("an allocation cannot be negative")
    if share >= 1:
        return pence(allocation)
    if not rule.partial or share < rule.threshold:
        return Decimal("0.00")
    return pence(allocation * share)


def allocate(total: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """Splits `total` pounds by weight, in pence, adding up exactly (largest remainder; ties by key)."""
    if total < 0:
        raise ValueError("the amount to share cannot be negative")
    if not weights:
        return {}
    if any(w < 0 for w in weights.values()):
        raise ValueError("a weight cannot be negative")
    whole = sum(weights.values())
    if whole == 0:
        raise ValueError("at least one weight must be more than zero")
    units = int((total / PENNY).to_integral_value(rounding=ROUND_HALF_UP))
    exact = {k: Decimal(units) * w / whole for k, w in weights.items()}
    floors = {k: int(v.to_integral_value(rounding=ROUND_DOWN)) for k, v in exact.items()}
    left = units - sum(floors.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - floors[k]), k))[:left]:
        floors[k] += 1
    return {k: Decimal(v) * PENNY for k, v in floors.items()}


def per_target_allocation(available: Decimal, targets: list[str]) -> dict[str, Decimal]:
    """An equal allocation per stretch target, unless the agreement sets each one."""
    return allocate(available, {t: Decimal(1) for t in targets})


@dataclass(frozen=True)
class Apportionment:
    earned: Decimal
    support_costs: Decimal
    voluntary_sector: Decimal
    shares: dict[str, Decimal]  # partner -> pounds


def apportion(earned_total: Decimal, contributions: dict[str, Decimal], *, support_costs: Decimal = Decimal(0),
              voluntary_sector_share: Decimal = Decimal(0)) -> Apportionment:
    """What each partner receives: the reward less support costs, less the voluntary sector's share (a fraction of
    what remains), the rest by contribution (the Wirral LAA's order, REFERENCE.md §7)."""
    if support_costs < 0 or support_costs > earned_total:
        raise ValueError("support costs must be between nothing and the reward earned")
    if not Decimal(0) <= voluntary_sector_share <= 1:
        raise ValueError("the voluntary sector's share must be between 0% and 100%")
    after_costs = pence(earned_total) - pence(support_costs)
    voluntary = pence(after_costs * voluntary_sector_share)
    if not contributions and after_costs - voluntary > 0:
        raise ValueError("name at least one partner to share the reward among")
    shares = allocate(after_costs - voluntary, contributions) if contributions else {}
    return Apportionment(pence(earned_total), pence(support_costs), voluntary, shares)
