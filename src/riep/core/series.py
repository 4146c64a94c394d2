"""Council series: how one capability offers its numbers per council and period to the others.

Finance lines, performance indicators and spend by category are all "a value per council per period". The
counterfactual engine builds panels from them, reorganisation shows a successor's series with its predecessors
summed before vesting day, and nearest-neighbour peers compare councils on them. None of those may import the
capability that owns the numbers (docs/architecture.md), so owners register a `SeriesSource` here from their
`AppConfig.ready()` and readers ask this module. Core imports no capability: sources come to it.

Periods are strings in the platform's own words: financial years "2015-16", calendar years "2015", months
"2015-04". Values are Decimal (money in pounds unless the measure's unit says otherwise); a missing value is
absent from the answer, never zero.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from riep.core.errors import NotFound

FINANCIAL_YEAR = "financial_year"
CALENDAR_YEAR = "calendar_year"
MONTH = "month"
PERIOD_KINDS = (FINANCIAL_YEAR, CALENDAR_YEAR, MONTH)


@dataclass(frozen=True)
class Measure:
    """One series a source can give: "Net current expenditure on adult social care", in £ thousand, by year."""

    key: str  # unique within its source, stable across releases (e.g. a CIPFA line number)
    label: str  # in the users' words
    unit: str  # "£", "£ thousand", "%", "per 1,000 population", "days"...
    period_kind: str = FINANCIAL_YEAR
    # May a successor's value be the sum of its predecessors'? True for money and counts, False for rates,
    # ratios and percentages (those need the numerator and denominator re-summed, which the owner must do).
    additive: bool = True
    source_note: str = ""  # publisher, dataset and vintage, shown wherever the numbers are


@dataclass(frozen=True)
class Point:
    council_id: int  # registry.Council primary key: stable across code changes (09 → E06000055...)
    period: str
    value: Decimal


@dataclass(frozen=True)
class SeriesSource:
    key: str  # "finance", "performance", "spend"
    label: str
    measures: Callable[[], Sequence[Measure]]
    # values(measure_key, council_ids or None for every council) -> points; unknown measure -> NotFound
    values: Callable[[str, Iterable[int] | None], Iterable[Point]]


_sources: dict[str, SeriesSource] = {}


def register(source: SeriesSource) -> None:
    """Called from a capability's AppConfig.ready(); registering the same key again replaces it (reloads)."""
    if source.key in _sources and _sources[source.key] is not source:
        _sources.pop(source.key)
    _sources[source.key] = source


def sources() -> list[SeriesSource]:
    return sorted(_sources.values(), key=lambda s: s.label)


def source(key: str) -> SeriesSource:
    try:
        return _sources[key]
    except KeyError:
        raise NotFound(f"There is no series source called {key!r}.") from None


def measure(source_key: str, measure_key: str) -> Measure:
    for m in source(source_key).measures():
        if m.key == measure_key:
            return m
    raise NotFound(f"{source(source_key).label} has no measure {measure_key!r}.")


def values(source_key: str, measure_key: str, council_ids: Iterable[int] | None = None) -> list[Point]:
    """Every point of one measure, for the councils asked (all when None), ordered by council then period."""
    measure(source_key, measure_key)  # a clear NotFound before any query
    wanted = None if council_ids is None else list(council_ids)
    points = source(source_key).values(measure_key, wanted)
    return sorted(points, key=lambda p: (p.council_id, p.period))
