"""Impact analysis API under /api/v1/impact/: list and read analyses, create one (queued for the worker), and read
its full result. Same permissions as the pages: every signed-in role reads; partnership staff create."""

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from ninja.responses import Status

from riep.core.api.auth import AUTH, Router, api_requires
from riep.core.api.types import RowId, Year
from riep.core.errors import NotFound, UserError
from riep.impact import services
from riep.impact.models import DonorRule, ImpactAnalysis, IndicatorPanel, VMethod
from riep.impact.permissions import require_may_attach
from riep.ledger.services import find_gain
from riep.portfolio.models import Project

router = Router(tags=["impact"], auth=AUTH)


class AnalysisOut(Schema):
    id: int
    title: str
    status: str
    panel_id: int
    panel: str
    illustrative: bool
    project_code: str | None
    gain_reference: str | None
    outcome: str
    outcome_label: str
    treated: list[str]
    treatment_year: int
    donor_rule: str
    donors: list[str]
    predictors: list[str]
    v_method: str
    placebos: bool
    job_id: int | None
    error: str
    average_effect: float | None
    p_value: float | None
    did_estimate: float | None
    did_std_error: float | None
    evidence_for: list[str]
    url: str


class AnalysisIn(Schema):
    title: str
    panel_id: RowId
    outcome: str
    outcome_label: str = ""
    treated: list[str]
    treatment_year: Year
    donor_rule: str = DonorRule.SAME_TYPE
    donors: list[str] = []
    predictors: list[str] = []
    v_method: str = VMethod.NESTED
    placebos: bool = True
    penalty: float = Field(0.0, ge=0, le=1e6, description="Penalised synthetic control's lambda (0: classic).")
    adoption: dict[str, Year] = Field(default_factory=dict, description="Staggered adoption: treated council -> "
                                                                          "its own first period, where it differs.")
    project_code: str | None = None
    gain_reference: str | None = None


class ResultOut(Schema):
    id: int
    status: str
    error: str
    result: dict


def _out(a: ImpactAnalysis) -> dict:
    r = a.result or {}
    return {
        "id": a.pk, "title": a.title, "status": a.status, "panel_id": a.panel_id, "panel": a.panel.name,
        "illustrative": a.panel.illustrative or a.illustrative,
        "project_code": a.project.code if a.project_id else None, "gain_reference": a.gain.reference if a.gain_id else None,
        "outcome": a.outcome, "outcome_label": a.outcome_label, "treated": a.treated, "treatment_year": a.treatment_year,
        "donor_rule": a.donor_rule, "donors": a.donors, "predictors": a.predictors, "v_method": a.v_method,
        "placebos": a.placebos, "job_id": a.job_id, "error": a.error, "average_effect": r.get("average_effect"),
        "p_value": (r.get("placebo") or {}).get("p_value"), "did_estimate": (r.get("did") or {}).get("estimate"),
        "did_std_error": (r.get("did") or {}).get("std_error"),
        "evidence_for": [g.reference for g in a.evidence_gains.all()], "url": a.get_absolute_url(),
    }


def _analyses():
    return ImpactAnalysis.objects.select_related("panel", "project", "gain").prefetch_related("evidence_gains")


@router.get("/analyses", response=list[AnalysisOut])
@api_requires("view_impact")
def list_analyses(request, project: str | None = None, status: str | None = None):
    """Impact analyses, newest first, optionally for one project (its code) or with one status."""
    qs = _analyses()
    if project:
        qs = qs.filter(project__code=project)
    if status:
        qs = qs.filter(status=status)
    return [_out(a) for a in qs]


def _analysis(queryset, analysis_id: int) -> ImpactAnalysis:
    analysis = queryset.filter(pk=analysis_id).first()
    if analysis is None:
        raise NotFound(f"There is no impact analysis {analysis_id}.")
    return analysis


@router.get("/analyses/{analysis_id}", response=AnalysisOut)
@api_requires("view_impact")
def get_analysis(request, analysis_id: int):
    return _out(_analysis(_analyses(), analysis_id))


@router.get("/analyses/{analysis_id}/result", response=ResultOut)
@api_requires("view_impact")
def get_result(request, analysis_id: int):
    """The full stored result: series, gaps, weights, balance, diagnostics, every placebo's gaps and DiD."""
    a = _analysis(ImpactAnalysis.objects.all(), analysis_id)
    return {"id": a.pk, "status": a.status, "error": a.error, "result": a.result or {}}


@router.post("/analyses", response={201: AnalysisOut})
@api_requires("run_impact_analysis")
def create_analysis(request, payload: AnalysisIn):
    """Creates an analysis and queues it for the worker; poll GET /analyses/{id} until its status is finished."""

    panel = IndicatorPanel.objects.filter(pk=payload.panel_id).first()
    if panel is None:
        raise UserError(f"there is no indicator panel {payload.panel_id}", field="panel_id")
    problems = {}
    if payload.donor_rule not in DonorRule.values:
        problems["donor_rule"] = f"choose one of {', '.join(DonorRule.values)}"
    if payload.v_method not in VMethod.values:
        problems["v_method"] = f"choose one of {', '.join(VMethod.values)}"
    if not payload.treated:
        problems["treated"] = "name at least one treated council"
    outside = [u for u in payload.adoption if u not in payload.treated]
    if outside:
        problems["adoption"] = f"only treated councils can have their own start: {', '.join(outside[:5])} is not treated"
    starts = {u: payload.adoption.get(u, payload.treatment_year) for u in payload.treated}
    project = gain = None
    if payload.project_code:
        project = Project.objects.filter(code=payload.project_code).first()
        if project is None:
            problems["project_code"] = f"there is no project '{payload.project_code}'"
    if payload.gain_reference:
        gain = find_gain(payload.gain_reference)
        if gain is None:
            problems["gain_reference"] = f"there is no gain '{payload.gain_reference}'"
    if problems:
        raise ValidationError(problems)
    # Column, council and period problems are reported by the job, in the same words as on the pages.
    if project is not None or gain is not None:
        require_may_attach(request.auth, project, gain)  # PermissionDenied: the API's handler answers 403
    analysis = services.create_analysis(
        request.auth, title=payload.title, panel=panel, outcome=payload.outcome, outcome_label=payload.outcome_label,
        treated=payload.treated, treatment_year=payload.treatment_year, donor_rule=payload.donor_rule,
        donors=payload.donors, predictors=payload.predictors, v_method=payload.v_method, placebos=payload.placebos,
        penalty=payload.penalty, adoption=starts if len(set(starts.values())) > 1 else {}, project=project, gain=gain)
    return Status(201, _out(_analyses().get(pk=analysis.pk)))
