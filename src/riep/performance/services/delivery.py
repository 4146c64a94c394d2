"""Delivery against targets: each measure's RAG with its rule, the trajectory and its forecast, exception
commentary, and the council and partnership scorecards built from them."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from riep.core.errors import UserError
from riep.performance import permissions
from riep.performance.calc.forecast import Forecast, forecast
from riep.performance.calc.periods import next_periods, period_start
from riep.performance.calc.rag import AMBER, GREEN, LABELS, RED, Band
from riep.performance.models import Commentary, Frequency, Indicator, IndicatorValue, Target
from riep.performance.places import Place, code_of, is_area, name_of, where
from riep.performance.services.targets import visible_targets
from riep.performance.services.values import visible_values
from riep.registry import scope
from riep.registry.models import Organisation, Partnership

FORECAST_YEARS = 3


@dataclass
class Measure:
    """One council's (or one partnership area's) position on one indicator in one period."""

    indicator: Indicator
    place: Place
    period: str
    value: IndicatorValue | None
    target: Target | None
    commentary: Commentary | None = None

    @property
    def is_area(self) -> bool:
        return is_area(self.place)

    @property
    def council(self) -> Organisation | None:
        return None if self.is_area else self.place

    @property
    def place_code(self) -> str:
        return code_of(self.place)

    @property
    def place_name(self) -> str:
        return name_of(self.place)

    @property
    def url(self) -> str:
        return f"/performance/indicators/{self.indicator.key}/{self.place_code}/"

    @property
    def band(self) -> Band | None:
        if self.target is None or self.indicator.polarity not in ("higher", "lower"):
            return None
        return Band(self.target.target, self.indicator.polarity, self.target.tolerance, self.target.tolerance_kind)

    @property
    def rating(self) -> str:
        """green / amber / red, or "" when there is no value or no target to judge it against."""
        if self.band is None or self.value is None:
            return ""
        return self.band.rating(self.value.value)

    @property
    def rating_label(self) -> str:
        return LABELS.get(self.rating, "No rating: no value or no target")

    @property
    def rule(self) -> str:
        return self.band.rule(self.indicator.unit, self.indicator.decimals) if self.band else ""

    @property
    def off_track(self) -> bool:
        return self.rating == RED

    @property
    def needs_commentary(self) -> bool:
        """Exception commentary is asked for only when a measure is off track."""
        return self.off_track and self.commentary is None


def period_for(ind: Indicator, period: str) -> str:
    """A scorecard's financial year "2010-11" holds calendar-year indicators' 2010 value."""
    if ind.frequency == Frequency.CALENDAR_YEAR and len(period) == 7:
        return period[:4]
    return period


def measure(user, ind: Indicator, place: Place, period: str) -> Measure:
    period = period_for(ind, period)
    here = where(place)
    value = visible_values(user, indicator=ind, period=period, **here).first()
    target = visible_targets(user, indicator=ind, period=period, **here).first()
    note = Commentary.objects.filter(indicator=ind, period=period, **here).first()
    return Measure(ind, place, period, value, target, note)


def measures_for(user, councils, indicators, period: str) -> list[Measure]:
    """Every (council, indicator) with a value or a target in the period, in council then indicator order."""
    councils, indicators = list(councils), list(indicators)
    periods = {period_for(i, period) for i in indicators}
    wanted = {(i.pk, period_for(i, period)) for i in indicators}

    def keyed(rows):
        return {(r.indicator_id, r.council_id): r for r in rows if (r.indicator_id, r.period) in wanted}

    values = keyed(visible_values(user, council__in=councils, indicator__in=indicators, period__in=periods))
    targets = keyed(visible_targets(user, council__in=councils, indicator__in=indicators, period__in=periods))
    notes = keyed(Commentary.objects.filter(council__in=councils, indicator__in=indicators, period__in=periods))
    out = []
    for council in sorted(councils, key=lambda c: c.name):
        for ind in indicators:
            k = (ind.pk, council.pk)
            if k in values or k in targets:
                out.append(Measure(ind, council, period_for(ind, period), values.get(k), targets.get(k), notes.get(k)))
    return out


def area_measures(user, partnership: Partnership, indicators, period: str) -> list[Measure]:
    """The partnership's area as a whole, on every indicator with an area value or target in the period: shown
    apart from its councils' rows, never among their peers."""
    indicators = list(indicators)
    wanted = {(i.pk, period_for(i, period)) for i in indicators}
    periods = {p for _, p in wanted}

    def keyed(rows):
        return {r.indicator_id: r for r in rows if (r.indicator_id, r.period) in wanted}

    here = {"partnership": partnership, "indicator__in": indicators, "period__in": periods}
    values = keyed(visible_values(user, **here))
    targets, notes = keyed(visible_targets(user, **here)), keyed(Commentary.objects.filter(**here))
    return [Measure(i, partnership, period_for(i, period), values.get(i.pk), targets.get(i.pk), notes.get(i.pk))
            for i in indicators if i.pk in values or i.pk in targets]


def write_commentary(user, m: Measure, text: str) -> Commentary:
    """Commentary explains an exception: refused on a measure that is on track or within tolerance."""
    permissions.require_comment(user, m.place)
    if not m.off_track:
        raise UserError("Commentary is written only for a measure that is off track (red); this one is "
                        f"{m.rating or 'not rated'}.")
    text = text.strip()
    if not text:
        raise UserError("Say what is being done about this measure.")
    note, _ = Commentary.objects.update_or_create(indicator=m.indicator, period=m.period, **where(m.place),
                                                  defaults={"text": text[:4000], "written_by": user})
    return note


@dataclass
class Trajectory:
    values: list[IndicatorValue]
    targets: list[Target]
    forecast: Forecast
    future: list[str] = field(default_factory=list)


def _consecutive_tail(values: list[IndicatorValue]) -> list[IndicatorValue]:
    """The latest run of values without a missing year (a forecast needs an unbroken series)."""
    run = values[-1:]
    for v in reversed(values[:-1]):
        if period_start(run[0].period) - period_start(v.period) != 1:
            break
        run.insert(0, v)
    return run


def trajectory(user, ind: Indicator, place: Place) -> Trajectory:
    values = list(visible_values(user, indicator=ind, **where(place)).order_by("period"))
    targets = list(visible_targets(user, indicator=ind, **where(place)).order_by("period"))
    if not values:
        return Trajectory(values, targets, Forecast(refused="No forecast: there are no values yet."))
    run = _consecutive_tail(values)
    future = next_periods(run[-1].period, ind.frequency, FORECAST_YEARS)
    bounds = {"lower_bound": None if ind.negative_allowed else Decimal(0),
              "upper_bound": Decimal(100) if ind.is_percentage else None}
    return Trajectory(values, targets, forecast([v.value for v in run], future, places=ind.decimals + 1, **bounds), future)


def partnership_councils(partnership) -> list[Organisation]:
    return sorted(scope.councils_of_partnership(partnership), key=lambda c: c.name)


def summary_counts(measures: list[Measure]) -> dict:
    return {r: sum(m.rating == r for m in measures) for r in (GREEN, AMBER, RED)} | \
        {"unrated": sum(not m.rating for m in measures)}


def latest_period(ind: Indicator | None = None) -> str | None:
    """The latest period with values of one indicator; for scorecards (no indicator), the latest financial year
    with targets, else with values (spend per head runs later than the targets' years)."""
    if ind is not None:
        periods = set(IndicatorValue.objects.filter(indicator=ind).values_list("period", flat=True))
    else:
        periods = {p for p in Target.objects.values_list("period", flat=True) if len(p) == 7} or \
            {p for p in IndicatorValue.objects.values_list("period", flat=True) if len(p) == 7}
    return max(periods, key=lambda p: (period_start(p), len(p))) if periods else None


def council_scorecard(user, council: Organisation, period: str) -> list[Measure]:
    return measures_for(user, [council], Indicator.objects.select_related("outcome"), period)


def measure_dict(m: Measure) -> dict:
    """One scorecard line for JSON and CSV (the API and `riep indicators scorecard`)."""
    def shown(x):
        return None if x is None else str(x.quantize(Decimal(1).scaleb(-m.indicator.decimals)))

    return {"indicator": m.indicator.key, "code": m.indicator.code, "name": m.indicator.name,
            "council": m.council.gss_code if m.council else None, "area": m.place_code,
            "area_kind": "partnership" if m.is_area else "council", "period": m.period, "unit": m.indicator.unit,
            "polarity": m.indicator.polarity, "value": shown(m.value.value) if m.value else None,
            "approved": bool(m.value and m.value.approved), "illustrative": bool(m.value and m.value.illustrative),
            "vintage": m.value.vintage if m.value else "", "target": shown(m.target.target) if m.target else None,
            "stretch": bool(m.target and m.target.stretch), "rag": m.rating or None, "rule": m.rule,
            "commentary": m.commentary.text if m.commentary else "", "needs_commentary": m.needs_commentary}


def scorecard_periods() -> list[str]:
    """The financial years any value or target is for, latest first (the scorecards' period choice)."""
    found = {p for p in IndicatorValue.objects.values_list("period", flat=True).distinct() if len(p) == 7}
    found |= {p for p in Target.objects.values_list("period", flat=True).distinct() if len(p) == 7}
    return sorted(found, key=period_start, reverse=True)
