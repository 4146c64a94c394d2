"""The ledger's results in the search box: efficiency gains by reference (registered in LedgerConfig.ready(); see
riep.core.search). Finds gains the gain page would show this person (riep.ledger.services.gains_queryset)."""
from __future__ import annotations

from django.urls import reverse

from riep.core.search import Result
from riep.ledger.permissions import gains_person_may_read
from riep.ledger.services import gains_queryset


def find_gains(user, query: str, limit: int) -> list[Result]:
    found = gains_person_may_read(user, gains_queryset()).filter(reference__icontains=query.replace(" ", "-")).order_by("reference")[:limit]
    return [Result(g.reference, reverse("ledger:gain", args=[g.reference]),
                   f"{g.service_area} · {g.council} · {g.get_status_display()}") for g in found]
