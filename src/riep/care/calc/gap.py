"""The gap between what a provider is (or would be) paid and the fair price.

Sign: gap = fee − fair price. A negative gap means the provider is paid below the fair price:
that is a sustainability risk to the placement, never a saving, and the result says so with an
explicit flag. A fee above the ceiling is the only case that suggests room to negotiate.

Annualising: 52 weeks by default (placements are usually paid weekly or four-weekly, 13 × 4 =
52). A calendar year is 365/7 = 52.14 weeks; pass weeks_per_year=WEEKS_IN_CALENDAR_YEAR to use
it — it adds about 0.27% to every annual figure.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from riep.core.money import to_money

from .price import BLOCKS, FairPrice
from .rates import to_pence

WEEKS_PER_YEAR = Decimal(52)
# Fees are agreed in whole pounds and the fair price is worked out to the penny, so a fee of £950 against a fair
# price of £950.33 is the fair price, not a risk: a fee less than £1 a week below the fair price counts as at it.
AT_FAIR_PRICE = Decimal("1.00")
WEEKS_IN_CALENDAR_YEAR = Decimal("52.14")


class GapFlag(str, enum.Enum):
    BELOW_FLOOR = "below_floor"  # paid less than even the efficient-provider floor: high risk
    BELOW_FAIR_PRICE = "below_fair_price"  # between floor and central: risk
    WITHIN_RANGE = "within_range"  # from the fair price up to the ceiling
    ABOVE_CEILING = "above_ceiling"  # above the top of the range: review, possible saving

    @property
    def is_risk(self) -> bool:
        return self in (GapFlag.BELOW_FLOOR, GapFlag.BELOW_FAIR_PRICE)

    @property
    def label(self) -> str:
        return {
            GapFlag.BELOW_FLOOR: "Risk: fee below the floor of the fair price range",
            GapFlag.BELOW_FAIR_PRICE: "Risk: fee below the fair price",
            GapFlag.WITHIN_RANGE: "Fee within the fair price range",
            GapFlag.ABOVE_CEILING: "Review: fee above the ceiling of the fair price range",
        }[self]


def gap_flag(fee: Decimal, floor: Decimal, fair: Decimal, ceiling: Decimal) -> GapFlag:
    if fee < floor:
        return GapFlag.BELOW_FLOOR
    if fee <= fair - AT_FAIR_PRICE:
        return GapFlag.BELOW_FAIR_PRICE
    if fee <= ceiling:
        return GapFlag.WITHIN_RANGE
    return GapFlag.ABOVE_CEILING


@dataclass(frozen=True, slots=True)
class LineGap:
    """One cost line (or block): the provider's figure against the fair figure."""

    key: str
    label: str
    fair: Decimal
    provider: "Decimal | None"  # None: the provider did not itemise this line

    @property
    def difference(self) -> "Decimal | None":
        return None if self.provider is None else self.provider - self.fair


@dataclass(frozen=True, slots=True)
class QuoteGap:
    fee: Decimal
    fair_price: Decimal
    floor: Decimal
    ceiling: Decimal
    weekly_gap: Decimal  # fee − fair price; negative = paid below the fair price (a risk)
    annual_gap: Decimal
    weeks_per_year: Decimal
    flag: GapFlag
    lines: tuple[LineGap, ...] = ()
    unexplained: "Decimal | None" = None  # fee − the provider's own lines, when it gave them

    @property
    def is_risk(self) -> bool:
        return self.flag.is_risk

    @property
    def shortfall(self) -> Decimal:
        """How far the fee is below the fair price a week (positive), for "£531.76 below" with no minus sign."""
        return -self.weekly_gap

    @property
    def explained_by(self) -> tuple[LineGap, ...]:
        """The itemised lines that differ, largest difference first."""
        differing = [line for line in self.lines if line.difference]
        return tuple(sorted(differing, key=lambda line: -abs(line.difference)))


def quote_gap(fair: FairPrice, fee: "Decimal | str", provider_lines: "Mapping[str, Decimal | str] | None" = None,
              weeks_per_year: Decimal = WEEKS_PER_YEAR) -> QuoteGap:
    """Compares a provider's weekly fee (and optionally its own cost breakdown) with the fair price.

    `provider_lines` may be keyed by line key ("core_support", "hotel.food", ...) or by cost block
    ("care_and_support_staff", "supplies_and_services", ...), not a mixture. Keys that are both
    (premises, head_office, return_on_operations, repairs_and_maintenance) fit either.
    """
    fee = to_money(fee)
    if fee < 0:
        raise ValueError(f"fee {fee} is negative")
    if not Decimal(0) < weeks_per_year <= Decimal(53):
        raise ValueError(f"weeks_per_year {weeks_per_year} must be between 0 and 53")
    weekly = fee - fair.total
    lines: tuple[LineGap, ...] = ()
    unexplained = None
    if provider_lines:
        lines, given = _line_gaps(fair, provider_lines)
        unexplained = fee - given
    return QuoteGap(fee=fee, fair_price=fair.total, floor=fair.floor, ceiling=fair.ceiling, weekly_gap=weekly,
                    annual_gap=to_pence(weekly * weeks_per_year), weeks_per_year=weeks_per_year,
                    flag=gap_flag(fee, fair.floor, fair.total, fair.ceiling), lines=lines, unexplained=unexplained)


def _line_gaps(fair: FairPrice, provider_lines) -> tuple[tuple[LineGap, ...], Decimal]:
    amounts = {key: to_money(value) for key, value in provider_lines.items()}
    line_keys = {line.key: line.label for line in fair.lines}
    keys = set(amounts)
    if keys <= set(BLOCKS):
        fair_amounts, labels = fair.central.by_block(), BLOCKS
    elif keys <= set(line_keys):
        fair_amounts, labels = fair.central.amounts(), line_keys
    else:
        unknown = sorted(keys - set(BLOCKS) - set(line_keys))
        if unknown:
            raise ValueError(f"unknown cost line(s) {unknown}: use line keys ({', '.join(line_keys)}) "
                             f"or cost blocks ({', '.join(BLOCKS)})")
        raise ValueError("provider lines mix cost blocks and individual lines; use one or the other")
    gaps = tuple(LineGap(key, labels[key], fair_amounts.get(key, Decimal("0.00")), amounts.get(key))
                 for key in labels if key in fair_amounts or key in amounts)
    return gaps, sum(amounts.values(), Decimal("0.00"))
