"""Who may record and change gains, sign off NI 179 returns, see evidence and choose additionality, built on the
registry's scope (`riep.registry.scope`). The ledger's services call these, so pages, the API, imports and jobs
all get the same answer.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from riep.core.permissions import Role, has_permission
from riep.ledger.models import EfficiencyGain
from riep.registry import scope
from riep.registry.models import Organisation, Partnership


def councils_person_may_record_gains_for(user):
    if not has_permission(user, "record_gains"):
        return Organisation.objects.none()
    return scope.councils_person_acts_for(user)


def may_record_gains_for(user, council) -> bool:
    return council is not None and has_permission(user, "record_gains") and scope.may_act_for_council(user, council)


def require_record_gains_for(user, council) -> None:
    if not may_record_gains_for(user, council):
        label = scope.council_label(council) if council is not None else "that council"
        raise PermissionDenied(f"You may not record gains for {label}: it is not one of your councils.")


def gain_councils(gain) -> list[Organisation]:
    """Every council whose NI 179 a gain counts towards: its lead council and each council it has a share for."""
    councils = {c.pk: c for c in gain.share_councils()}
    if gain.council_id and gain.council_id not in councils:
        councils[gain.council_id] = gain.council
    return list(councils.values())


def require_record_gains_for_all(user, councils, what: str = "record this gain") -> None:
    """Refuses unless the person may act for every one of these councils (a shared gain changes each one's NI 179)."""
    councils = [c for c in councils if c is not None]
    if not has_permission(user, "record_gains"):
        raise PermissionDenied("Your role does not allow recording gains.")
    refused = scope.councils_not_acted_for(user, councils)
    if refused:
        names = ", ".join(scope.council_label(c) for c in refused)
        plural = "they are not" if len(refused) > 1 else "it is not"
        raise PermissionDenied(f"You may not {what} for {names}: {plural} one of your councils. A gain counts "
                               "towards the NI 179 of every council it has a share for, so each must be one you act for.")


def may_change_gain(user, gain) -> bool:
    """May change a gain: the person acts for its lead council and every council it has a share for."""
    return has_permission(user, "record_gains") and scope.may_act_for_councils(user, gain_councils(gain))


def gains_person_may_change(user):
    """The gains all of whose councils (lead and shares) this person acts for."""

    councils = councils_person_may_record_gains_for(user).values("pk")
    return EfficiencyGain.objects.filter(council__in=councils).exclude(
        shares__council__in=Organisation.objects.exclude(pk__in=councils))


def may_add_evidence(user, gain) -> bool:
    """Evidence documents are filed by the council recording the gain (they change no council's figures)."""
    return may_record_gains_for(user, gain.council)


def may_validate_return_for(user, council) -> bool:
    """Programme managers and administrators sign off the NI 179 returns of their partnerships' councils."""
    return council is not None and has_permission(user, "validate_gains") and scope.may_oversee_council(user, council)


def require_validate_return_for(user, council) -> None:
    if not may_validate_return_for(user, council):
        raise PermissionDenied(f"You may not validate or return {scope.council_label(council)}'s NI 179 return: "
                               "it is not a council of your partnerships.")


def may_view_evidence(user, gain) -> bool:
    """Evidence may hold contract prices and staff details: the gain's own councils' officers (lead or sharing) and
    the staff and board of partnerships those councils (or the gain's project) belong to see it; nobody else."""
    if not has_permission(user, "view_people"):
        return False
    if gain.project_id and scope.works_for_partnership(user, gain.project.partnership):
        return True
    ids = {c.pk for c in gain_councils(gain)}
    return scope.councils_person_may_see(user).filter(pk__in=ids).exists()


def may_choose_additionality(user, project) -> bool:
    """Programme managers (and administrators) of the project's partnership choose its additionality; nobody else."""
    return (project is not None and has_permission(user, "validate_gains")
            and scope.manages_partnership(user, project.partnership))


# Reading gains and reports ---------------------------------------------------------------------------------------
# Board members serve their own partnership: they read its councils' gains, NI 179 returns, trajectory and value
# report, and no other partnership's. Every other signed-in role reads them all, as before (the reviewer's review is
# national; staff and officers compare with other partnerships' published gains).


def reads_own_partnerships_only(user) -> bool:
    return getattr(user, "role", None) == Role.BOARD_MEMBER


def partnerships_person_may_read_reports_of(user):
    """The partnerships whose gains lists, trajectory and value report this person may read."""
    return scope.partnerships_of(user) if reads_own_partnerships_only(user) else Partnership.objects.all()


def may_read_reports_of(user, partnership) -> bool:
    return partnership is not None and partnerships_person_may_read_reports_of(user).filter(pk=partnership.pk).exists()


def require_read_reports_of(user, partnership) -> None:
    if not may_read_reports_of(user, partnership):
        raise PermissionDenied(f"You may read the gains and reports of your own partnership only, not {partnership}'s.")


def may_read_council_gains(user, council) -> bool:
    """A council's gains and NI 179 returns: a board member's partnerships' councils only."""
    if council is None:
        return False
    return not reads_own_partnerships_only(user) or scope.may_see_council_records(user, council)


def require_read_council_gains(user, council) -> None:
    if not may_read_council_gains(user, council):
        raise PermissionDenied(f"You may read the gains and NI 179 returns of your own partnership's councils only, "
                               f"and {scope.council_label(council)} is not one of them.")


def gains_person_may_read(user, gains=None):
    """These gains (all by default) narrowed to those the person may read: for a board member, gains led by or
    shared with a council of their partnerships, or made by one of their partnerships' projects."""
    gains = EfficiencyGain.objects.all() if gains is None else gains
    if not reads_own_partnerships_only(user):
        return gains
    councils = scope.councils_person_may_see(user).values("pk")
    readable = EfficiencyGain.objects.filter(
        Q(council__in=councils) | Q(shares__council__in=councils) | Q(project__partnership__in=scope.partnerships_of(user)))
    return gains.filter(pk__in=readable.values("pk"))


def may_read_gain(user, gain) -> bool:
    return gains_person_may_read(user, EfficiencyGain.objects.filter(pk=gain.pk)).exists()


def require_read_gain(user, gain) -> None:
    if not may_read_gain(user, gain):
        raise PermissionDenied(f"You may read the gains of your own partnership only: gain {gain.reference} is "
                               "not one of its councils' or projects' gains.")
