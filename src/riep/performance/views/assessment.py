"""The partnership self-assessment: the years answered, and one year's report with its action plan."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from riep.core.errors import UserError
from riep.core.fy import FinancialYear
from riep.core.permissions import requires
from riep.core.tables import DATE, Column, Table, download_response
from riep.performance import permissions
from riep.performance.forms import ActionForm, AnswersForm, AssessmentYearForm
from riep.performance.models import ActionPoint, SelfAssessment
from riep.performance.services import assessment as service
from riep.performance.services.assessment import report
from riep.performance.services.catalogue import question_set, questions
from riep.registry.models import Partnership

SECTION = {"section": "performance"}
WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "": "Not answered"}


@requires("signed_in")
def assessments(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    permissions.require_see_assessment(request.user, partnership)
    return render(request, "performance/assessments.html", {
        **SECTION, "partnership": partnership, "question_set": question_set(),
        "assessments": SelfAssessment.objects.filter(partnership=partnership),
        "manage": permissions.may_manage_partnership(request.user, partnership)})


def _found(request, code, year, *, manage=False) -> SelfAssessment:
    partnership = get_object_or_404(Partnership, code__iexact=code)
    if manage:
        permissions.require_manage_partnership(request.user, partnership)
    else:
        permissions.require_see_assessment(request.user, partnership)
    try:
        fy = FinancialYear.parse(year)
    except ValueError:
        raise Http404(f"‘{year}’ is not a financial year.") from None
    return get_object_or_404(SelfAssessment.objects.select_related("partnership"), partnership=partnership, year=fy)


@requires("signed_in")
def assessment(request, code, year):
    found = _found(request, code, year)
    partnership = found.partnership
    manage = permissions.may_manage_partnership(request.user, partnership)
    r = report(found)
    answers = Table("answers", f"{partnership.name} self-assessment {found.year}: answers", [
        Column("element_name", "Element"), Column("text", "Question"), Column("rating_word", "Rating"),
        Column("last_year_word", f"Last year ({FinancialYear(found.year.start_year - 1)})"), Column("movement", "Change"),
        Column("evidence", "Evidence")],
        [{**row, "rating_word": WORDS[row["rating"]], "last_year_word": WORDS[row["last_year"]]} for row in r["rows"]])
    actions = Table("action-plan", f"{partnership.name} self-assessment {found.year}: action plan", [
        Column("question", "Question"), Column("action", "Action", link_key="url" if manage else None), Column("owner", "Owner"), Column("due", "Due", DATE),
        Column("status", "Status")],
        [{"question": r["question_text"].get(a.question, a.question), "action": a.action, "owner": a.owner,
          "due": a.due_on, "status": a.get_status_display(), "url": f"{found.get_absolute_url()}actions/{a.pk}/"}
         for a in r["actions"]])
    if (response := download_response(request, [answers, actions], f"self-assessment-{partnership.code}-{found.year}")) is not None:
        return response
    return render(request, "performance/assessment.html", {**SECTION, "partnership": partnership, "assessment": found,
                  "report": r, "answers": answers, "actions": actions, "manage": manage})


@requires("approve_performance")
def assessment_new(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    permissions.require_manage_partnership(request.user, partnership)
    form = AssessmentYearForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = service.start_assessment(request.user, partnership, form.cleaned_data["year"])
        except UserError as error:
            form.add_error("year", str(error))
        else:
            messages.success(request, f"Self-assessment {created.year} started: answer its questions.")
            return redirect(created.get_absolute_url() + "answers/")
    return render(request, "performance/form.html", {
        **SECTION, "partnership": partnership, "form": form, "caption": partnership.name,
        "title": "Start a year's self-assessment", "submit": "Start the self-assessment",
        "intro": f"The question set: {question_set()['question_set']}, version {question_set()['version']}.",
        "back": f"/performance/partnerships/{partnership.code}/self-assessment/"})


@requires("approve_performance")
def assessment_answers(request, code, year):
    found = _found(request, code, year, manage=True)
    form = AnswersForm(request.POST if request.method == "POST" else None, questions=questions(), initial=service.answers_initial(found))
    if request.method == "POST" and form.is_valid():
        answered = service.save_answers(request.user, found, form.cleaned_data)
        messages.success(request, f"{answered} of {len(questions())} questions answered.")
        return redirect(found.get_absolute_url())
    return render(request, "performance/assessment_answers.html", {
        **SECTION, "partnership": found.partnership, "assessment": found, "form": form})


@requires("approve_performance")
def action_edit(request, code, year, pk=None):
    found = _found(request, code, year, manage=True)
    action = get_object_or_404(ActionPoint, assessment=found, pk=pk) if pk else None
    initial = {k: getattr(action, k) for k in ("question", "action", "owner", "due_on", "status")} if action else \
        {"question": request.GET.get("question", "")}
    form = ActionForm(request.POST if request.method == "POST" else None, questions=questions(), initial=initial)
    if request.method == "POST" and form.is_valid():
        service.save_action(request.user, found, form.cleaned_data, action)
        messages.success(request, "Action saved.")
        return redirect(found.get_absolute_url() + "#action-plan")
    return render(request, "performance/form.html", {
        **SECTION, "partnership": found.partnership, "form": form,
        "caption": f"{found.partnership.name}: self-assessment {found.year}",
        "title": "Change an action" if action else "Add an action to the plan", "submit": "Save the action",
        "back": found.get_absolute_url()})
