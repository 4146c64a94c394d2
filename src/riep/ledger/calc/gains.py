"""A value-for-money gain: what a council saves, year by year, and what it costs to achieve.

A gain records its amounts per financial year, so it can grow, shrink or stop:
a year with no record is a year with no saving and no cost.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from riep.core.fy import FinancialYear
from riep.core.money import PENNY, to_money

ZERO = Decimal("0.00")


class Category(StrEnum):
    PROCUREMENT = "procurement"
    SHARED_SERVICE = "shared_service"
    PROCESS_REDESIGN = "process_redesign"
    ASSET = "asset"
    INCOME = "income"
    OTHER = "other"


class Status(StrEnum):
    PLANNED = "planned"
    FORECAST = "forecast"
    REALISED = "realised"
    AT_RISK = "at_risk"
    WITHDRAWN = "withdrawn"


def _amount(value: "str | int | Decimal", what: str) -> Decimal:
    amount = to_money(value)
    if amount < 0:
        # Costs are recorded as costs, not as negative savings, so net stays explainable.
        raise ValueError(f"{what} must not be negative (got {amount})")
    return amount


def as_share(value: "Fraction | Decimal | int | str") -> Fraction:
    """A share as an exact fraction: accepts Fraction, Decimal, int or a string such as "0.6" or "1/3"."""
    if isinstance(value, float):
        raise TypeError("a share must not be a float; pass a string such as '1/3' or a Decimal")
    try:
        share = Fraction(value) if not isinstance(value, str) else Fraction(value.strip())
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"'{value}' is not a share") from None
    if not 0 <= share <= 1:
        raise ValueError(f"a share must be between 0 and 1 (got {value})")
    return share


@dataclass(frozen=True, slots=True)
class GainYear:
    """One financial year of a gain. Net = gross saving − investment − ongoing costs.

    staff_costs_incurred_anyway records implementation staff time that would have been
    spent anyway: NI 179 excludes it from the costs, so it is shown but never netted off.
    """

    year: FinancialYear
    gross_saving: Decimal = ZERO
    investment: Decimal = ZERO
    ongoing_costs: Decimal = ZERO
    staff_costs_incurred_anyway: Decimal = ZERO

    def __post_init__(self) -> None:
        object.__setattr__(self, "year", FinancialYear.parse(self.year))
        for name in ("gross_saving", "investment", "ongoing_costs", "staff_costs_incurred_anyway"):
            object.__setattr__(self, name, _amount(getattr(self, name), name.replace("_", " ")))

    @property
    def costs(self) -> Decimal:
        return self.investment + self.ongoing_costs

    @property
    def net(self) -> Decimal:
        return self.gross_saving - self.costs


@dataclass(frozen=True, slots=True)
class CouncilShare:
    """The share of a gain credited to one council; a gain's shares sum to exactly 1."""

    council_code: str
    share: Fraction

    def __post_init__(self) -> None:
        object.__setattr__(self, "share", as_share(self.share))
        if self.share == 0:
            raise ValueError(f"council {self.council_code} has a zero share: leave it out instead")


@dataclass(frozen=True, slots=True)
class Gain:
    """A value-for-money gain owned by a lead council, optionally shared with others.

    first_year is the year the saving first accrues. Costs recorded before it (set-up
    investment) are netted off in the first year of accrual; see net_in().
    """

    id: str
    council_code: str
    category: Category
    cash_releasing: bool
    service_quality_maintained: bool
    status: Status
    first_year: FinancialYear
    years: tuple[GainYear, ...] = ()
    project_id: str | None = None
    shares: tuple[CouncilShare, ...] = field(default=())
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "category", Category(self.category))
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "first_year", FinancialYear.parse(self.first_year))
        years = tuple(sorted(self.years, key=lambda y: y.year))
        seen = [y.year for y in years]
        if len(set(seen)) != len(seen):
            raise ValueError(f"gain {self.id}: a financial year is recorded twice")
        early = [y.year.label for y in years if y.year < self.first_year and y.gross_saving > 0]
        if early:
            raise ValueError(
                f"gain {self.id}: gross saving recorded in {', '.join(early)}, before the first year of accrual "
                f"{self.first_year}"
            )
        object.__setattr__(self, "years", years)
        shares = tuple(self.shares)
        if shares:
            codes = [s.council_code for s in shares]
            if len(set(codes)) != len(codes):
                raise ValueError(f"gain {self.id}: a council appears twice in its shares")
            total = sum((s.share for s in shares), Fraction(0))
            if total != 1:
                raise ValueError(f"gain {self.id}: council shares sum to {total}, not 1")
        object.__setattr__(self, "shares", shares)

    def in_year(self, year: FinancialYear) -> GainYear:
        """The recorded amounts for a year, or a zero year when nothing is recorded (the gain has stopped)."""
        for entry in self.years:
            if entry.year == year:
                return entry
        return GainYear(year)

    def costs_before_first_year(self) -> Decimal:
        return sum((y.costs for y in self.years if y.year < self.first_year), ZERO)

    def net_in(self, year: FinancialYear) -> Decimal:
        """Net value in a year: gross − investment − ongoing costs, with pre-accrual costs added to the first year."""
        net = self.in_year(year).net
        if year == self.first_year:
            net -= self.costs_before_first_year()
        return net

    def ongoing_value_in(self, year: FinancialYear) -> Decimal:
        """Whether the gain persists in a year: gross saving − ongoing costs, before any one-off investment."""
        amounts = self.in_year(year)
        return amounts.gross_saving - amounts.ongoing_costs

    def council_shares(self) -> tuple[CouncilShare, ...]:
        return self.shares or (CouncilShare(self.council_code, Fraction(1)),)

    def councils(self) -> tuple[str, ...]:
        return tuple(s.council_code for s in self.council_shares())


def yearly_amounts(
    first_year: "FinancialYear | str",
    gross_saving: Sequence = (),
    investment: Sequence = (),
    ongoing_costs: Sequence = (),
    staff_costs_incurred_anyway: Sequence = (),
) -> tuple[GainYear, ...]:
    """Builds consecutive GainYears from first_year: yearly_amounts("2008-09", [100, 120], [50])."""
    start = FinancialYear.parse(first_year)
    columns = (gross_saving, investment, ongoing_costs, staff_costs_incurred_anyway)
    length = max(len(c) for c in columns)
    rows = []
    for offset in range(length):
        values = [c[offset] if offset < len(c) else 0 for c in columns]
        rows.append(GainYear(start + offset, *values))
    return tuple(rows)


def split_by_shares(amount: Decimal, shares: Iterable[Fraction]) -> tuple[Decimal, ...]:
    """Splits a pence-exact amount by shares summing to 1, largest remainder first, so the parts sum exactly.

    This is what keeps a shared gain counted once: its council parts always add back to the whole.
    """
    shares = [as_share(s) for s in shares]
    if sum(shares, Fraction(0)) != 1:
        raise ValueError("shares must sum to 1")
    pence = int(to_money(amount) / PENNY)
    sign, pence = (-1 if pence < 0 else 1), abs(pence)
    if len(shares) == 1:  # most gains are one council's: the whole amount, without the fractions' cost
        return ((Decimal(sign * pence) * PENNY).quantize(PENNY),)
    exact = [pence * s for s in shares]
    parts = [math.floor(e) for e in exact]
    left_over = pence - sum(parts)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left_over]:
        parts[i] += 1
    return tuple((Decimal(sign * p) * PENNY).quantize(PENNY) for p in parts)
