"""Who may see and change reorganisation scenarios, shared services and capacity pools, on riep.registry.scope.

Seeing: the government reviewer every model (aggregate figures of councils, no person-level data); partnership
staff and board members their partnerships' models; council officers the models their councils are in.
Changing (assumptions, council tax plans, options, realised savings, placements): partnership administrators and
programme managers of the model's partnership, and officers of a council in it.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from riep.core.permissions import Role, has_permission
from riep.registry import scope
from riep.reorg.models import CapacityPool, Scenario, SharedService


def councils_in(obj) -> list:
    if isinstance(obj, Scenario):
        return [p.council for p in obj.predecessors.select_related("council")]
    if isinstance(obj, SharedService):
        return [m.council for m in obj.members.select_related("council")]
    if isinstance(obj, CapacityPool):
        return [o.council for o in obj.offers.select_related("council")] + \
               [r.council for r in obj.requests.select_related("council")]
    raise TypeError(obj)


def may_view(user, obj) -> bool:
    if not has_permission(user, "signed_in"):
        return False
    if user.role == Role.GOVERNMENT_REVIEWER:
        return True
    if obj.partnership is not None and scope.works_for_partnership(user, obj.partnership):
        return True
    mine = set(user.councils.values_list("pk", flat=True)) if user.role == Role.COUNCIL_OFFICER else set()
    return any(c.pk in mine for c in councils_in(obj))


def may_change(user, obj) -> bool:
    if not has_permission(user, "edit_projects"):
        return False
    if obj.partnership is not None and scope.manages_partnership(user, obj.partnership):
        return True
    if user.role != Role.COUNCIL_OFFICER:
        return False
    mine = set(user.councils.values_list("pk", flat=True))
    return any(c.pk in mine for c in councils_in(obj))


def require_view(user, obj) -> None:
    if not may_view(user, obj):
        raise PermissionDenied(f"You may not see {obj}: it is not one of your partnerships' or councils' models.")


def require_change(user, obj) -> None:
    if not may_change(user, obj):
        raise PermissionDenied(f"You may not change {obj}: only its partnership's staff and its councils' officers can.")


def visible(user, queryset):
    return [o for o in queryset if may_view(user, o)]
