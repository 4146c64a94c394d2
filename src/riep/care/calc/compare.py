"""The same needs priced on two rate cards (two years, two areas, or a council's own variant)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .needs import SupportNeeds
from .price import FairPrice, fair_weekly_price
from .ratecard import RateCard


@dataclass(frozen=True, slots=True)
class LineDifference:
    key: str
    label: str
    a: "Decimal | None"  # None: the line does not exist on that card
    b: "Decimal | None"

    @property
    def difference(self) -> Decimal:
        return (self.b or Decimal("0.00")) - (self.a or Decimal("0.00"))


@dataclass(frozen=True, slots=True)
class CardComparison:
    needs: SupportNeeds
    a: FairPrice
    b: FairPrice
    card_a: str
    card_b: str
    lines: tuple[LineDifference, ...]

    @property
    def difference(self) -> Decimal:
        """Central total on card b minus card a; equals the sum of the line differences."""
        return self.b.total - self.a.total

    @property
    def floor_difference(self) -> Decimal:
        return self.b.floor - self.a.floor

    @property
    def ceiling_difference(self) -> Decimal:
        return self.b.ceiling - self.a.ceiling


def compare_cards(needs: SupportNeeds, card_a: RateCard, card_b: RateCard) -> CardComparison:
    a, b = fair_weekly_price(needs, card_a), fair_weekly_price(needs, card_b)
    amounts_a, amounts_b = a.central.amounts(), b.central.amounts()
    labels = {line.key: line.label for line in a.lines}
    for line in b.lines:
        labels.setdefault(line.key, line.label)
    lines = tuple(LineDifference(key, label, amounts_a.get(key), amounts_b.get(key)) for key, label in labels.items())
    return CardComparison(needs, a, b, card_a.name, card_b.name, lines)
