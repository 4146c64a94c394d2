"""Peer benchmarking of indicator values: riep.peers' comparator groups and its position (distance from the
group's median in median absolute deviations, the Oflog method). Positions are shown beside each council in name
order; nothing here sorts councils by value. Peer pools hold councils' values only: a partnership area's figure is
never one of its councils' peers (council_values).
"""
from __future__ import annotations

from riep.core.fy import FinancialYear
from riep.peers import services as peers
from riep.peers.calc import nearest_neighbours, position
from riep.performance.calc.periods import period_start
from riep.performance.services.values import council_values
from riep.registry.models import Organisation

KINDS = {k: v for k, v in peers.KINDS.items() if k != peers.CHOSEN}
DEFAULT_KIND = peers.SAME_TYPE


def describe(p) -> str:
    """"1.5 MADs above the median (median 9.2, MAD 0.4; 10 peers, middle half 8.9 to 9.6)"."""
    if p is None:
        return ""
    spread = f"median {p.median:,.2f}, MAD {p.mad:,.2f}; {p.n} peers, middle half {p.low:,.2f} to {p.high:,.2f}"
    if p.distance_in_mads is None:
        return f"{p.side} the median; the peers' MAD is zero, so no distance ({spread})"
    if p.side == "at":
        return f"at the median ({spread})"
    return f"{abs(p.distance_in_mads):,.1f} MADs {p.side} the median ({spread})"


class _NearestGroups:
    """Nearest-neighbour groups for a page of councils from one reading of the features. riep.peers' own
    `nearest_for` reads them afresh for each council (30 s for a partnership's page); this is its same three
    steps (features, same tier, k nearest) done once. To retire when riep.peers offers groups for many councils."""

    def __init__(self, year: FinancialYear):
        self.features = peers.neighbour_features(str(year))
        self.tiers = {c.pk: peers.tier(c) for c in Organisation.objects.councils().filter(pk__in=self.features)}

    def peers_of(self, council) -> list[int]:
        if council.pk not in self.features:
            return []
        mine = peers.tier(council)
        pool = {k: v for k, v in self.features.items() if self.tiers.get(k) == mine}
        return [n.key for n in nearest_neighbours(council.pk, pool, peers.NEAREST_K)]


def _position(council, pool: dict, kind: str, year: FinancialYear, group, nearest: dict):
    if kind != peers.NEAREST:
        return peers.peer_position(council, pool, kind, year=year, group=group)
    if year not in nearest:
        nearest[year] = _NearestGroups(year)
    own = pool.get(council.pk)
    values = [pool[k] for k in nearest[year].peers_of(council) if k in pool]
    return position(own, values) if own is not None and len(values) >= peers.MIN_PEERS else None


def positions_for(user, measures, kind: str, group=None) -> dict:
    """{(indicator id, council id): description} for these measures, against every council's visible value for the
    same indicator and period (peers outside the partnership included: approved figures only for them)."""
    if kind not in peers.KINDS:
        kind = DEFAULT_KIND
    out, pools, nearest = {}, {}, {}
    for m in measures:
        if m.value is None or m.council is None:
            continue
        key = (m.indicator.pk, m.period)
        if key not in pools:
            pools[key] = {c: v for c, v in council_values(user, indicator=m.indicator, period=m.period)
                          .values_list("council_id", "value")}
        found = _position(m.council, pools[key], kind, FinancialYear(period_start(m.period)), group, nearest)
        out[(m.indicator.pk, m.council.pk)] = describe(found) or "Too few peers with a value"
    return out


def position_of(user, measure, kind: str, group=None):
    """The Position itself (for tests and the API): None when the council has no value or too few peers do."""
    if measure.value is None or measure.council is None:
        return None
    pool = dict(council_values(user, indicator=measure.indicator, period=measure.period).values_list("council_id", "value"))
    return _position(measure.council, pool, kind, FinancialYear(period_start(measure.period)), group, {})
