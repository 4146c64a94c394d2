"""Where a council's value lies among its peers' values: median, spread (MAD), distance in MADs and quartile.

The spread is the **unscaled median absolute deviation**: MAD = median(|x_i - median(x)|), with no 1.4826 factor.
This follows the method described to us as Oflog's (distance from the comparators' median in unscaled MADs); we could
not consult Oflog's own technical note, so the methodology page says so. The unscaled form reads as "a typical
peer's distance from the median", not as an estimate of a normal distribution's standard deviation, which these
skewed ratios do not have.

Conventions (also on the methodology page):
* the median of an even number of values is the mean of the middle two;
* quartiles are the "inclusive" (linear interpolation, Excel QUARTILE.INC, numpy's default) quantiles at 25% and 75%;
  `low` and `high` are those two, the band that holds the middle half of the peers;
* `quartile` is 1 for a value at or below the lower quartile, 2 at or below the median, 3 at or below the upper
  quartile, 4 above it: a value tied with a boundary falls in the lower quartile, so ties never depend on order;
* distance in MADs is (value - median) / MAD, signed (negative: below the median). When MAD is zero (more than half
  the peers share one value) the distance is 0 for a value equal to the median and undefined (None) otherwise:
  dividing by zero would report an infinitely unusual council, which a tie among peers does not make it;
* the group is whatever the caller passes: `riep.peers.services.peer_position` passes the peers without the council.
All arithmetic is Decimal; nothing is rounded here.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Position:
    value: Decimal
    median: Decimal
    mad: Decimal
    distance_in_mads: Decimal | None  # None: MAD is zero and the value differs from the median
    quartile: int  # 1 (lowest quarter of the peers' range) .. 4
    n: int  # peer values used
    low: Decimal  # lower quartile of the peers
    high: Decimal  # upper quartile of the peers

    @property
    def side(self) -> str:
        return "above" if self.value > self.median else "below" if self.value < self.median else "at"


def _sorted(values: Iterable) -> list[Decimal]:
    found = sorted(Decimal(v) for v in values)
    if not found:
        raise ValueError("a comparator group needs at least one value")
    return found


def median(values: Iterable) -> Decimal:
    ordered = _sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def mad(values: Iterable) -> Decimal:
    """Unscaled median absolute deviation."""
    ordered = _sorted(values)
    centre = median(ordered)
    return median(abs(v - centre) for v in ordered)


def quantile(values: Iterable, fraction: Decimal | str) -> Decimal:
    """The inclusive quantile (linear interpolation between order statistics), 0 <= fraction <= 1."""
    ordered = _sorted(values)
    fraction = Decimal(fraction)
    if not 0 <= fraction <= 1:
        raise ValueError("a quantile's fraction is between 0 and 1")
    h = (len(ordered) - 1) * fraction
    below = int(h)
    if below + 1 >= len(ordered):
        return ordered[-1]
    return ordered[below] + (h - below) * (ordered[below + 1] - ordered[below])


def position(value, group_values: Iterable) -> Position:
    """The value's position among the group's values (see the module's conventions)."""
    value = Decimal(value)
    ordered = _sorted(group_values)
    centre, spread = median(ordered), mad(ordered)
    low, high = quantile(ordered, "0.25"), quantile(ordered, "0.75")
    if spread:
        distance = (value - centre) / spread
    else:
        distance = Decimal(0) if value == centre else None
    quartile = 1 if value <= low else 2 if value <= centre else 3 if value <= high else 4
    return Position(value, centre, spread, distance, quartile, len(ordered), low, high)
