"""Early-warning rules: a transparent test of one indicator against a threshold, and the flags they raise.

A rule says "flag when <indicator> is below (or above) <threshold>". An unavailable indicator raises no flag
(never a guess); "not depleting" reserves never trip a sustainability rule. What changed since last year compares
the flags of two years: new, continuing and cleared.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from riep.resilience.calc.indicators import BY_KEY, IndicatorValue

BELOW, ABOVE = "below", "above"


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    indicator: str
    comparison: str  # BELOW or ABOVE
    threshold: Decimal

    def __post_init__(self):
        if self.indicator not in BY_KEY:
            raise ValueError(f"there is no indicator {self.indicator!r}")
        if self.comparison not in (BELOW, ABOVE):
            raise ValueError("a rule compares 'below' or 'above' its threshold")


@dataclass(frozen=True)
class Flag:
    rule: str
    year: str
    value: Decimal


def fires(rule: Rule, value: IndicatorValue | None) -> bool:
    if value is None or value.value is None:
        return False
    return value.value < rule.threshold if rule.comparison == BELOW else value.value > rule.threshold


def flags(rules, indicators: dict[str, IndicatorValue]) -> list[Flag]:
    """The flags one council's indicators of one year raise."""
    return [Flag(rule.key, indicators[rule.indicator].year, indicators[rule.indicator].value)
            for rule in rules if fires(rule, indicators.get(rule.indicator))]


@dataclass(frozen=True)
class Changes:
    new: tuple[str, ...]
    continuing: tuple[str, ...]
    cleared: tuple[str, ...]


def changes(this_year: list[Flag], last_year: list[Flag]) -> Changes:
    now, before = {f.rule for f in this_year}, {f.rule for f in last_year}
    return Changes(tuple(sorted(now - before)), tuple(sorted(now & before)), tuple(sorted(before - now)))
