"""The partnership self-assessment: answers per question with evidence, the strengths and weaknesses report, the
action plan, and the comparison with the year before."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from riep.core.errors import UserError
from riep.core.fy import FinancialYear
from riep.performance import permissions
from riep.performance.calc import assessment as calc
from riep.performance.models import ActionPoint, AssessmentAnswer, SelfAssessment
from riep.performance.services.catalogue import question_set, questions


def report(assessment: SelfAssessment) -> dict:
    qs = questions()
    answers = {a.question: a for a in assessment.answers.all()}
    previous = SelfAssessment.objects.filter(partnership=assessment.partnership, year=FinancialYear(assessment.year.start_year - 1)).first()
    before = {a.question: a.rating for a in previous.answers.all()} if previous else {}
    rows = []
    for q in qs:
        a = answers.get(q["key"])
        rows.append({**q, "rating": a.rating if a else "", "evidence": a.evidence if a else "",
                     "last_year": before.get(q["key"], ""),
                     "movement": calc.movement(a.rating if a else None, before.get(q["key"]))})
    calc_answers = [calc.Answer(r["key"], r["element"], r["rating"], r["evidence"]) for r in rows if r["rating"]]
    elements = question_set()["elements"]
    summaries = calc.by_element(calc_answers, [e["key"] for e in elements])
    names = {e["key"]: e["name"] for e in elements}
    return {"rows": rows, "elements": [{"name": names[s.element], "summary": s} for s in summaries],
            "strengths": [names[s.element] for s in summaries if s.verdict == "strength"],
            "weaknesses": [names[s.element] for s in summaries if s.verdict == "weakness"],
            "previous": previous, "answered": len(calc_answers), "questions": len(qs),
            "actions": list(assessment.actions.all()), "question_text": {q["key"]: q["text"] for q in qs}}


# Entry: a new year, its answers, and the action plan.

@transaction.atomic
def start_assessment(user, partnership, year: FinancialYear) -> SelfAssessment:
    permissions.require_manage_partnership(user, partnership)
    if SelfAssessment.objects.filter(partnership=partnership, year=year).exists():
        raise UserError(f"Financial year: {partnership.name} has a self-assessment for {year} already; change its "
                        "answers instead.")
    return SelfAssessment.objects.create(partnership=partnership, year=year,
                                         question_set_version=question_set()["version"])


def answers_initial(assessment: SelfAssessment) -> dict:
    initial = {"completed": assessment.completed_on is not None}
    for a in assessment.answers.all():
        initial[f"rating_{a.question}"], initial[f"evidence_{a.question}"] = a.rating, a.evidence
    return initial


@transaction.atomic
def save_answers(user, assessment: SelfAssessment, data: dict) -> int:
    """Writes every question's answer from AnswersForm's cleaned data (a question left unanswered removes its old
    answer); returns how many questions are answered."""
    permissions.require_manage_partnership(user, assessment.partnership)
    answered = 0
    for q in questions():
        rating, evidence = data.get(f"rating_{q['key']}"), (data.get(f"evidence_{q['key']}") or "").strip()
        if rating:
            AssessmentAnswer.objects.update_or_create(assessment=assessment, question=q["key"],
                                                      defaults={"rating": rating, "evidence": evidence})
            answered += 1
        else:
            AssessmentAnswer.objects.filter(assessment=assessment, question=q["key"]).delete()
    if data.get("completed"):
        assessment.completed_on = assessment.completed_on or timezone.localdate()
    else:
        assessment.completed_on = None
    assessment.save(update_fields=["completed_on"])
    return answered


@transaction.atomic
def save_action(user, assessment: SelfAssessment, data: dict, action: ActionPoint | None = None) -> ActionPoint:
    permissions.require_manage_partnership(user, assessment.partnership)
    fields = {k: data[k] for k in ("question", "action", "owner", "due_on", "status")}
    if action is None:
        return ActionPoint.objects.create(assessment=assessment, **fields)
    for k, v in fields.items():
        setattr(action, k, v)
    action.save()
    return action
