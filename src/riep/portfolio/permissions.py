"""Who may create and change which projects, built on the registry's scope (`riep.registry.scope`)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from riep.core.permissions import Role, has_permission
from riep.registry import scope
from riep.registry.models import Partnership


def may_edit_project(user, project) -> bool:
    """Partnership staff edit their partnerships' projects; council officers edit the projects their council leads
    or takes part in; read-only roles never edit."""
    if not has_permission(user, "edit_projects"):
        return False
    if user.role == Role.COUNCIL_OFFICER:
        councils = scope.councils_person_acts_for(user)
        return (councils.filter(pk=project.lead_council_id).exists()
                or project.participating_councils.filter(pk__in=councils.values("pk")).exists())
    return scope.manages_partnership(user, project.partnership)


def require_project_edit(user, project) -> None:
    if not may_edit_project(user, project):
        raise PermissionDenied("You may not change this project: it is not one your council or partnership takes part in.")


def partnerships_person_may_create_projects_in(user):
    if not has_permission(user, "create_projects"):
        return Partnership.objects.none()
    return scope.partnerships_person_manages(user)


def may_create_project_in(user, partnership) -> bool:
    return partnership is not None and partnerships_person_may_create_projects_in(user).filter(pk=partnership.pk).exists()
