"""Whose spend a person sees and changes, built on the registry's scope (`riep.registry.scope`).

- A council officer sees and imports their own council's spend.
- Partnership staff (administrators, programme managers) and board members see their partnerships' member
  councils' spend; staff also import for them, review the supplier queue and set categories.
- The central-government reviewer sees every council's spend summaries, suppliers and opportunities (the files are
  published open data, and a value-for-money review is national) but changes nothing and does not see the review
  queue, which is the partnerships' working list.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from riep.core.permissions import Role, has_permission
from riep.registry import scope
from riep.registry.models import Organisation


def councils_whose_spend_person_may_see(user):
    if not has_permission(user, "view_spend"):
        return Organisation.objects.none()
    if getattr(user, "role", None) == Role.GOVERNMENT_REVIEWER:
        return Organisation.objects.councils()
    return scope.councils_person_may_see(user)


def councils_person_imports_spend_for(user):
    if not has_permission(user, "import_spend"):
        return Organisation.objects.none()
    return scope.councils_person_acts_for(user)


def may_see_spend_of(user, council) -> bool:
    return council is not None and councils_whose_spend_person_may_see(user).filter(pk=council.pk).exists()


def require_see_spend_of(user, council) -> None:
    if not may_see_spend_of(user, council):
        raise PermissionDenied(f"You may not see {council}'s spend: it is not one of your councils.")


def require_import_for(user, council) -> None:
    if not councils_person_imports_spend_for(user).filter(pk=council.pk).exists():
        raise PermissionDenied(f"You may not import spend files for {council}: it is not one of your councils.")


def may_review(user) -> bool:
    return has_permission(user, "review_suppliers") and scope.partnerships_person_manages(user).exists()


def require_review(user, *councils) -> None:
    """Deciding on a pair of names needs the review role and sight of both councils' spend."""
    if not may_review(user):
        raise PermissionDenied("Only partnership staff review supplier names.")
    seen = councils_whose_spend_person_may_see(user)
    for council in councils:
        if not seen.filter(pk=council.pk).exists():
            raise PermissionDenied(f"You may not decide on {council}'s supplier names: it is not one of your councils.")


def require_see_opportunities_of(user, partnership) -> None:
    if not scope.may_see_figures_of(user, partnership):
        raise PermissionDenied(f"You may see the opportunities of your own partnerships only, not {partnership}'s.")


def partnerships_whose_opportunities_person_may_see(user):
    return scope.partnerships_person_may_see_figures_of(user)
