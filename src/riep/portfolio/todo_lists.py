"""The portfolio's own to-do lists (riep.portfolio.todo): projects off track, milestones due and funding underspent
for partnership staff; data freshness for administrators; a one-page summary for board members and an aggregate
view for the central-government reviewer."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import F
from django.utils import timezone

from riep.core.money import format_money
from riep.core.permissions import Role
from riep.portfolio.models import Confidence, FundingLine, Milestone, Project, ProjectStatus
from riep.portfolio.todo import ToDoItem, ToDoList, freshness_items
from riep.registry import scope
from riep.registry.models import Partnership

SHOWN = 8
OFF_TRACK = (Confidence.RED, Confidence.AMBER_RED)
DUE_WITHIN = dt.timedelta(days=30)


def _list(heading, items, empty, more_url=""):
    return ToDoList(heading, tuple(items[:SHOWN]), empty, max(len(items) - SHOWN, 0), more_url)


def _current(project):
    history = project.confidence_history.all()
    return history[0] if history else None


def _open_projects(partnerships):
    return (Project.objects.filter(partnership__in=partnerships)
            .exclude(status__in=[ProjectStatus.COMPLETED, ProjectStatus.CLOSED])
            .select_related("partnership").prefetch_related("confidence_history").order_by("name"))


def off_track(projects) -> list[ToDoItem]:
    items = []
    for project in projects:
        current = _current(project)
        if current and current.rating in OFF_TRACK:
            items.append(ToDoItem(f"{project.name}: {current.get_rating_display()} since {current.assessed_on:%d %B %Y}"
                                  .replace(" 0", " "), project.get_absolute_url()))
    return items


def milestones_due(partnerships, today: dt.date) -> list[ToDoItem]:
    due = (Milestone.objects.filter(project__partnership__in=partnerships, completed_on__isnull=True,
                                    due_on__lte=today + DUE_WITHIN)
           .exclude(project__status__in=[ProjectStatus.COMPLETED, ProjectStatus.CLOSED])
           .select_related("project").order_by("due_on"))
    return [ToDoItem(f"{m.project.name}: {m.title} ({'overdue since' if m.due_on < today else 'due'} "
                     f"{m.due_on:%d %B %Y})".replace(" 0", " "), m.project.get_absolute_url()) for m in due]


def underspend(partnerships) -> list[ToDoItem]:
    """Years whose spend is known and below the allocation, largest shortfall first."""
    lines = (FundingLine.objects.filter(source__project__partnership__in=partnerships, spend__isnull=False,
                                        spend__lt=F("allocation"))
             .select_related("source__project").order_by("year"))
    shortfall: Counter = Counter()
    projects = {}
    for line in lines:
        key = (line.source.project_id, line.year)
        shortfall[key] += line.allocation - line.spend
        projects[line.source.project_id] = line.source.project
    return [ToDoItem(f"{projects[pid].name} {year}: {format_money(amount, pence=amount % 1 != 0)} unspent",
                     projects[pid].get_absolute_url()) for (pid, year), amount in shortfall.most_common()]


def _summary(partnerships, heading: str) -> ToDoList:
    projects = list(Project.objects.filter(partnership__in=partnerships).prefetch_related("confidence_history"))
    ratings = Counter(_current(p).get_rating_display() if _current(p) else "Not yet assessed" for p in projects)
    items = [ToDoItem(f"{len(projects)} projects; off track (Red or Amber/Red): "
                      f"{sum(ratings[Confidence(r).label] for r in OFF_TRACK)}", "/projects/")]
    items += [ToDoItem(f"{p.name}: {len([x for x in projects if x.partnership_id == p.pk])} projects",
                       f"/registry/partnerships/{p.code}/") for p in partnerships]
    return _list(heading, items, "No projects yet.")


def portfolio_todos(user) -> list[ToDoList]:
    role = getattr(user, "role", None)
    today = timezone.localdate()
    out = []
    if role in (Role.PARTNERSHIP_ADMIN, Role.PROGRAMME_MANAGER):
        partnerships = scope.partnerships_person_manages(user)
        out.append(_list("Projects off track", off_track(_open_projects(partnerships)),
                         "No project is rated Red or Amber/Red.", "/projects/"))
        out.append(_list("Milestones due or overdue", milestones_due(partnerships, today),
                         "No milestone is due in the next 30 days."))
        out.append(_list("Funding underspent", underspend(partnerships),
                         "Every year with spend recorded has spent its allocation."))
    if role == Role.PARTNERSHIP_ADMIN:
        out.append(_list("Data freshness", freshness_items(), "No data imports are set up."))
    if role == Role.BOARD_MEMBER:
        out.append(_summary(scope.partnerships_of(user).order_by("name"), "Your partnership at a glance"))
    if role == Role.GOVERNMENT_REVIEWER:
        out.append(_summary(Partnership.objects.order_by("name"), "All partnerships at a glance"))
    return out
