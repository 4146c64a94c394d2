"""Who may use what. Every page and API route declares one of these permissions; a meta-test
fails if any URL pattern or API operation has none.

Role-level permissions are checked here. Object-level rules (which councils, partnerships, projects, gains and
placements a person may see or change) need the registry, which core may not import: they live in
`riep.registry.scope` (the councils and partnerships a person acts for or sees) and in each capability's own
`permissions.py` built on it, called by views, API routes and services alike.
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
    # Editing projects is further limited per project by riep.portfolio.permissions.may_edit_project().
    "edit_projects": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER, Role.COUNCIL_OFFICER}),
    "create_projects": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER}),
    "manage_registry": frozenset({Role.PARTNERSHIP_ADMIN}),
    # Efficiency ledger: recording gains and validating NI 179 returns are further limited per council by
    # riep.ledger.permissions (on riep.registry.scope).
    "record_gains": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER, Role.COUNCIL_OFFICER}),
    "validate_gains": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER}),
    # Care placements: person-level records, never for the aggregate-only government view; each placement is
    # further limited by riep.care.permissions.
    "view_care_placements": ALL_ROLES - {Role.GOVERNMENT_REVIEWER},
    "manage_care_placements": frozenset({Role.COUNCIL_OFFICER}),
    # Impact analysis: results are aggregate indicators of councils (no person-level data), so every signed-in role
    # sees them, the government reviewer included: counterfactual evidence is what a value-for-money review needs.
    # Uploading panels, running analyses and using one as a gain's evidence: partnership staff only.
    "view_impact": ALL_ROLES,
    "run_impact_analysis": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER}),
    # Performance toolkit: importing figures and writing exception commentary (per council by riep.performance.permissions);
    # approving figures to be shown beyond the partnership, targets, outcomes and the self-assessment: staff only.
    "manage_performance": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER, Role.COUNCIL_OFFICER}),
    "approve_performance": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER}),
    # Financial resilience: indicators come from published returns (every role); support cases are further limited
    # by riep.resilience.permissions (the reviewer sees their aggregate only); rules are the administrator's.
    "view_resilience": ALL_ROLES,
    "add_resilience_notes": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER, Role.COUNCIL_OFFICER}),
    "manage_warning_rules": frozenset({Role.PARTNERSHIP_ADMIN}),
    "run_support_cases": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER}),
    # Procurement hub: spend files are published open data (OGL), so every signed-in role sees spend within its
    # scope (riep.procurement.permissions); redacted payees are never shown. Importing: a council's officers and its
    # partnership's staff. Deciding which names are one supplier and setting categories: partnership staff.
    "view_spend": ALL_ROLES,
    "import_spend": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER, Role.COUNCIL_OFFICER}),
    "review_suppliers": frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER}),
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
                    # auth.views loads the user model, which is not ready when accounts.models imports this module
                    from django.contrib.auth.views import redirect_to_login  # noqa: PLC0415

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


def name_shown_to(viewer, person, nobody: str = "") -> str:
    """How a person is named to the viewer: by their full name; by their email address only to roles that may see
    contact details; otherwise by their role ("A council officer"). The aggregate-only government view never sees
    an email address, on pages or in downloads."""
    if person is None:
        return nobody
    full_name = (getattr(person, "full_name", "") or "").strip()
    if full_name:
        return full_name
    if has_permission(viewer, "view_people"):
        return person.email
    role = Role(person.role).label.split(" (")[0] if person.role in Role.values else "Person"
    return f"A {role[0].lower()}{role[1:]}"
