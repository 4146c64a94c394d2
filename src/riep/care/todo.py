"""Care's to-do list on the dashboard (riep.portfolio.todo): a council officer's placements paid below the fair price
(a risk to the placement, never a saving), largest shortfall first."""
from __future__ import annotations

from riep.care.models import Placement
from riep.care.permissions import councils_person_manages_care_for
from riep.core.money import format_money
from riep.portfolio.todo import ToDoItem, ToDoList

SHOWN = 8


def care_todos(user) -> list[ToDoList]:
    councils = councils_person_manages_care_for(user)
    if not councils.exists():
        return []
    risks = (Placement.objects.filter(council__in=councils, gap_flag__startswith="below")
             .select_related("council").order_by("weekly_gap", "person_reference"))
    items = [ToDoItem(f"{p.person_reference} ({p.council}): fee {format_money(-p.weekly_gap, pence=True)} a week "
                      f"below the fair price", f"/care/placements/{p.pk}/") for p in risks]
    return [ToDoList("Placements with a price risk", tuple(items[:SHOWN]), "No placement is paid below the fair price.",
                     max(len(items) - SHOWN, 0), "/care/placements/")]
