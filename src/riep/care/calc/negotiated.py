"""A negotiated fee cut as an ongoing saving: per financial year, pro-rated by weeks from the agreed date.

A lower fee agreed for a placement saves (current − agreed) a week for as long as the placement lasts, so the
saving is recorded in every financial year of the placement's expected remaining duration, not as one year's
lump: NI 179 counts only gains that persist for two full years after the year they first accrue.

* Weeks in a financial year = days from the later of the agreed date and 1 April to the earlier of the end of the
  expected duration and 31 March, inclusive, ÷ 7, to the nearest whole week (at most 52). An agreement on 1 May
  gets 48 weeks in its first year (335 days), not 52.
* The expected remaining duration is in years from the agreed date (e.g. 3 means to the day before the third
  anniversary); its total weeks are round(years × 52), and the last year gets what is left.
* A one-off cost of the review (the assessment, the negotiation) is an investment in the first year.
* An agreed fee below the floor of the fair-price range is not a saving: it is a risk to the placement's
  sustainability, flagged and not counted (nothing is recorded as a gain).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from riep.core.fy import FinancialYear

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
WEEKS_PER_YEAR = 52


class BelowFloor(ValueError):
    """The agreed fee is below the fair-price floor: a risk to flag, never a saving."""


@dataclass(frozen=True, slots=True)
class SavingYear:
    year: FinancialYear
    weeks: int
    gross_saving: Decimal
    review_cost: Decimal  # one-off, in the first year only


@dataclass(frozen=True, slots=True)
class NegotiatedSaving:
    weekly_saving: Decimal
    remaining_years: Decimal
    years: tuple[SavingYear, ...]

    @property
    def first_year(self) -> FinancialYear | None:
        return self.years[0].year if self.years else None

    @property
    def total_weeks(self) -> int:
        return sum(y.weeks for y in self.years)

    @property
    def gross_total(self) -> Decimal:
        return sum((y.gross_saving for y in self.years), ZERO)


def _weeks(days: int) -> int:
    return min(int((Decimal(days) / 7).quantize(Decimal(1), rounding=ROUND_HALF_UP)), WEEKS_PER_YEAR)


def weeks_left_in_year(agreed_on: dt.date) -> int:
    """Weeks from the agreed date to 31 March (inclusive), to the nearest week: 1 May → 48, 1 April → 52."""
    end = FinancialYear.containing(agreed_on).last_day
    return _weeks((end - agreed_on).days + 1)


def negotiated_saving(
    current_fee: Decimal,
    agreed_fee: Decimal,
    agreed_on: dt.date,
    remaining_years: Decimal,
    review_cost: Decimal = ZERO,
    floor_fee: Decimal | None = None,
) -> NegotiatedSaving:
    """The saving of an agreed weekly fee, year by year; raises BelowFloor for a fee agreed below the floor."""
    current_fee, agreed_fee = Decimal(current_fee), Decimal(agreed_fee)
    remaining_years, review_cost = Decimal(remaining_years), Decimal(review_cost)
    if current_fee < 0 or agreed_fee < 0:
        raise ValueError("a weekly fee cannot be negative")
    if remaining_years <= 0:
        raise ValueError(f"the expected remaining duration must be more than 0 years (got {remaining_years})")
    if review_cost < 0:
        raise ValueError(f"the one-off cost of the review cannot be negative (got {review_cost})")
    if floor_fee is not None and agreed_fee < Decimal(floor_fee):
        raise BelowFloor(
            f"The agreed fee £{agreed_fee:,.2f} is below the floor of the fair-price range (£{Decimal(floor_fee):,.2f}): "
            "that is a risk to the placement's sustainability and quality, not a saving. It is flagged, not counted."
        )
    weekly = (current_fee - agreed_fee).quantize(PENNY)
    if weekly <= 0:
        return NegotiatedSaving(ZERO, remaining_years, ())
    weeks_to_go = int((remaining_years * WEEKS_PER_YEAR).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    year = FinancialYear.containing(agreed_on)
    rows: list[SavingYear] = []
    in_year = weeks_left_in_year(agreed_on)
    while weeks_to_go > 0:
        weeks = min(in_year, weeks_to_go)
        cost = review_cost.quantize(PENNY) if not rows else ZERO
        rows.append(SavingYear(year, weeks, (weekly * weeks).quantize(PENNY), cost))
        weeks_to_go -= weeks
        year, in_year = year + 1, WEEKS_PER_YEAR
    return NegotiatedSaving(weekly, remaining_years, tuple(rows))
