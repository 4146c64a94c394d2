"""Continuity across reorganisation: a successor's series with its predecessors summed before vesting day.

Before the successor existed, its value for a period is the sum of its predecessors' values — for additive
measures only (money, counts: a rate cannot be summed). A predecessor that went to more than one successor (a
county split between two unitaries) cannot be apportioned from the series alone, so its values are left out
and the point is marked partial. A period counts as "before vesting" when it ends on or before the day before
vesting; a period whose predecessors' values are incomplete (some predecessor has no value) is marked too.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from riep.core.errors import UserError

OWN, AGGREGATED = "own", "aggregated"


@dataclass(frozen=True)
class ContinuityPoint:
    period: str
    value: Decimal
    basis: str  # "own": the successor's own figure; "aggregated": its predecessors' sum
    predecessors_counted: int
    note: str = ""


def successor_series(own: Mapping[str, Decimal], predecessors: Mapping[str, Mapping[str, Decimal]],
                     split: Sequence[str], before_vesting: Sequence[str], additive: bool) -> list[ContinuityPoint]:
    """own: the successor's values by period; predecessors: name → values by period (those it went to whole);
    split: names of predecessors split between successors (left out); before_vesting: the periods before
    vesting day, in order. Periods from vesting on use the successor's own values only."""
    if not additive:
        raise UserError("This measure is not additive (a rate or ratio): predecessors' values cannot be summed.",
                        field="measure")
    before = list(before_vesting)
    out = []
    for period in before:
        present = [vals[period] for vals in predecessors.values() if period in vals]
        if not present:
            continue
        notes = []
        if len(present) < len(predecessors):
            notes.append(f"{len(predecessors) - len(present)} of {len(predecessors)} predecessors have no value")
        if split:
            notes.append(f"leaves out {', '.join(split)} (split between successors)")
        out.append(ContinuityPoint(period, sum(present, Decimal(0)), AGGREGATED, len(present), "; ".join(notes)))
    for period in sorted(own):
        if period not in before:
            out.append(ContinuityPoint(period, own[period], OWN, 0))
    return sorted(out, key=lambda p: p.period)
