"""Early-warning rules (a partnership's, or the defaults), the flags they raise, what changed since last year, and
the validation of the default rules against the labelled events in `riep/resilience/data/events.csv`."""
from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from riep.core.errors import NotFound, UserError
from riep.core.fy import FinancialYear
from riep.registry.models import Organisation
from riep.registry.scope import councils_of_partnership
from riep.resilience.calc.indicators import BY_KEY
from riep.resilience.calc.rules import ABOVE, BELOW, Changes, Flag, Rule, changes, flags
from riep.resilience.calc.validation import Event, Validation, validate
from riep.resilience.models import WarningRule
from riep.resilience.services.indicators import all_indicators, assessed_councils, lines_by_council, years

DATA = Path(__file__).resolve().parent.parent / "data"
ANY_RULE = "any rule"


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    data = json.loads((DATA / "default_rules.json").read_text(encoding="utf-8"))
    return tuple(Rule(r["key"], r["name"], r["indicator"], r["comparison"], Decimal(r["threshold"])) for r in data["rules"])


def rules_for(partnership) -> list[Rule]:
    """The partnership's active rules; the defaults until its administrator changes one."""
    stored = list(WarningRule.objects.filter(partnership=partnership)) if partnership is not None else []
    if not stored:
        return list(default_rules())
    return [Rule(r.key, r.name, r.indicator, r.comparison, r.threshold) for r in stored if r.active]


def stored_rules(partnership) -> list[WarningRule]:
    """The partnership's rules as rows (the defaults copied in first, so each has a history from its start)."""
    if not WarningRule.objects.filter(partnership=partnership).exists():
        with transaction.atomic():
            for rule in default_rules():
                row = WarningRule(partnership=partnership, key=rule.key, name=rule.name, indicator=rule.indicator,
                                  comparison=rule.comparison, threshold=rule.threshold)
                row._change_reason = "The platform's default rule"
                row.save()
    return list(WarningRule.objects.filter(partnership=partnership))


def save_rule(partnership, key: str, *, name: str, indicator: str, comparison: str, threshold: Decimal, active: bool,
              reason: str, user) -> WarningRule:
    """Creates or changes a rule; the reason is kept in its history with who and when."""
    if not (reason or "").strip():
        raise UserError("Give a reason for the change: it is kept in the rule's history.")
    if indicator not in BY_KEY or not BY_KEY[indicator].available:
        raise UserError(f"{indicator!r} is not an indicator the data supports.")
    if comparison not in (BELOW, ABOVE):
        raise UserError("A rule flags a value below or above its threshold.")
    stored_rules(partnership)
    row = WarningRule.objects.filter(partnership=partnership, key=key).first() or \
        WarningRule(partnership=partnership, key=key)
    row.name, row.indicator, row.comparison, row.threshold, row.active = name, indicator, comparison, threshold, active
    row._change_reason = reason.strip()[:100]
    row._history_user = user
    row.save()
    return row


def rule_row(partnership, key: str) -> WarningRule:
    row = next((r for r in stored_rules(partnership) if r.key == key), None)
    if row is None:
        raise NotFound(f"{partnership} has no rule {key!r}.")
    return row


@dataclass(frozen=True)
class CouncilFlags:
    council: Organisation
    year: str
    flags: list[Flag]
    changes: Changes | None  # None when there is no earlier year on record


def flags_for_councils(councils, year: str, rules) -> list[CouncilFlags]:
    year = str(FinancialYear.parse(year))
    ids = [c.pk for c in councils]
    now = all_indicators(year, ids)
    last_year = str(FinancialYear.parse(year) - 1)
    before = all_indicators(last_year, ids) if last_year in years() else None
    out = []
    for council in councils:
        if council.pk not in now:
            continue
        these = flags(rules, now[council.pk])
        previous = flags(rules, before[council.pk]) if before and council.pk in before else None
        out.append(CouncilFlags(council, year, these, changes(these, previous) if previous is not None else None))
    return out


def partnership_flags(partnership, year: str) -> list[CouncilFlags]:
    councils = list(councils_of_partnership(partnership).filter(pk__in=assessed_councils()).order_by("name"))
    return flags_for_councils(councils, year, rules_for(partnership))


# --- validation ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledEvent:
    council: Organisation
    kind: str
    date: dt.date
    source_url: str
    source_note: str


def labelled_events() -> list[LabelledEvent]:
    with open(DATA / "events.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    councils = {c.gss_code: c for c in Organisation.objects.filter(gss_code__in=[r["gss_code"] for r in rows])}
    return [LabelledEvent(councils[r["gss_code"]], r["event"], dt.date.fromisoformat(r["date"]), r["source_url"],
                          r["source_note"]) for r in rows if r["gss_code"] in councils]


def validation_report(rules=None) -> list[Validation]:
    """Each rule's (and any rule's) hits, lead times and false alarms over every year on record."""
    rules = list(rules or default_rules())
    flagged: dict[str, dict[int, set[str]]] = {rule.key: {} for rule in rules}
    flagged[ANY_RULE] = {}
    assessed: set[int] = set()
    lines = lines_by_council()
    for year in years():
        for council_id, indicators in all_indicators(year, lines=lines).items():
            assessed.add(council_id)
            for flag in flags(rules, indicators):
                flagged[flag.rule].setdefault(council_id, set()).add(year)
                flagged[ANY_RULE].setdefault(council_id, set()).add(year)
    events = [Event(e.council.pk, e.council.name, e.kind, e.date) for e in labelled_events()]
    return [validate(key, found, assessed, events) for key, found in flagged.items()]


def _short(name: str) -> str:
    return name.replace("London Borough of ", "").replace(" Council", "")


def validation_rows(report: list[Validation] | None = None) -> list[str]:
    """The validation as the methodology page's table rows (a test checks the page shows these figures)."""
    names = {r.key: r.name for r in default_rules()}
    rows = []
    for v in report if report is not None else validation_report():
        hits = ", ".join(f"{_short(h.name)} ({h.first_flagged}, {h.lead_years} years)" for h in v.hits) or "none"
        misses = ", ".join(_short(m.name) for m in v.misses) or "none"
        rate = f"{v.false_alarm_rate * 100:.1f}%" if v.false_alarm_rate is not None else "–"
        precision = f"{v.precision * 100:.1f}%" if v.precision is not None else "–"
        rows.append(f"| {names.get(v.rule, 'Any of the four rules')} | {len(v.hits)} of {v.events} | {hits} | {misses} | "
                    f"{v.flagged_without_event} of {v.councils - v.events} ({rate}) | {precision} |")
    return rows
