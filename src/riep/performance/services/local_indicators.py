"""A partnership's own indicators: defined on a form with the catalogue's fields, scoped to the partnership (its
councils only take values and targets for it), then used like any catalogue indicator. Changes are kept in the
indicator's history."""
from __future__ import annotations

from django.db import transaction

from riep.core.errors import UserError
from riep.core.permissions import name_shown_to
from riep.performance import permissions
from riep.performance.forms import local_key
from riep.performance.models import Indicator

FIELDS = ("code", "name", "definition", "unit", "polarity", "frequency", "decimals", "negative_allowed", "source",
          "geography", "outcome")


def local_indicators(partnership):
    return Indicator.objects.filter(partnership=partnership).select_related("outcome").order_by("code")


@transaction.atomic
def save_local_indicator(user, partnership, data: dict, indicator: Indicator | None = None) -> Indicator:
    permissions.require_manage_partnership(user, partnership)
    fields = {k: data[k] for k in FIELDS}
    if fields["outcome"] is not None and fields["outcome"].partnership_id not in (None, partnership.pk):
        raise UserError("Outcome it serves: that outcome belongs to another partnership.")
    if indicator is None:
        return Indicator.objects.create(key=local_key(partnership, fields["code"]), partnership=partnership, **fields)
    if indicator.partnership_id != partnership.pk:
        raise UserError(f"{indicator.code} is not one of {partnership.name}'s local indicators.")
    if indicator.targets.exists() and (fields["polarity"] != indicator.polarity or fields["unit"] != indicator.unit):
        raise UserError("Which direction is better and the unit cannot change once targets are set: the targets "
                        "were agreed in the old terms. Define a new indicator instead.")
    for k, v in fields.items():
        setattr(indicator, k, v)
    indicator.save()
    return indicator


def history_rows(viewer, indicator: Indicator) -> list[dict]:
    return [{"when": h.history_date, "who": name_shown_to(viewer, h.history_user, "The platform"),
             "change": {"+": "Defined", "~": "Changed", "-": "Removed"}.get(h.history_type, h.history_type),
             "name": h.name, "unit": h.unit, "polarity": h.get_polarity_display(), "definition": h.definition}
            for h in indicator.history.select_related("history_user").order_by("-history_date", "-history_id")]
