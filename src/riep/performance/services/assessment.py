"""The partnership self-assessment: answers per question with evidence, the strengths and weaknesses report, the
action plan, and the comparison with the year before."""
from __future__ import annotations

from riep.core.fy import FinancialYear
from riep.performance.calc import assessment as calc
from riep.performance.models import SelfAssessment
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
