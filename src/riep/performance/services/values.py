"""Reading values as a person may see them, approving them, and the `performance` series for other capabilities."""
from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from riep.core import series
from riep.core.errors import NotFound
from riep.performance import permissions
from riep.performance.models import Frequency, Indicator, IndicatorValue, Target
from riep.performance.places import Place, where


def indicator(key: str) -> Indicator:
    found = Indicator.objects.select_related("outcome").filter(key=key).first()
    if found is None:
        raise NotFound(f"There is no indicator {key!r} in the catalogue.")
    return found


def visible_values(user, **filters):
    return IndicatorValue.objects.filter(permissions.visible_values_filter(user), **filters).select_related("council", "partnership")


def council_values(user, **filters):
    """Councils' values only, never a partnership area's (peer pools, the series)."""
    return visible_values(user, **filters).filter(council__isnull=False)


def series_of(user, ind: Indicator, place: Place) -> list[IndicatorValue]:
    return list(visible_values(user, indicator=ind, **where(place)).order_by("period"))


@transaction.atomic
def approve(user, ind: Indicator, place: Place) -> int:
    """Approves every unapproved figure of one council (or area) on one indicator, values and targets alike;
    returns how many."""
    permissions.require_approve(user, place)
    now, count = timezone.now(), 0
    for model in (IndicatorValue, Target):
        count += model.objects.filter(indicator=ind, approved_at__isnull=True, **where(place)).update(
            approved_at=now, approved_by=user)
    return count


# The `performance` series (riep.core.series): approved councils' figures only, since a reader may show them
# anywhere and a series is per council (a partnership area's figures are not a council's).

def _measures() -> list[series.Measure]:
    return [series.Measure(key=i.key, label=f"{i.code} {i.name}", unit=i.unit,
                           period_kind=series.FINANCIAL_YEAR if i.frequency == Frequency.FINANCIAL_YEAR else series.CALENDAR_YEAR,
                           additive=i.unit in ("homes", "£"), source_note=i.source[:300])
            for i in Indicator.objects.all()]


def _values(measure_key: str, council_ids: Iterable[int] | None) -> list[series.Point]:
    query = IndicatorValue.objects.filter(indicator__key=measure_key, approved_at__isnull=False, council__isnull=False)
    if council_ids is not None:
        query = query.filter(council_id__in=list(council_ids))
    return [series.Point(c, p, v) for c, p, v in query.values_list("council_id", "period", "value")]


SOURCE = series.SeriesSource(key="performance", label="Performance indicators", measures=_measures, values=_values)
