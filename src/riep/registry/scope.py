"""Scope: which councils belong to a partnership, and which councils and partnerships a person may see or act for.

The one place these questions are answered: pages, the API, services (so imports and jobs too), exports, the value
report and care all ask here. Role-level checks (may this role record gains at all?) stay in
`riep.core.permissions`; the capability rules built on these answers live in each capability's `permissions.py`.

A partnership's councils are the councils with a Membership row in it (the accountable body included), and
nothing else — not the councils of its region. Why:

* Membership is what the registry records about who belongs to a RIEP, with joining and leaving dates; a region
  holds every council ever in it, including councils created after the programme (West Suffolk 2019,
  Buckinghamshire 2020, North and West Northamptonshire 2021…) that were never members of any RIEP.
* The value report, the CSR07 trajectory and the partnership's NI 179 pages sum the gains of the member councils
  (`riep.ledger.services.gains_for_partnership`). Had staff been allowed to record gains for every council of the
  region, a gain could be recorded that never appears in its partnership's report.
* Councils that left (abolished in the 2009 reorganisation) stay in scope: their gains for the years they were
  members still count, and corrections to those years must be possible.

Partner organisations (non-council members) are never "councils" here.
"""
from __future__ import annotations

from typing import Iterable

from riep.core.permissions import Role
from riep.registry.models import Organisation, OrganisationKind, Partnership

# Roles whose scope is a set of partnerships (staff and board); council officers' scope is their councils.
_STAFF = frozenset({Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER})
_PARTNERSHIP_ROLES = _STAFF | {Role.BOARD_MEMBER}


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _role(user) -> str | None:
    return user.role if _active(user) else None


# Partnerships and their councils -------------------------------------------------------------------------------


def councils_of_partnership(partnership: Partnership):
    """The partnership's councils: its council members, the accountable body included (see the module docstring)."""
    return councils_of_partnerships([partnership])


def councils_of_partnerships(partnerships):
    """The councils of any of these partnerships (a queryset or a list)."""
    return Organisation.objects.filter(kind=OrganisationKind.COUNCIL, memberships__partnership__in=partnerships).distinct()


def partnerships_of_council(council: Organisation):
    """The partnerships a council is a member of."""
    return Partnership.objects.filter(memberships__organisation=council).distinct()


def partnerships_of(user):
    """The partnerships this person works for (staff and board members); none for council officers and reviewers,
    whatever partnerships their account lists."""
    if _role(user) not in _PARTNERSHIP_ROLES:
        return Partnership.objects.none()
    return user.partnerships.all()


def works_for_partnership(user, partnership) -> bool:
    return partnership is not None and partnerships_of(user).filter(pk=partnership.pk).exists()


def partnerships_person_manages(user):
    """The partnerships whose projects, gains and returns this person may change: staff (administrators and
    programme managers) of those partnerships."""
    if _role(user) not in _STAFF:
        return Partnership.objects.none()
    return user.partnerships.all()


def manages_partnership(user, partnership) -> bool:
    return partnership is not None and partnerships_person_manages(user).filter(pk=partnership.pk).exists()


def partnerships_person_may_see_figures_of(user):
    """Partnerships whose aggregate figures (totals by council, no person-level detail) this person may see: the
    central-government reviewer every partnership (a value-for-money review is national); everyone else the
    partnerships they work for."""
    if _role(user) == Role.GOVERNMENT_REVIEWER:
        return Partnership.objects.all()
    return partnerships_of(user)


def may_see_figures_of(user, partnership) -> bool:
    return partnership is not None and partnerships_person_may_see_figures_of(user).filter(pk=partnership.pk).exists()


# Councils a person acts for or sees ------------------------------------------------------------------------------


def councils_person_acts_for(user):
    """The councils whose records (gains, NI 179 submissions, projects they take part in) this person may change:
    a council officer their own councils; administrators and programme managers their partnerships' councils;
    board members, reviewers and anonymous visitors none."""
    role = _role(user)
    if role == Role.COUNCIL_OFFICER:
        return user.councils.all()
    if role in _STAFF:
        return councils_of_partnerships(user.partnerships.all())
    return Organisation.objects.none()


def councils_person_oversees(user):
    """The councils whose NI 179 returns this person signs off (validates, sends back, reopens): partnership staff
    for their partnerships' councils. A council never signs off its own return."""
    if _role(user) not in _STAFF:
        return Organisation.objects.none()
    return councils_of_partnerships(user.partnerships.all())


def councils_person_may_see(user):
    """The councils whose detailed records (care placements, evidence documents) this person may see: a council
    officer their own councils; staff and board members their partnerships' councils; the aggregate-only reviewer
    and anonymous visitors none."""
    role = _role(user)
    if role == Role.COUNCIL_OFFICER:
        return user.councils.all()
    if role in _PARTNERSHIP_ROLES:
        return councils_of_partnerships(user.partnerships.all())
    return Organisation.objects.none()


def _in(queryset, council) -> bool:
    return council is not None and queryset.filter(pk=council.pk).exists()


def may_act_for_council(user, council) -> bool:
    return _in(councils_person_acts_for(user), council)


def councils_not_acted_for(user, councils: Iterable[Organisation]) -> list[Organisation]:
    """Those of these councils the person may not act for, in name order (empty: may act for them all)."""
    councils = {c.pk: c for c in councils if c is not None}
    allowed = set(councils_person_acts_for(user).filter(pk__in=councils).values_list("pk", flat=True))
    return sorted((c for pk, c in councils.items() if pk not in allowed), key=lambda c: c.name)


def may_act_for_councils(user, councils: Iterable[Organisation]) -> bool:
    councils = list(councils)
    return bool(councils) and _active(user) and not councils_not_acted_for(user, councils)


def may_oversee_council(user, council) -> bool:
    return _in(councils_person_oversees(user), council)


def may_see_council_records(user, council) -> bool:
    return _in(councils_person_may_see(user), council)


def council_label(council: Organisation) -> str:
    """How refusals name a council: its name and code, so the person can tell which one."""
    code = council.gss_code or council.snac_code
    return f"{council.name} ({code})" if code else council.name

