"""Support case pages: the partnership's cases, one case, and the forms that move it from trigger to closure."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from riep.core.audit import version_table
from riep.core.errors import UserError
from riep.core.history import NOBODY, when_text
from riep.core.permissions import name_shown_to, requires
from riep.core.tables import COUNT, DATE, LINK, Column, Table, download_response
from riep.registry import scope
from riep.registry.models import Organisation, Partnership
from riep.resilience import permissions
from riep.resilience.forms import (
    ActionForm,
    ActionStatusForm,
    CaseForm,
    CloseForm,
    LevelForm,
    PaperForm,
    PeerSupportForm,
)
from riep.resilience.models import CaseAction, InterventionLevel, SupportCase
from riep.resilience.services import cases

SECTION = {"section": "resilience"}


def _case(request, pk) -> SupportCase:
    case = get_object_or_404(SupportCase.objects.select_related("council", "partnership"), pk=pk)
    permissions.require(permissions.may_see_case(request.user, case),
                        "You may not see this support case: it is not a case of your council or partnerships.")
    return case


@requires("view_resilience")
def case_list(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    if not permissions.may_see_case_aggregate(request.user, partnership):
        raise PermissionDenied("You may not see this partnership's support cases.")
    visible = permissions.cases_person_may_see(request.user).filter(partnership=partnership).select_related("council")
    every = SupportCase.objects.filter(partnership=partnership)
    summary = cases.aggregate(every)
    levels = Table("levels", "Open cases by level of the intervention ladder", [
        Column("level", "Level"), Column("cases", "Open cases", COUNT)],
        [{"level": label, "cases": summary["open_by_level"].get(label, 0)} for _, label in InterventionLevel.choices])
    outcomes = Table("outcomes", "Closed cases by outcome", [Column("outcome", "Outcome"), Column("cases", "Cases", COUNT)],
                     [{"outcome": k, "cases": v} for k, v in sorted(summary["closed_by_outcome"].items())])
    listing = Table("cases", "Support cases", [
        Column("title", "Case", LINK), Column("council", "Council"), Column("level", "Level"),
        Column("opened", "Opened", DATE), Column("closed", "Closed", DATE), Column("outcome", "Outcome")], [
        {"title": c.title + (" (illustrative)" if c.illustrative else ""), "url": c.get_absolute_url(),
         "council": c.council.name, "level": c.get_level_display(), "opened": c.opened_on, "closed": c.closed_on,
         "outcome": c.get_outcome_display()} for c in visible])
    tables = [levels, outcomes] + ([listing] if request.user.role != "government_reviewer" else [])
    download = download_response(request, tables, f"support-cases-{partnership.code}")
    if download:
        return download
    return render(request, "resilience/cases.html", {**SECTION, "partnership": partnership, "tables": tables,
                                                     "summary": summary,
                                                     "can_open": permissions.may_open_case(request.user, partnership)})


@requires("view_resilience")
def case_detail(request, pk):
    case = _case(request, pk)
    actions = Table("actions", "Actions", [
        Column("description", "Action"), Column("owner", "Owner"), Column("due", "Due", DATE),
        Column("status", "Status"), Column("done", "Completed", DATE)], [
        {"description": a.description, "owner": a.owner, "due": a.due_on, "status": a.get_status_display(),
         "done": a.completed_on} for a in case.actions.all()])
    support = Table("peer_support", "Peer support from other member councils", [
        Column("council", "Council"), Column("description", "Support"), Column("offered", "Offered", DATE)], [
        {"council": p.council.name, "description": p.description, "offered": p.offered_on} for p in case.peer_support.all()])
    steps = list(case.history.all().order_by("history_date"))
    history = version_table("history", "History of the case", [
        Column("when", "When", DATE), Column("level", "Level"), Column("reason", "What changed")], [
        {"when": h.history_date.date(), "level": InterventionLevel(h.level).label, "reason": h.history_change_reason or ""}
        for h in steps],
        [f"{name_shown_to(request.user, h.history_user, NOBODY)} "
         + (f"recorded “{h.history_change_reason}”" if h.history_change_reason else "changed the case")
         + f" on {when_text(h.history_date)}; it was then at “{InterventionLevel(h.level).label}”." for h in reversed(steps)])
    download = download_response(request, [actions, support, history], f"support-case-{case.pk}")
    if download:
        return download
    return render(request, "resilience/case.html", {
        **SECTION, "case": case, "actions": actions, "support": support, "history": history,
        "action_rows": list(case.actions.all()), "papers": case.papers.all(),
        "can_run": permissions.may_run_case(request.user, case)})


def _form_page(request, form, title, submit, back, multipart=False):
    return render(request, "resilience/form.html", {**SECTION, "form": form, "title": title, "submit": submit,
                                                    "back": back, "multipart": multipart})


@requires("run_support_cases")
def case_new(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    permissions.require(permissions.may_open_case(request.user, partnership),
                        "Only the staff of this partnership may open its support cases.")
    members = scope.councils_of_partnership(partnership).order_by("name")
    form = CaseForm(request.POST or None)
    form.fields["council"].choices = [(c.gss_code, c.name) for c in members if c.gss_code]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = cases.open_case(partnership, Organisation.objects.get(gss_code=data["council"]), title=data["title"],
                                   trigger=data["trigger"], trigger_detail=data["trigger_detail"], level=data["level"],
                                   user=request.user)
        except UserError as error:
            form.add_error(None, str(error))
        else:
            return redirect(case.get_absolute_url())
    return _form_page(request, form, f"Open a support case ({partnership.code})", "Open the case",
                      f"/resilience/partnerships/{partnership.code}/cases/")


def _run(request, pk) -> SupportCase:
    case = _case(request, pk)
    permissions.require(permissions.may_run_case(request.user, case), "Only the partnership's staff may change this case.")
    return case


def _handled(request, case, form, action, message):
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except UserError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect(case.get_absolute_url())
    return None


@requires("run_support_cases")
def action_add(request, pk):
    case = _run(request, pk)
    form = ActionForm(request.POST or None)
    done = _handled(request, case, form, lambda d: cases.add_action(case, d["description"], d["owner"], d["due_on"],
                                                                   request.user), "Action added.")
    return done or _form_page(request, form, f"Add an action to ‘{case}’", "Add the action", case.get_absolute_url())


@requires("run_support_cases")
def action_status(request, pk, action):
    case = _run(request, pk)
    found = get_object_or_404(CaseAction, case=case, pk=action)
    form = ActionStatusForm(request.POST or None, initial={"status": found.status})
    done = _handled(request, case, form, lambda d: cases.update_action(found, d["status"], user=request.user),
                    "Action updated.")
    return done or _form_page(request, form, f"Update ‘{found.description}’", "Save", case.get_absolute_url())


@requires("run_support_cases")
def level_change(request, pk):
    case = _run(request, pk)
    form = LevelForm(request.POST or None, initial={"level": case.level})
    done = _handled(request, case, form, lambda d: cases.set_level(case, d["level"], d["reason"], request.user),
                    "Level changed.")
    return done or _form_page(request, form, f"Change the intervention level of ‘{case}’", "Save", case.get_absolute_url())


@requires("run_support_cases")
def peer_support_add(request, pk):
    case = _run(request, pk)
    form = PeerSupportForm(request.POST or None)
    form.fields["council"].choices = [(c.gss_code, c.name) for c in
                                      scope.councils_of_partnership(case.partnership).exclude(pk=case.council_id).order_by("name")
                                      if c.gss_code]
    done = _handled(request, case, form, lambda d: cases.offer_peer_support(
        case, Organisation.objects.get(gss_code=d["council"]), d["description"], user=request.user), "Peer support recorded.")
    return done or _form_page(request, form, f"Record peer support for ‘{case}’", "Save", case.get_absolute_url())


@requires("run_support_cases")
def paper_add(request, pk):
    case = _run(request, pk)
    form = PaperForm(request.POST or None, request.FILES or None)

    def file_it(data):
        upload = data["file"]
        cases.file_paper(case, data["title"], upload.name, upload.read(), data["meeting_on"], request.user)

    done = _handled(request, case, form, file_it, "Board paper filed.")
    return done or _form_page(request, form, f"File a board paper on ‘{case}’", "Upload", case.get_absolute_url(), True)


@requires("run_support_cases")
def case_close(request, pk):
    case = _run(request, pk)
    form = CloseForm(request.POST or None)
    done = _handled(request, case, form, lambda d: cases.close_case(case, d["outcome"], d["detail"], user=request.user),
                    "Case closed.")
    return done or _form_page(request, form, f"Close ‘{case}’", "Close the case", case.get_absolute_url())
