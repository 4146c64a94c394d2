"""Who may see and change which performance figures, built on the registry's scope (`riep.registry.scope`).

A figure (a value or a target) is seen within its partnership (the council's own officers, the staff and board of its partnerships) as
soon as it is imported; beyond the partnership (the central-government reviewer, other partnerships) only once
partnership staff have approved it.

A figure of a partnership's area as a whole (riep.performance.places) is the partnership's own: its staff import,
approve, set targets for and comment on it; before approval its staff, its board and the officers of its member
councils see it.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from riep.core.permissions import Role, has_permission
from riep.performance.places import is_area
from riep.registry import scope
from riep.registry.models import Partnership


def councils_seen_unapproved(user):
    """Councils whose figures this person sees before approval: their own councils' and partnerships'."""
    return scope.councils_person_may_see(user)


OPERATOR = object()  # the command line's operator, who runs with the database's own rights


def areas_seen_unapproved(user):
    """Partnerships whose area figures this person sees before approval: those they work for, and a council
    officer's councils' partnerships."""
    found = scope.partnerships_of(user)
    if user.is_authenticated and user.role == Role.COUNCIL_OFFICER:
        found = Partnership.objects.filter(memberships__organisation__in=scope.councils_person_acts_for(user))
    return found


def visible_values_filter(user) -> Q:
    """Values (and targets: the same rule) this person may see: approved ones, and every one of the councils (and
    the area) within their partnership."""
    if user is OPERATOR:
        return Q()
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    return Q(approved_at__isnull=False) | Q(council__in=councils_seen_unapproved(user)) | \
        Q(partnership__in=areas_seen_unapproved(user))


def may_import_for(user, place) -> bool:
    if is_area(place):
        return has_permission(user, "manage_performance") and may_manage_partnership(user, place)
    return has_permission(user, "manage_performance") and scope.may_act_for_council(user, place)


def may_approve_for(user, place) -> bool:
    if is_area(place):
        return may_manage_partnership(user, place)
    return has_permission(user, "approve_performance") and scope.may_oversee_council(user, place)


def label(place) -> str:
    return f"{place.name}'s area" if is_area(place) else scope.council_label(place)


def may_comment_for(user, place) -> bool:
    return may_import_for(user, place)


def may_manage_partnership(user, partnership) -> bool:
    return has_permission(user, "approve_performance") and scope.manages_partnership(user, partnership)


def may_see_assessment(user, partnership) -> bool:
    """The self-assessment is the partnership's own diagnostic: its staff and board (and the reviewer's aggregate
    view does not need it)."""
    return scope.works_for_partnership(user, partnership)


def require_approve(user, place) -> None:
    if not may_approve_for(user, place):
        raise PermissionDenied(f"You may not approve figures of {label(place)}: only its partnership's staff can.")


def require_comment(user, place) -> None:
    if not may_comment_for(user, place):
        raise PermissionDenied(f"You may not write commentary for {label(place)}.")


def require_manage_partnership(user, partnership) -> None:
    if not may_manage_partnership(user, partnership):
        raise PermissionDenied(f"Only {partnership.name}'s staff may change this.")


def require_see_assessment(user, partnership) -> None:
    if not may_see_assessment(user, partnership):
        raise PermissionDenied(f"Only the people of {partnership.name} may see its self-assessment.")


def local_indicator_covers(indicator, place) -> bool:
    """A partnership's local indicator is for that partnership's councils and its area only."""
    if indicator.partnership_id is None:
        return True
    if is_area(place):
        return place.pk == indicator.partnership_id
    return scope.councils_of_partnership(indicator.partnership).filter(pk=place.pk).exists()


def may_set_targets_for(user, indicator, place) -> bool:
    """Targets, baselines and tolerance bands are agreed by the partnership: its staff (administrators and programme
    managers) for the councils they oversee and for its area; a local indicator's targets only for its own
    partnership's councils and area."""
    return may_approve_for(user, place) and local_indicator_covers(indicator, place)


def require_set_targets(user, indicator, place) -> None:
    if not may_set_targets_for(user, indicator, place):
        raise PermissionDenied(f"You may not set targets for {label(place)} on {indicator.code}: only "
                               "the staff of its partnership can.")


def may_import_indicator_for(user, indicator, place) -> bool:
    """A partnership's local indicator takes values only for that partnership's councils (and its area)."""
    if not local_indicator_covers(indicator, place):
        return False
    return user is None or user is OPERATOR or may_import_for(user, place)
