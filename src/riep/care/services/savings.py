"""Negotiated savings by council: aggregates only, for the councils a person may see."""
from __future__ import annotations

from riep.care.models import Placement
from riep.care.services.placements import visible_councils
from riep.care.services.pricing import ZERO, annual_saving
from riep.core.permissions import Role
from riep.core.tables import COUNT, MONEY, Column, Table
from riep.registry import scope
from riep.registry.models import Organisation, Partnership


def savings_table(councils, caption: str = "Negotiated savings by council") -> Table:
    """Aggregates only: per council, how many placements were negotiated down and what that saves."""
    # The councils first, as a list of ids: nested inside this query, a scope's queryset of OR-ed joins made
    # PostgreSQL's planner run for minutes.
    ids = list(councils.values_list("pk", flat=True)) if hasattr(councils, "values_list") else [c.pk for c in councils]
    placements = Placement.objects.filter(council__in=ids, agreed_weekly_fee__isnull=False).select_related("council")
    by_council: dict[int, dict] = {}
    for p in placements:
        saving = p.weekly_saving
        if not saving or p.agreed_below_floor:
            continue  # below the floor: a risk flagged on the placement, never a saving
        row = by_council.setdefault(p.council_id, {"council": p.council.name, "placements": 0, "weekly": ZERO,
                                                   "annual": ZERO, "in_ledger": 0})
        row["placements"] += 1
        row["weekly"] += saving
        row["annual"] += annual_saving(p)
        row["in_ledger"] += 1 if p.ledger_gain_id else 0
    rows = sorted(by_council.values(), key=lambda r: r["council"])
    footer = {"council": "Total", "placements": sum(r["placements"] for r in rows),
              "weekly": sum((r["weekly"] for r in rows), ZERO), "annual": sum((r["annual"] for r in rows), ZERO),
              "in_ledger": sum(r["in_ledger"] for r in rows)}
    return Table("savings", caption,
                 [Column("council", "Council"), Column("placements", "Placements negotiated", COUNT),
                  Column("weekly", "Weekly saving", MONEY), Column("annual", "Annual saving (× 52)", MONEY),
                  Column("in_ledger", "Recorded in the ledger", COUNT)], rows, footer,
                 note="Saving = current fee − agreed fee, for agreed fees lower than the current fee and not below the "
                      "fair-price floor; × 52 for a full year. The ledger records it for each year the placement is "
                      "expected to continue, pro-rated by weeks in the first.")


def savings_councils(user, partnership: Partnership | None = None):
    """Councils whose aggregate savings the user may see: a partnership's councils (riep.registry.scope; the caller
    checks the person may see that partnership's figures), or the user's own scope."""
    if partnership is not None:
        return scope.councils_of_partnership(partnership)
    if user.role == Role.GOVERNMENT_REVIEWER:
        return Organisation.objects.filter(care_placements__isnull=False).distinct()
    return visible_councils(user)
