"""Red/amber/green against a target with a tolerance band, and the rule said in words.

Green: the value meets the target (at or above it when higher is better, at or below when lower is better).
Amber: it misses the target by no more than the tolerance. Red: it misses by more. The tolerance is either an
absolute amount in the indicator's unit or a percentage of the target; either way the rule shown to people names
the actual thresholds, so nobody has to work them out.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

HIGHER, LOWER = "higher", "lower"
GREEN, AMBER, RED = "green", "amber", "red"
ABSOLUTE, PERCENT = "absolute", "percent"
LABELS = {GREEN: "Green: on track", AMBER: "Amber: within tolerance", RED: "Red: off track"}


@dataclass(frozen=True)
class Band:
    target: Decimal
    polarity: str  # HIGHER or LOWER is better
    tolerance: Decimal = Decimal(0)  # >= 0
    tolerance_kind: str = ABSOLUTE

    def __post_init__(self):
        if self.polarity not in (HIGHER, LOWER):
            raise ValueError(f"polarity must be {HIGHER!r} or {LOWER!r}, not {self.polarity!r}")
        if self.tolerance < 0:
            raise ValueError("the tolerance cannot be negative")
        if self.tolerance_kind not in (ABSOLUTE, PERCENT):
            raise ValueError(f"tolerance kind must be {ABSOLUTE!r} or {PERCENT!r}")

    @property
    def margin(self) -> Decimal:
        """The tolerance in the indicator's unit."""
        if self.tolerance_kind == PERCENT:
            return abs(self.target) * self.tolerance / 100
        return self.tolerance

    @property
    def amber_limit(self) -> Decimal:
        """The worst value still amber."""
        return self.target - self.margin if self.polarity == HIGHER else self.target + self.margin

    def rating(self, value: Decimal) -> str:
        shortfall = (self.target - value) if self.polarity == HIGHER else (value - self.target)
        if shortfall <= 0:
            return GREEN
        return AMBER if shortfall <= self.margin else RED

    def rule(self, unit: str = "", places: int = 1) -> str:
        def show(x: Decimal) -> str:
            if unit == "£":
                return f"£{x:,.{places}f}"
            if unit.startswith("%"):
                return f"{x:,.{places}f}%"
            return f"{x:,.{places}f} {unit}".strip()

        better, worse = ("at or above", "below") if self.polarity == HIGHER else ("at or below", "above")
        if self.tolerance_kind == PERCENT:
            how = f"{self.tolerance}% of the target"
        elif unit.startswith("%"):  # a tolerance on a percentage is in points, not a percentage of it
            how = f"{self.tolerance:,.{places}f} percentage points"
        else:
            how = show(self.tolerance)
        if self.margin == 0:
            return f"Green {better} the target of {show(self.target)}; red {worse} it (no tolerance)."
        return (f"Green {better} the target of {show(self.target)}; amber {worse} it by no more than {how} "
                f"(to {show(self.amber_limit)}); red beyond {show(self.amber_limit)}.")


def target_contradicts_polarity(baseline: Decimal, target: Decimal, polarity: str) -> bool:
    """A target worse than its baseline (a fall when higher is better): almost always a data entry mistake."""
    return target < baseline if polarity == HIGHER else target > baseline
