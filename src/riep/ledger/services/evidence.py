"""Who may see a gain's evidence documents."""
from __future__ import annotations

from riep.core.permissions import Role, _partnership_council_ids, has_permission
from riep.ledger.models import EfficiencyGain


def can_view_evidence(user, gain: EfficiencyGain) -> bool:
    """Evidence may hold contract prices and staff details: the gain's own councils' officers (lead or sharing) and
    the staff and board of partnerships those councils (or the gain's project) belong to see it; nobody else."""
    if not has_permission(user, "view_people"):
        return False
    council_ids = {c.pk for c in gain.share_councils()} | {gain.council_id}
    if user.role == Role.COUNCIL_OFFICER:
        return user.councils.filter(pk__in=council_ids).exists()
    if gain.project_id and user.partnerships.filter(pk=gain.project.partnership_id).exists():
        return True
    return bool(council_ids & _partnership_council_ids(user))
