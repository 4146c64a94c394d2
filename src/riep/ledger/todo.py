"""The ledger's to-do lists on the dashboard (riep.portfolio.todo): returns to validate for programme managers,
returns sent back and gains missing evidence for council officers, each in the person's own scope."""
from __future__ import annotations

from django.utils import timezone

from riep.core.fy import FinancialYear
from riep.core.money import format_money
from riep.core.permissions import Role, has_permission
from riep.ledger.calc import csr07 as csr07_calc
from riep.ledger.models import Csr07Baseline, EfficiencyGain, Ni179Return, ReturnStatus
from riep.ledger.services import council_code, gains_missing_evidence, ni179_for_council
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
    if getattr(user, "role", None) == Role.COUNCIL_OFFICER:
        out += council_officer_todos(user)
    if getattr(user, "role", None) in (Role.BOARD_MEMBER, Role.GOVERNMENT_REVIEWER):
        partnerships = scope.partnerships_person_may_see_figures_of(user).order_by("name")
        out.append(_list("Value for money reports", [
            ToDoItem(f"{p.name}: value report and NI 179 against the CSR07 trajectory",
                     f"/ledger/partnerships/{p.code}/value-report/") for p in partnerships],
            "No partnership's figures are yours to see."))
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


def programme_year(today=None) -> FinancialYear:
    """The NI 179 year a return is due for now: today's, within the CSR07 years (the programme ran 2008-11)."""
    params = csr07_calc.load_parameters()
    year = FinancialYear.containing(today or timezone.localdate())
    return min(max(year, params.first_year), params.last_year)


def council_officer_todos(user) -> list[ToDoList]:
    """A council's NI 179 this year against its CSR07 trajectory, and its returns not yet submitted."""
    params = csr07_calc.load_parameters()
    year = programme_year()
    standing, to_submit = [], []
    returns = {(r.council_id, r.year): r for r in Ni179Return.objects.filter(council__in=scope.councils_person_acts_for(user))}
    for council in scope.councils_person_acts_for(user).order_by("name"):
        url = f"/ledger/ni179/{council_code(council)}/{year.label}/"
        total = ni179_for_council(council, year).total
        baseline = Csr07Baseline.objects.filter(council=council).first()
        if baseline:
            target = csr07_calc.target_for(baseline.baseline, year, params)
            ratio = csr07_calc.ratio_of_target(total, target)
            where = f"{ratio * 100:.0f}% of" if ratio is not None else "against"
            standing.append(ToDoItem(f"{council} {year}: {format_money(total)} so far, {where} the CSR07 trajectory's "
                                     f"{format_money(target)}", url))
        else:
            standing.append(ToDoItem(f"{council} {year}: {format_money(total)} so far (no 2007-08 baseline recorded)", url))
        for y in range(params.first_year.start_year, year.start_year + 1):
            ret = returns.get((council.pk, FinancialYear(y)))
            if ret is None or ret.status == ReturnStatus.DRAFT:
                to_submit.append(ToDoItem(f"{council} {FinancialYear(y)}: not yet submitted",
                                          f"/ledger/ni179/{council_code(council)}/{FinancialYear(y).label}/"))
    return [_list(f"NI 179 this year ({year})", standing, "You act for no council."),
            _list("NI 179 returns to submit", to_submit, "Every return up to this year has been submitted.")]
