"""A successor council's series with its predecessors summed before vesting day (riep.core.series)."""
from __future__ import annotations

import datetime as dt

from riep.core import series
from riep.core.errors import UserError
from riep.core.fy import FinancialYear
from riep.registry.models import Organisation
from riep.reorg.calc.continuity import ContinuityPoint, successor_series


def _ends_by(period: str, kind: str, day: dt.date) -> bool:
    if kind == series.FINANCIAL_YEAR:
        return FinancialYear.parse(period).last_day <= day
    if kind == series.CALENDAR_YEAR:
        return dt.date(int(period), 12, 31) <= day
    year, month = (int(x) for x in period.split("-"))
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)) <= day


def continuous_series(source_key: str, measure_key: str, successor: Organisation) -> list[ContinuityPoint]:
    """The successor's own values, and before its vesting day the sum of the predecessors that went to it whole."""
    measure = series.measure(source_key, measure_key)
    predecessors = list(successor.predecessors.all())
    if not predecessors:
        raise UserError(f"{successor} has no predecessors in the registry.", field="council")
    vesting_eve = min(p.end_date for p in predecessors if p.end_date) if any(p.end_date for p in predecessors) \
        else None
    if vesting_eve is None:
        raise UserError(f"The registry gives no end date for {successor}'s predecessors.", field="council")
    whole = [p for p in predecessors if p.successors.count() == 1]
    split = [str(p) for p in predecessors if p.successors.count() > 1]
    points = series.values(source_key, measure_key, [successor.pk, *[p.pk for p in whole]])
    own = {p.period: p.value for p in points if p.council_id == successor.pk}
    by_predecessor = {str(c): {p.period: p.value for p in points if p.council_id == c.pk} for c in whole}
    periods = sorted({p.period for p in points if p.council_id != successor.pk})
    before = [p for p in periods if _ends_by(p, measure.period_kind, vesting_eve)]
    return successor_series(own, by_predecessor, split, before, measure.additive)
