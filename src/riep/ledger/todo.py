"""The ledger's to-do lists on the dashboard (riep.portfolio.todo): returns to validate for programme managers,
returns sent back and gains missing evidence for council officers, each in the person's own scope."""
from __future__ import annotations

from riep.core.permissions import has_permission
from riep.ledger.models import EfficiencyGain, Ni179Return, ReturnStatus
from riep.ledger.services import council_code, gains_missing_evidence
from riep.portfolio.todo import ToDoItem, ToDoList
from riep.registry import scope

SHOWN = 8  # items listed before "and N more"


def _return_item(r: Ni179Return, what: str) -> ToDoItem:
    return ToDoItem(f"{r.council} {r.year}: {what}", f"/ledger/ni179/{council_code(r.council)}/{r.year.label}/")


def _list(heading: str, items: list[ToDoItem], empty: str, more_url: str = "") -> ToDoList:
    return ToDoList(heading, tuple(items[:SHOWN]), empty, max(len(items) - SHOWN, 0), more_url)


def ledger_todos(user) -> list[ToDoList]:
    out = []
    if has_permission(user, "validate_gains"):
        waiting = Ni179Return.objects.filter(council__in=scope.councils_person_oversees(user),
                                             status=ReturnStatus.SUBMITTED).select_related("council").order_by("year", "council__name")
        out.append(_list("NI 179 returns to validate", [
            _return_item(r, f"submitted {r.submitted_at:%d %B %Y}".replace(" 0", " ") if r.submitted_at else "submitted")
            for r in waiting], "No returns are waiting for your validation."))
    if has_permission(user, "record_gains"):
        councils = scope.councils_person_acts_for(user)
        sent_back = Ni179Return.objects.filter(council__in=councils, status=ReturnStatus.RETURNED).select_related(
            "council").order_by("year", "council__name")
        out.append(_list("NI 179 returns sent back to you", [
            _return_item(r, f"sent back: {r.reason}" if r.reason else "sent back") for r in sent_back],
            "No returns have been sent back to you."))
        missing = gains_missing_evidence(EfficiencyGain.objects.filter(council__in=councils))
        out.append(_list("Gains with no evidence document", [
            ToDoItem(f"{g.reference}: {g.service_area} ({g.council})", g.get_absolute_url()) for g in missing],
            "Every gain you record has its evidence filed.", "/ledger/"))
    return out
