"""Who may use what. Every page and API route declares one of these permissions; a meta-test
fails if any URL pattern or API operation has none.

Role-level permissions are checked here; object-level rules (which projects a council officer may
edit) live in `can_edit_project` and friends, called by views, API routes and services alike.
"""
from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    COUNCIL_OFFICER = "council_officer", "Council officer"
    BOARD_MEMBER = "board_member", "Board member (read-only)"
    GOVERNMENT_REVIEWER = "government_reviewer", "Central-government reviewer (read-only, aggregate)"


ALL_ROLES = frozenset(Role.values)
_ROLE_PERMISSIONS: dict[str, frozenset[str] | None] = {
    # None means "no sign-in needed".
    "public": None,
    # Any signed-in user: registry, portfolio and aggregate figures.
    "signed_in": ALL_ROLES,
    # Named people and contact details: not for the aggregate-only government view.
    "view_people": ALL_ROLES - {Role.GOVERNMENT_REVIEWER},
    # Editing projects is further limited per project by can_edit_project().
    "edit_projects": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER, Role.COUNCIL_OFFICER}),
    "create_projects": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER}),
    "manage_registry": frozenset({Role.PARTNERSHIP_ADMIN}),
    # Efficiency ledger: recording gains is further limited per council by can_record_gains_for();
    # validating NI 179 returns per council by can_validate_return_for().
    "record_gains": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER, Role.COUNCIL_OFFICER}),
    "validate_gains": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER}),
    # Care placements: person-level records, never for the aggregate-only government view; each placement is
    # further limited by can_view_placement() / can_change_placement().
    "view_care_placements": ALL_ROLES - {Role.GOVERNMENT_REVIEWER},
    "manage_care_placements": frozenset({Role.COUNCIL_OFFICER}),
    # Impact analysis: results are aggregate indicators of councils (no person-level data), so every signed-in role
    # sees them, the government reviewer included: counterfactual evidence is what a value-for-money review needs.
    # Uploading panels, running analyses and using one as a gain's evidence: partnership staff only.
    "view_impact": ALL_ROLES,
    "run_impact_analysis": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER}),
}
PERMISSIONS = frozenset(_ROLE_PERMISSIONS)


def roles_for(permission: str) -> frozenset[str] | None:
    if permission not in _ROLE_PERMISSIONS:
        raise KeyError(f"unknown permission '{permission}'")
    return _ROLE_PERMISSIONS[permission]


def has_permission(user, permission: str) -> bool:
    roles = roles_for(permission)
    if roles is None:
        return True
    return bool(user and user.is_authenticated and user.is_active and user.role in roles)


def requires(permission: str):
    """View decorator: anonymous users go to sign-in; signed-in users without the role get 403."""
    roles_for(permission)  # fail at import time on a typo

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if roles_for(permission) is not None:
                if not request.user.is_authenticated:
                    from django.contrib.auth.views import redirect_to_login

                    return redirect_to_login(request.get_full_path())
                if not has_permission(request.user, permission):
                    raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        wrapped.riep_permission = permission
        return wrapped

    return decorate


def declared_permission(view) -> str | None:
    """The permission a resolved view declared (class-based views via their view_class)."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "__wrapped__", None)):
        if candidate is not None and getattr(candidate, "riep_permission", None):
            return candidate.riep_permission
    return None


# Object-level rules ------------------------------------------------------------------------------


def can_edit_project(user, project) -> bool:
    """Partnership staff edit their partnerships' projects; council officers edit projects their
    council leads or takes part in; read-only roles never edit."""
    if not has_permission(user, "edit_projects"):
        return False
    if user.role == Role.COUNCIL_OFFICER:
        council_ids = set(user.councils.values_list("pk", flat=True))
        if project.lead_council_id in council_ids:
            return True
        return project.participating_councils.filter(pk__in=council_ids).exists()
    return user.partnerships.filter(pk=project.partnership_id).exists()


def can_create_project_in(user, partnership) -> bool:
    return has_permission(user, "create_projects") and user.partnerships.filter(pk=partnership.pk).exists()


def editable_partnerships(user):
    from riep.registry.models import Partnership

    if not has_permission(user, "create_projects"):
        return Partnership.objects.none()
    return user.partnerships.all()


def require_project_edit(user, project) -> None:
    if not can_edit_project(user, project):
        raise PermissionDenied("You may not change this project: it is not one your council or partnership takes part in.")


# Efficiency ledger -------------------------------------------------------------------------------


def _partnership_council_ids(user) -> set[int]:
    """Councils in the user's partnerships: members, or councils of the partnerships' regions."""
    from riep.registry.models import Membership, Organisation

    partnerships = user.partnerships.all()
    members = Membership.objects.filter(partnership__in=partnerships).values_list("organisation_id", flat=True)
    regional = Organisation.objects.filter(region__partnerships__in=partnerships).values_list("pk", flat=True)
    return set(members) | set(regional)


def can_record_gains_for(user, council) -> bool:
    """Council officers record gains for their own councils; partnership staff for their partnerships' councils."""
    if council is None or not has_permission(user, "record_gains"):
        return False
    if user.role == Role.COUNCIL_OFFICER:
        return user.councils.filter(pk=council.pk).exists()
    return council.pk in _partnership_council_ids(user)


def can_validate_return_for(user, council) -> bool:
    """Programme managers and administrators validate or return the NI 179 returns of their partnerships' councils."""
    return council is not None and has_permission(user, "validate_gains") and council.pk in _partnership_council_ids(user)


def require_record_gains_for(user, council) -> None:
    if not can_record_gains_for(user, council):
        raise PermissionDenied(f"You may not record gains for {council}: it is not one of your councils.")


def require_validate_return_for(user, council) -> None:
    if not can_validate_return_for(user, council):
        raise PermissionDenied(f"You may not validate or return {council}'s NI 179 return: it is not in your partnerships.")


# Care placements ---------------------------------------------------------------------------------


def care_council_ids(user) -> set[int]:
    """Councils whose placements the user may see: council officers their own councils; partnership staff and
    board members the member councils of their partnerships (registry Membership); nobody else any."""
    from riep.registry.models import Membership

    if not has_permission(user, "view_care_placements"):
        return set()
    if user.role == Role.COUNCIL_OFFICER:
        return set(user.councils.values_list("pk", flat=True))
    return set(Membership.objects.filter(partnership__in=user.partnerships.all()).values_list("organisation_id", flat=True))


def can_view_placement(user, placement) -> bool:
    return placement.council_id in care_council_ids(user)


def can_change_placement(user, placement) -> bool:
    """Only the council's own officers change its placements (import, record outcomes)."""
    return can_manage_care_for(user, placement.council)


def can_manage_care_for(user, council) -> bool:
    return (council is not None and has_permission(user, "manage_care_placements")
            and user.councils.filter(pk=council.pk).exists())


def require_view_placement(user, placement) -> None:
    if not can_view_placement(user, placement):
        raise PermissionDenied("You may not see this placement: it is not one of your councils' placements.")


def require_change_placement(user, placement) -> None:
    if not can_change_placement(user, placement):
        raise PermissionDenied("You may not change this placement: only its council's officers can.")
