"""Who may see and change which performance figures, built on the registry's scope (`riep.registry.scope`).

A figure is seen within its partnership (the council's own officers, the staff and board of its partnerships) as
soon as it is imported; beyond the partnership (the central-government reviewer, other partnerships) only once
partnership staff have approved it.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from riep.core.permissions import has_permission
from riep.registry import scope


def councils_seen_unapproved(user):
    """Councils whose figures this person sees before approval: their own councils' and partnerships'."""
    return scope.councils_person_may_see(user)


OPERATOR = object()  # the command line's operator, who runs with the database's own rights


def visible_values_filter(user) -> Q:
    """Values this person may see: approved ones, and every one of the councils within their partnership."""
    if user is OPERATOR:
        return Q()
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    return Q(approved_at__isnull=False) | Q(council__in=councils_seen_unapproved(user))


def may_import_for(user, council) -> bool:
    return has_permission(user, "manage_performance") and scope.may_act_for_council(user, council)


def may_approve_for(user, council) -> bool:
    return has_permission(user, "approve_performance") and scope.may_oversee_council(user, council)


def may_comment_for(user, council) -> bool:
    return may_import_for(user, council)


def may_manage_partnership(user, partnership) -> bool:
    return has_permission(user, "approve_performance") and scope.manages_partnership(user, partnership)


def may_see_assessment(user, partnership) -> bool:
    """The self-assessment is the partnership's own diagnostic: its staff and board (and the reviewer's aggregate
    view does not need it)."""
    return scope.works_for_partnership(user, partnership)


def require_approve(user, council) -> None:
    if not may_approve_for(user, council):
        raise PermissionDenied(f"You may not approve figures of {scope.council_label(council)}: only its partnership's staff can.")


def require_comment(user, council) -> None:
    if not may_comment_for(user, council):
        raise PermissionDenied(f"You may not write commentary for {scope.council_label(council)}.")


def require_manage_partnership(user, partnership) -> None:
    if not may_manage_partnership(user, partnership):
        raise PermissionDenied(f"Only {partnership.name}'s staff may change this.")


def require_see_assessment(user, partnership) -> None:
    if not may_see_assessment(user, partnership):
        raise PermissionDenied(f"Only the people of {partnership.name} may see its self-assessment.")


def may_set_targets_for(user, indicator, council) -> bool:
    """Targets, baselines and tolerance bands are agreed by the partnership: its staff (administrators and programme
    managers) for the councils they oversee; a local indicator's targets only for its own partnership's councils."""
    if not may_approve_for(user, council):
        return False
    if indicator.partnership_id is None:
        return True
    return scope.councils_of_partnership(indicator.partnership).filter(pk=council.pk).exists()


def require_set_targets(user, indicator, council) -> None:
    if not may_set_targets_for(user, indicator, council):
        raise PermissionDenied(f"You may not set targets for {scope.council_label(council)} on {indicator.code}: only "
                               "the staff of its partnership can.")


def may_import_indicator_for(user, indicator, council) -> bool:
    """A partnership's local indicator takes values only for that partnership's councils."""
    if indicator.partnership_id is not None and \
            not scope.councils_of_partnership(indicator.partnership).filter(pk=council.pk).exists():
        return False
    return user is None or user is OPERATOR or may_import_for(user, council)
