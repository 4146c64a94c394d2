"""How the rules would have done: flags in the data years against later, labelled events (section 114 notices).

For each council: the financial years in which any rule fired (only years that ended before its event count for
a council with an event). A council with an event is a **hit** if flagged in such a year; its **lead time** is
from the end of the first flagged year to the event. A flagged council with no event is a **false alarm** (it may
still have been in difficulty: no event is not proof of health). Reported per rule and for any rule.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from riep.core.fy import FinancialYear


@dataclass(frozen=True)
class Event:
    council: object  # an id
    name: str
    kind: str
    date: dt.date


@dataclass(frozen=True)
class Hit:
    council: object
    name: str
    first_flagged: str | None  # a year, or None for a miss
    lead_years: Decimal | None


@dataclass(frozen=True)
class Validation:
    rule: str
    councils: int  # councils assessed
    events: int
    hits: tuple[Hit, ...]
    misses: tuple[Hit, ...]
    flagged_without_event: int

    @property
    def hit_rate(self) -> Decimal | None:
        return Decimal(len(self.hits)) / self.events if self.events else None

    @property
    def false_alarm_rate(self) -> Decimal | None:
        """Share of the councils without an event that were flagged."""
        others = self.councils - self.events
        return Decimal(self.flagged_without_event) / others if others else None

    @property
    def precision(self) -> Decimal | None:
        flagged = len(self.hits) + self.flagged_without_event
        return Decimal(len(self.hits)) / flagged if flagged else None


def validate(rule: str, flagged_years: dict[object, set[str]], councils: set, events: list[Event]) -> Validation:
    """`flagged_years`: {council: years the rule (or any rule) fired}; `councils`: every council assessed."""
    by_council = {}
    for event in sorted(events, key=lambda e: e.date):
        if event.council in councils:
            by_council.setdefault(event.council, event)  # the first event counts
    hits, misses = [], []
    for council, event in by_council.items():
        before = sorted(y for y in flagged_years.get(council, ()) if FinancialYear.parse(y).last_day < event.date)
        if before:
            lead = Decimal((event.date - FinancialYear.parse(before[0]).last_day).days) / Decimal("365.25")
            hits.append(Hit(council, event.name, before[0], lead.quantize(Decimal("0.1"))))
        else:
            misses.append(Hit(council, event.name, None, None))
    false_alarms = sum(1 for c in councils if c not in by_council and flagged_years.get(c))
    return Validation(rule, len(councils), len(by_council), tuple(sorted(hits, key=lambda h: h.name)),
                      tuple(sorted(misses, key=lambda h: h.name)), false_alarms)
