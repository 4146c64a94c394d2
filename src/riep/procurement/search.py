"""The procurement hub's results in the search box: suppliers by name or reference, only those one of the
person's councils buys from — the supplier page's own rule (registered in ProcurementConfig.ready(); see
riep.core.search)."""
from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from riep.core.permissions import has_permission
from riep.core.search import Result
from riep.procurement.models import Supplier
from riep.procurement.permissions import councils_whose_spend_person_may_see


def find_suppliers(user, query: str, limit: int) -> list[Result]:
    if not has_permission(user, "view_spend"):
        return []
    councils = councils_whose_spend_person_may_see(user)
    found = (Supplier.objects.filter(Q(name__icontains=query) | Q(reference__iexact=query),
                                     names__council__in=councils).distinct().order_by("name")[:limit])
    return [Result(s.name, reverse("procurement:supplier", args=[s.reference]),
                   f"{s.reference}{' · ' + s.category_label if s.category_label else ''}") for s in found]
