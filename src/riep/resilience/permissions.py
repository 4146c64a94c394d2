"""Who may see and run support cases, add notes and change rules, built on `riep.registry.scope`.

* Support cases hold board papers and named actions: partnership staff and board members see the cases of their
  partnerships' councils; a council officer sees their own council's; the central-government reviewer sees the
  aggregate (counts by level, status and outcome) and never a case.
* Staff (administrators, programme managers) of the case's partnership run its cases.
* A council's narrative and corrections: its own officers, and the staff of its partnerships.
* Rules: administrators of the partnership.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from riep.core.permissions import Role, has_permission
from riep.registry import scope
from riep.resilience.models import SupportCase


def cases_person_may_see(user):
    role = getattr(user, "role", None) if user is not None and user.is_authenticated and user.is_active else None
    if role == Role.COUNCIL_OFFICER:
        return SupportCase.objects.filter(council__in=user.councils.all())
    if role in (Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER, Role.BOARD_MEMBER):
        return SupportCase.objects.filter(partnership__in=scope.partnerships_of(user))
    return SupportCase.objects.none()


def may_see_case(user, case) -> bool:
    return cases_person_may_see(user).filter(pk=case.pk).exists()


def may_run_case(user, case) -> bool:
    return has_permission(user, "run_support_cases") and scope.manages_partnership(user, case.partnership)


def may_open_case(user, partnership) -> bool:
    return has_permission(user, "run_support_cases") and scope.manages_partnership(user, partnership)


def may_see_case_aggregate(user, partnership) -> bool:
    return scope.may_see_figures_of(user, partnership)


def may_add_note(user, council) -> bool:
    return has_permission(user, "add_resilience_notes") and scope.may_act_for_council(user, council)


def may_manage_rules(user, partnership) -> bool:
    return has_permission(user, "manage_warning_rules") and scope.manages_partnership(user, partnership)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
