"""Setting targets: a baseline, a target per year (stretch flagged), the tolerance band, and every change kept in
the target's history (who and when, named as the viewer may see them). A target set or changed waits, like a value,
for the partnership's approval before it is shown beyond the partnership."""
from __future__ import annotations

from django.db import transaction

from riep.core.permissions import name_shown_to
from riep.performance import permissions
from riep.performance.calc.periods import period_start
from riep.performance.calc.rag import Band
from riep.performance.models import Indicator, Target
from riep.performance.places import Place, where

FIELDS = ("baseline", "baseline_period", "target", "stretch", "expected", "tolerance", "tolerance_kind")


@transaction.atomic
def save_target(user, ind: Indicator, place: Place, data: dict) -> tuple[Target, bool]:
    """Creates or changes the target of `data["period"]` (already checked by TargetForm); returns it and whether it
    is new. Saving without a change writes no history."""
    permissions.require_set_targets(user, ind, place)
    values = {k: data.get(k) for k in FIELDS}
    values["baseline_period"] = values["baseline_period"] or ""
    if not values["stretch"]:
        values["expected"] = None
    found = Target.objects.filter(indicator=ind, period=data["period"], **where(place)).first()
    if found is None:
        return Target.objects.create(indicator=ind, period=data["period"], **where(place), **values), True
    if any(getattr(found, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(found, k, v)
        found.approved_at, found.approved_by = None, None  # a changed target is approved again before shown beyond
        found.save()
    return found, False


def visible_targets(user, **filters):
    """Targets as this person may see them: approved ones, and all of their own partnership's (as for values)."""
    return Target.objects.filter(permissions.visible_values_filter(user), **filters)


def targets_of(ind: Indicator, place: Place) -> list[Target]:
    return sorted(Target.objects.filter(indicator=ind, **where(place)), key=lambda t: (period_start(t.period), t.period))


def initial_for(target: Target | None) -> dict:
    if target is None:
        return {}
    return {"period": target.period, **{k: getattr(target, k) for k in FIELDS}}


def rule_of(ind: Indicator, target: Target) -> str:
    if ind.polarity not in ("higher", "lower"):
        return ""
    return Band(target.target, ind.polarity, target.tolerance, target.tolerance_kind).rule(ind.unit, ind.decimals)


CHANGE = {"+": "Set", "~": "Changed", "-": "Removed"}


def history_rows(viewer, ind: Indicator, place: Place) -> list[dict]:
    """Every version of every target of this council (or area) on this indicator, latest first."""
    rows = []
    history = Target.history.filter(indicator=ind, **where(place)).select_related("history_user").order_by(
        "-history_date", "-history_id")
    for h in history:
        rows.append({"when": h.history_date, "who": name_shown_to(viewer, h.history_user, "The platform (import or demo)"),
                     "change": CHANGE.get(h.history_type, h.history_type), "period": h.period, "target": h.target,
                     "stretch": "Stretch" if h.stretch else "", "baseline": h.baseline,
                     "baseline_period": h.baseline_period, "expected": h.expected, "tolerance": h.tolerance,
                     "tolerance_kind": "per cent of the target" if h.tolerance_kind == "percent" else "in the unit"})
    return rows
