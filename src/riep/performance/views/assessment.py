"""The partnership self-assessment: the years answered, and one year's report with its action plan."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from riep.core.fy import FinancialYear
from riep.core.permissions import requires
from riep.core.tables import DATE, Column, Table, download_response
from riep.performance import permissions
from riep.performance.models import SelfAssessment
from riep.performance.services.assessment import report
from riep.performance.services.catalogue import question_set
from riep.registry.models import Partnership

SECTION = {"section": "performance"}
WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "": "Not answered"}


@requires("signed_in")
def assessments(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    permissions.require_see_assessment(request.user, partnership)
    return render(request, "performance/assessments.html", {
        **SECTION, "partnership": partnership, "question_set": question_set(),
        "assessments": SelfAssessment.objects.filter(partnership=partnership)})


@requires("signed_in")
def assessment(request, code, year):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    permissions.require_see_assessment(request.user, partnership)
    try:
        fy = FinancialYear.parse(year)
    except ValueError:
        raise Http404(f"‘{year}’ is not a financial year.") from None
    found = get_object_or_404(SelfAssessment, partnership=partnership, year=fy)
    r = report(found)
    answers = Table("answers", f"{partnership.name} self-assessment {found.year}: answers", [
        Column("element_name", "Element"), Column("text", "Question"), Column("rating_word", "Rating"),
        Column("last_year_word", f"Last year ({FinancialYear(found.year.start_year - 1)})"), Column("movement", "Change"),
        Column("evidence", "Evidence")],
        [{**row, "rating_word": WORDS[row["rating"]], "last_year_word": WORDS[row["last_year"]]} for row in r["rows"]])
    actions = Table("action-plan", f"{partnership.name} self-assessment {found.year}: action plan", [
        Column("question", "Question"), Column("action", "Action"), Column("owner", "Owner"), Column("due", "Due", DATE),
        Column("status", "Status")],
        [{"question": r["question_text"].get(a.question, a.question), "action": a.action, "owner": a.owner,
          "due": a.due_on, "status": a.get_status_display()} for a in r["actions"]])
    if (response := download_response(request, [answers, actions], f"self-assessment-{partnership.code}-{found.year}")) is not None:
        return response
    return render(request, "performance/assessment.html", {**SECTION, "partnership": partnership, "assessment": found,
                  "report": r, "answers": answers, "actions": actions})
