"""Who may see and change which care placements and whose negotiated savings, built on the registry's scope
(`riep.registry.scope`)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from riep.core.permissions import has_permission
from riep.registry import scope
from riep.registry.models import Organisation


def councils_whose_placements_person_may_see(user):
    """Council officers their own councils; partnership staff and board members their partnerships' councils;
    the aggregate-only reviewer none."""
    if not has_permission(user, "view_care_placements"):
        return Organisation.objects.none()
    return scope.councils_person_may_see(user)


def care_council_ids(user) -> set[int]:
    return set(councils_whose_placements_person_may_see(user).values_list("pk", flat=True))


def councils_person_manages_care_for(user):
    """The councils whose placements this person imports and negotiates: only the council's own officers."""
    if not has_permission(user, "manage_care_placements"):
        return Organisation.objects.none()
    return scope.councils_person_acts_for(user)


def may_manage_care_for(user, council) -> bool:
    return council is not None and councils_person_manages_care_for(user).filter(pk=council.pk).exists()


def may_view_placement(user, placement) -> bool:
    return councils_whose_placements_person_may_see(user).filter(pk=placement.council_id).exists()


def may_change_placement(user, placement) -> bool:
    """Only the council's own officers change its placements (import, record outcomes)."""
    return may_manage_care_for(user, placement.council)


def require_view_placement(user, placement) -> None:
    if not may_view_placement(user, placement):
        raise PermissionDenied("You may not see this placement: it is not one of your councils' placements.")


def require_change_placement(user, placement) -> None:
    if not may_change_placement(user, placement):
        raise PermissionDenied("You may not change this placement: only its council's officers can.")


def partnerships_whose_savings_person_may_see(user):
    """Savings by council are aggregates: the reviewer sees every partnership's, everyone else their own
    partnerships' (an administrator of some partnerships does not see the others')."""
    return scope.partnerships_person_may_see_figures_of(user)


def require_see_savings_of(user, partnership) -> None:
    if not scope.may_see_figures_of(user, partnership):
        raise PermissionDenied(f"You may see the savings of your own partnerships only, not {partnership}'s.")
