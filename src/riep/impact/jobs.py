"""Background job of impact analysis: run one analysis (synthetic control, its placebos and DiD) and store it."""
from __future__ import annotations

from django.db.models import Q

from riep.core.jobs import JobError, job_kind
from riep.core.permissions import has_permission
from riep.impact.engine.types import ImpactError
from riep.impact.models import ImpactAnalysis
from riep.impact.services import fmt, period_label, run_analysis


def people_who_see_analyses(user) -> Q:
    """The job is about an analysis (its subject): whoever may see analyses sees the jobs that run them."""
    return Q() if has_permission(user, "view_impact") else Q(pk__in=[])


@job_kind("impact.run_analysis", "Impact analysis", visible_to=people_who_see_analyses)
def impact_analysis_job(params: dict, progress) -> dict:
    analysis = ImpactAnalysis.objects.select_related("panel").get(pk=params["analysis_id"])
    progress(0, None, f"Analysis {analysis.pk}: {analysis.title}"[:500])
    try:
        run_analysis(analysis, progress)
    except ImpactError as error:
        raise JobError(f"The analysis could not run: {error}") from None
    r = analysis.result
    placebo = r.get("placebo")
    start = period_label(r.get("treatment_year", analysis.treatment_year), r.get("period_kind"))
    summary = f"Average effect {fmt(r['average_effect'])} a year from {start}"
    if placebo:
        summary += f"; placebo p-value {placebo['p_value']:.3f} from {placebo['count']} placebos"
    return {"analysis_id": analysis.pk, "summary": summary + ".", "url": analysis.get_absolute_url()}
