"""Which projects and gains a person may attach an impact analysis to, built on the registry's scope
(`riep.registry.scope`) and the ledger's own rule for changing a gain (an analysis becomes the gain's evidence)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from riep.core.permissions import has_permission
from riep.ledger.services import gains_of, gains_person_may_change
from riep.portfolio.models import Project
from riep.registry import scope


def projects_person_may_attach_to(user):
    """Projects of the partnerships this person manages (administrators and programme managers)."""

    if not has_permission(user, "run_impact_analysis"):
        return Project.objects.none()
    return Project.objects.filter(partnership__in=scope.partnerships_person_manages(user))


def gains_person_may_attach_to(user):
    """Gains all of whose councils this person acts for: the ones whose evidence they may change."""

    if not has_permission(user, "run_impact_analysis"):
        return gains_of()  # none
    return gains_person_may_change(user)


def require_may_attach(user, project=None, gain=None) -> None:
    if project is not None and not projects_person_may_attach_to(user).filter(pk=project.pk).exists():
        raise PermissionDenied(f"You may not attach an analysis to project {project.code}: it is not a project of "
                               "your partnerships.")
    if gain is not None and not gains_person_may_attach_to(user).filter(pk=gain.pk).exists():
        raise PermissionDenied(f"You may not attach an analysis to gain {gain.reference}: it is not a gain of your "
                               "partnerships' councils.")
