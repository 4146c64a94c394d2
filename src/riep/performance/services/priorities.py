"""A partnership's priority outcomes: adding, changing and removing them, linking their projects, the resources
requested from or offered by government, and the way into the counterfactual engine ("did the programme move this
indicator?"). Every change is kept in the priority's (and its own outcome's) history."""
from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify

from riep.core.errors import Conflict, UserError
from riep.core.fy import FinancialYear
from riep.performance import permissions
from riep.performance.models import Indicator, Outcome, PriorityOutcome, ResourceAsk, Target
from riep.portfolio.models import Project


def projects_of(partnership):
    """The projects a priority of this partnership may link: the partnership's own, and no other's."""
    return Project.objects.filter(partnership=partnership).order_by("name")


def indicators_of(priority: PriorityOutcome) -> list[Indicator]:
    """The outcome's catalogue indicators and this partnership's own local ones (never another partnership's)."""
    return list(priority.outcome.indicators.filter(Q(partnership__isnull=True) | Q(partnership=priority.partnership)))


RESERVED = {"new"}  # a page's own word in the outcome URLs


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "outcome"
    slug, n = base, 2
    while slug in RESERVED or Outcome.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def add_priority(user, partnership, *, outcome: Outcome | None, name: str = "", description: str = "",
                 statement: str = "") -> PriorityOutcome:
    """A priority on one of the catalogue's outcomes, or on a new outcome of the partnership's own."""
    permissions.require_manage_partnership(user, partnership)
    if outcome is None:
        outcome = Outcome.objects.create(slug=_unique_slug(name), name=name.strip(), description=description.strip(),
                                         partnership=partnership)
    elif outcome.partnership_id not in (None, partnership.pk):
        raise UserError("That outcome belongs to another partnership.")
    if PriorityOutcome.objects.filter(partnership=partnership, outcome=outcome).exists():
        raise UserError(f"{outcome.name} is a priority of {partnership.name} already.")
    return PriorityOutcome.objects.create(partnership=partnership, outcome=outcome, statement=statement.strip())


def owns_outcome(priority: PriorityOutcome) -> bool:
    """The priority is on an outcome the partnership added itself (its name and meaning are the partnership's to
    change); a catalogue outcome's are not."""
    return priority.outcome.partnership_id == priority.partnership_id


@transaction.atomic
def change_priority(user, priority: PriorityOutcome, *, statement: str, name: str = "", description: str = "") -> list[str]:
    """Changes what the partnership agreed to deliver and, for an outcome of its own, the outcome's name and meaning
    (its address stays the same). Returns what changed, in words; nothing changed writes no history."""
    permissions.require_manage_partnership(user, priority.partnership)
    changed = []
    if priority.statement != statement.strip():
        priority.statement = statement.strip()
        priority.save()
        changed.append("what the partnership agreed to deliver")
    if owns_outcome(priority):
        outcome, name, description = priority.outcome, name.strip(), description.strip()
        if not name:
            raise UserError("Name of the outcome: enter it", field="name")
        if name.lower() != outcome.name.lower() and Outcome.objects.filter(name__iexact=name).filter(
                Q(partnership__isnull=True) | Q(partnership=priority.partnership)).exists():
            raise UserError(f"Name of the outcome: ‘{name}’ is the name of another outcome already", field="name")
        if (outcome.name, outcome.description) != (name, description):
            changed += [w for w, old, new in (("its name", outcome.name, name), ("its meaning", outcome.description,
                                                                                  description)) if old != new]
            outcome.name, outcome.description = name, description
            outcome.save()
    return changed


def removal_blockers(priority: PriorityOutcome) -> list[str]:
    """What still links to the priority and must be unlinked first, in words; empty when it may be removed.

    Linked projects block it (unlinking them is a decision about the projects, made on purpose). For an outcome of
    the partnership's own, so do the indicators serving it: their figures and targets would lose their outcome."""
    blockers = []
    projects = sorted(priority.projects.values_list("name", flat=True))
    if projects:
        blockers.append(f"{len(projects)} project{'' if len(projects) == 1 else 's'} still serve{'s' if len(projects) == 1 else ''} "
                        f"it ({', '.join(projects)}): unlink {'it' if len(projects) == 1 else 'them'} first")
    if owns_outcome(priority):
        indicators = list(priority.outcome.indicators.order_by("code"))
        if indicators:
            targets = Target.objects.filter(indicator__in=indicators).count()
            blockers.append(f"{', '.join(i.code for i in indicators)} still serve{'s' if len(indicators) == 1 else ''} "
                            f"this outcome, with {targets} target{'' if targets == 1 else 's'}: give "
                            f"{'it' if len(indicators) == 1 else 'them'} another outcome first")
    return blockers


def removal_consequences(priority: PriorityOutcome) -> list[str]:
    """What removing the priority does to what stays linked to it, in words."""
    resources = priority.resources.count()
    out = []
    if resources:
        out.append(f"Its {resources} resource{'' if resources == 1 else 's'} requested from or offered by government "
                   f"{'is' if resources == 1 else 'are'} removed with it (kept in the history).")
    if owns_outcome(priority):
        out.append(f"The outcome ‘{priority.outcome.name}’ is the partnership's own: it is removed too (kept in the history).")
    else:
        out.append(f"The catalogue's outcome ‘{priority.outcome.name}’ stays, and so do its indicators' figures, targets "
                   "and any reward grant: they belong to the indicators, not to the priority.")
    return out


@transaction.atomic
def remove_priority(user, priority: PriorityOutcome) -> None:
    """Removes the priority (and its resources; its own outcome too), refused while anything still links to it."""
    permissions.require_manage_partnership(user, priority.partnership)
    blockers = removal_blockers(priority)
    if blockers:
        raise Conflict(f"{priority.outcome.name} cannot be removed yet: " + "; ".join(blockers) + ".")
    outcome, own = priority.outcome, owns_outcome(priority)
    for resource in priority.resources.all():
        resource.delete()  # one by one, so each removal is in the resources' history
    priority.delete()
    if own and not PriorityOutcome.objects.filter(outcome=outcome).exists():
        outcome.delete()


@transaction.atomic
def link_projects(user, priority: PriorityOutcome, projects) -> tuple[int, int]:
    """Makes the priority's projects exactly these (the partnership's own only); returns (linked, unlinked)."""
    permissions.require_manage_partnership(user, priority.partnership)
    chosen = set(projects)
    if any(p.partnership_id != priority.partnership_id for p in chosen):
        raise UserError(f"Only {priority.partnership.name}'s own projects can be linked to its priorities.")
    before = set(priority.projects.all())
    priority.projects.add(*(chosen - before))
    priority.projects.remove(*(before - chosen))
    return len(chosen - before), len(before - chosen)


@transaction.atomic
def save_resource(user, priority: PriorityOutcome, data: dict, resource: ResourceAsk | None = None) -> ResourceAsk:
    permissions.require_manage_partnership(user, priority.partnership)
    fields = {k: data.get(k) for k in ("direction", "description", "amount", "status")}
    fields["status"] = fields["status"] or ""
    if resource is None:
        return ResourceAsk.objects.create(priority=priority, **fields)
    for k, v in fields.items():
        setattr(resource, k, v)
    resource.save()
    return resource


@transaction.atomic
def remove_resource(user, resource: ResourceAsk) -> None:
    permissions.require_manage_partnership(user, resource.priority.partnership)
    resource.delete()


def programme_start(priorities) -> FinancialYear | None:
    """The financial year the partnership's programme on these priorities began: the earliest start of a linked
    project (its start date, else its funding period's first year); None when no linked project says."""
    years = []
    for p in Project.objects.filter(pk__in=[pr.pk for priority in priorities for pr in priority.projects.all()]
                                    ).select_related("funding_period"):
        if p.start_date:
            years.append(FinancialYear.containing(p.start_date))
        elif p.funding_period_id:
            years.append(p.funding_period.first_year)
    return min(years, key=lambda y: y.start_year) if years else None


def counterfactual_url(ind: Indicator, council, start: FinancialYear | None) -> str:
    """The counterfactual engine's page that builds a panel from the `performance` series (measure = indicator key)
    for this council. Empty when the engine offers no such page (performance imports no impact code: a URL only)."""
    try:
        base = reverse("impact:panel-from-series")
    except NoReverseMatch:
        return ""
    query = {"source": "performance", "measure": ind.key, "treated": council.gss_code}
    if start is not None:
        query["start"] = str(start)
    return f"{base}?{urlencode(query)}"


def priorities_serving(partnerships, ind: Indicator):
    return PriorityOutcome.objects.filter(partnership__in=partnerships, outcome_id=ind.outcome_id).prefetch_related("projects")
