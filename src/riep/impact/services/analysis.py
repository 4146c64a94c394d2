"""Running an analysis: the panel the engine fits, synthetic control with in-space placebos, leave-one-out and an
in-time placebo, 2x2 difference-in-differences, the JSON-ready result, and the queued job that stores it."""
from __future__ import annotations

import math

import numpy as np
from django.utils import timezone

from riep.core.jobs import enqueue
from riep.impact.engine.did import callaway_santanna, did_2x2
from riep.impact.engine.inference import in_space_placebos, in_time_placebo, leave_one_out
from riep.impact.engine.panel import check_design, panel_from_frame
from riep.impact.engine.predictors import parse_predictor
from riep.impact.engine.synth import fit_synth
from riep.impact.engine.types import ImpactError, Panel, SpecError, SynthSpec
from riep.impact.models import AnalysisStatus, ImpactAnalysis
from riep.impact.permissions import require_may_attach
from riep.impact.services.comparison import comparison
from riep.impact.services.councils import donor_pool, resolve_units
from riep.impact.services.presentation import period_label

TREATED_KEY = "Treated councils (average)"
LOO_MIN_WEIGHT = 1e-6  # a donor with more weight than this is left out in turn
IN_TIME_YEARS_EARLIER = 2  # the in-time placebo's fake start: this many years before the real one
IN_TIME_MIN_PRE_PERIODS = 3


def _aggregate_panel(panel: Panel, treated: list[str], donors: list[str], outcome: str) -> Panel:
    """The treated councils averaged into one unit (first), then the donors: the panel synthetic control fits."""
    idx = [panel.unit_index(t) for t in treated]
    missing = np.argwhere(np.isnan(panel.values[outcome][idx]))
    if len(missing) and len(idx) > 1:  # one treated council's gaps the engine reports; an average would mix
        i, j = missing[0]
        raise SpecError(f"Treated council '{treated[i]}' has no '{outcome}' value for {panel.times[j]}: several "
                        "treated councils are averaged, so each needs every year.")
    values = {}
    with np.errstate(all="ignore"):
        for col, arr in panel.values.items():
            block = arr[idx]
            agg = np.nanmean(block, axis=0) if len(idx) > 1 else block[0]
            values[col] = np.vstack([agg[None, :], arr[[panel.unit_index(d) for d in donors]]])
    key = TREATED_KEY if len(treated) > 1 else treated[0]
    return Panel(panel.unit_col, panel.time_col, (key, *donors), panel.times, values)


def _subpanel(panel: Panel, units: list[str]) -> Panel:
    idx = [panel.unit_index(u) for u in units]
    return Panel(panel.unit_col, panel.time_col, tuple(units), panel.times, {c: a[idx] for c, a in panel.values.items()})


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else float(x)


def _nums(xs) -> list:
    """JSON has no NaN: a period without a value (a gap in the panel) is null."""
    return [_num(x) for x in xs]


def compute(analysis: ImpactAnalysis, progress=None) -> dict:
    """Runs the engine for an analysis and returns the JSON-ready result. Raises ImpactError with a plain message."""

    step = progress or (lambda *a, **k: None)
    source = analysis.panel
    kind = source.period_kind
    predictors = tuple(parse_predictor(p) for p in analysis.predictors if p.strip())
    columns = [analysis.outcome] + [p.column for p in predictors if p.column != analysis.outcome]
    if not analysis.treated:
        raise SpecError("Choose at least one treated council.")
    step(0, None, "Loading the panel")
    panel = panel_from_frame(source.frame(), source.unit_column, source.time_column, columns)
    adoption = {u: int(y) for u, y in (analysis.adoption or {}).items() if u in analysis.treated}
    # Staggered adoption: synthetic control (one averaged unit) takes the earliest start, so that no treated year
    # enters its fit; difference-in-differences takes each council's own start (Callaway-Sant'Anna).
    start = min([analysis.treatment_year, *adoption.values()]) if adoption else analysis.treatment_year
    check_design(panel, analysis.treated, start, analysis.outcome, min_pre_periods=3)
    councils = resolve_units(panel.units)
    donors, warnings = donor_pool(analysis, panel.units, councils)
    names = {u: str(councils[u]) if u in councils else u for u in panel.units}
    names[TREATED_KEY] = TREATED_KEY
    fitted = _aggregate_panel(panel, list(analysis.treated), donors, analysis.outcome)
    treated_key = fitted.units[0]
    if len(analysis.treated) > 1:
        warnings.append(f"The {len(analysis.treated)} treated councils are averaged into one unit and compared with a "
                        "synthetic average; each placebo is a single council, which is noisier than an average.")
    if adoption:
        warnings.append("The treated councils started in different years: synthetic control, its placebos and "
                        f"synthetic difference-in-differences use the earliest start ({period_label(start, kind)}); "
                        "staggered difference-in-differences uses each council's own start.")
    spec = SynthSpec(outcome=analysis.outcome, treated=treated_key, treatment_time=start,
                     donors=tuple(donors), predictors=predictors, v_method=analysis.v_method,
                     penalty=float(analysis.penalty or 0.0))
    step(0, None, "Fitting the synthetic control")
    res = fit_synth(fitted, spec)
    n_placebos = len(donors) if analysis.placebos else 0
    n_loo = sum(1 for w in res.weights if w > LOO_MIN_WEIGHT)
    total = n_placebos + n_loo + 3  # the fit, the placebos, leave-one-out, the in-time placebo, DiD
    step(1, total, "Synthetic control fitted")
    placebo = None
    if analysis.placebos:
        placebo = in_space_placebos(
            fitted, spec, result=res,
            progress=lambda done, n: step(1 + done, total, f"Placebo {done} of {n}: each donor treated in turn"))
    done = 1 + n_placebos
    loo = _leave_one_out_json(fitted, spec, res, names, lambda i, n: step(
        done + i, total, f"Leaving out donor {min(i + 1, n)} of {n} with weight, in turn"))
    step(done + n_loo, total, f"In-time placebo: as if the start were {period_label(start - IN_TIME_YEARS_EARLIER, kind)}")
    in_time = _in_time_json(fitted, spec, names)
    step(total - 1, total, "Difference-in-differences")
    did = staggered = None
    both = _subpanel(panel, list(analysis.treated) + donors)
    try:
        if adoption:
            staggered = callaway_santanna(both, analysis.outcome, {u: adoption.get(u, analysis.treatment_year)
                                                                   for u in analysis.treated}, control_group="never")
        else:
            did = did_2x2(both, analysis.outcome, list(analysis.treated), start)
    except ImpactError as error:
        warnings.append(f"Difference-in-differences could not be estimated: {error}")
    step(total, total, "Comparing the estimators")
    out = _result_json(analysis, res, placebo, did, names, donors, warnings + list(res.diagnostics.warnings))
    out["treatment_year"], out["period_kind"], out["penalty"] = start, kind, spec.penalty
    out["adoption"] = [{"unit": u, "name": names.get(u, u), "start": adoption.get(u, analysis.treatment_year)}
                       for u in analysis.treated] if adoption else []
    out["staggered"] = _staggered_json(staggered) if staggered is not None else None
    out["leave_one_out"], out["in_time_placebo"] = loo, in_time
    out["comparison"] = comparison(panel, fitted, spec, res, did, list(analysis.treated), donors, names,
                                   analysis.outcome_label, staggered=staggered)
    return out


def _staggered_json(res) -> dict:
    """Callaway-Sant'Anna: the overall effect, by years since the start (event study), and each cohort's ATT(g,t)."""
    e = res.overall
    return {"estimate": _num(e.estimate), "std_error": _num(e.std_error), "ci_low": _num(e.ci_low),
            "ci_high": _num(e.ci_high), "p_value": _num(e.p_value), "control_group": res.control_group,
            "n_units": res.n_units, "warnings": list(res.warnings),
            "event_study": [{"event": ev.relative_time, "estimate": _num(ev.estimate.estimate),
                             "ci_low": _num(ev.estimate.ci_low), "ci_high": _num(ev.estimate.ci_high)}
                            for ev in res.event_study],
            "group_time": [{"cohort": g.cohort, "period": g.time, "att": _num(g.att), "std_error": _num(g.std_error),
                            "treated": g.n_treated, "controls": g.n_control} for g in res.group_time]}


def _leave_one_out_json(fitted: Panel, spec, res, names: dict, progress) -> dict:
    """Each donor with weight left out in turn: the refit's effect and weights (or why it could not run)."""

    try:
        fits = leave_one_out(fitted, spec, result=res, min_weight=LOO_MIN_WEIGHT, progress=progress)
    except (ImpactError, np.linalg.LinAlgError, ValueError) as error:
        return {"runs": [], "skipped": f"Leave-one-out could not run: {error}"}
    runs = [{"unit": f.dropped, "name": names.get(f.dropped, f.dropped), "average_effect": _num(f.average_effect),
             "pre_rmspe": _num(f.pre_rmspe),
             "weights": [{"unit": u, "name": names.get(u, u), "weight": w}
                         for u, w in sorted(f.weights.items(), key=lambda kv: -kv[1])]} for f in fits]
    return {"runs": runs, "skipped": "" if runs else "No donor could be left out: the pool is too small."}


def _in_time_json(fitted: Panel, spec, names: dict) -> dict:
    """The analysis re-run as if the start were IN_TIME_YEARS_EARLIER years earlier, on the years before the real
    start only; skipped, with the reason, when fewer than 3 years would remain before the fake start."""

    fake = spec.treatment_time - IN_TIME_YEARS_EARLIER
    before = sum(1 for t in fitted.times if t < fake)
    out = {"fake_year": fake, "years_earlier": IN_TIME_YEARS_EARLIER}
    if before < IN_TIME_MIN_PRE_PERIODS:
        return {**out, "skipped": f"Not computed: a start in {fake} would leave {before} year(s) before it, and at "
                                  f"least {IN_TIME_MIN_PRE_PERIODS} are needed."}
    try:
        placebo = in_time_placebo(fitted, spec, fake)
    except (ImpactError, np.linalg.LinAlgError, ValueError) as error:
        return {**out, "skipped": f"Not computed: {error}"}
    r = placebo.result
    return {**out, "skipped": "", "average_effect": _num(placebo.average_effect), "pre_rmspe": _num(placebo.pre_rmspe),
            "rmspe_ratio": _num(placebo.rmspe_ratio), "times": [int(t) for t in r.times],
            "treated_outcome": _nums(r.treated_outcome), "synthetic_outcome": _nums(r.synthetic_outcome),
            "gaps": _nums(r.gaps),
            "weights": [{"unit": u, "name": names.get(u, u), "weight": w}
                        for u, w in sorted(r.weights_by_unit.items(), key=lambda kv: -kv[1]) if w > LOO_MIN_WEIGHT]}


def _result_json(analysis, res, placebo, did, names, donors, warnings) -> dict:
    times = [int(t) for t in res.times]
    post = [t >= analysis.treatment_year for t in times]
    synth_post = [s for s, p in zip(res.synthetic_outcome, post) if p]
    post_mean = float(np.nanmean(synth_post)) if synth_post and not np.isnan(synth_post).all() else None
    d = res.diagnostics
    out = {
        "engine": "riep.impact synthetic control (ADH 2010) with in-space placebos; 2x2 difference-in-differences",
        "computed_at": timezone.now().isoformat(),
        "treated_label": res.spec.treated if res.spec.treated != TREATED_KEY else
        f"Average of {', '.join(names.get(t, t) for t in analysis.treated)}",
        "treated": [{"unit": t, "name": names.get(t, t)} for t in analysis.treated],
        "treatment_year": analysis.treatment_year,
        "times": times,
        "treated_outcome": _nums(res.treated_outcome),
        "synthetic_outcome": _nums(res.synthetic_outcome),
        "gaps": _nums(res.gaps),
        "weights": sorted(({"unit": u, "name": names.get(u, u), "weight": w} for u, w in zip(res.donors, res.weights)),
                          key=lambda r: -r["weight"]),
        "balance": [{"predictor": b.predictor, "treated": _num(b.treated), "synthetic": _num(b.synthetic),
                     "donor_mean": _num(b.donor_mean), "importance": _num(b.importance)} for b in d.balance],
        "average_effect": res.average_effect,
        "effect_percent": (100 * res.average_effect / post_mean) if post_mean else None,
        "pre_rmspe": _num(res.pre_rmspe), "post_rmspe": _num(res.post_rmspe), "rmspe_ratio": _num(res.rmspe_ratio),
        "diagnostics": {"max_weight": d.max_weight, "max_weight_donor": names.get(d.max_weight_donor, d.max_weight_donor),
                        "effective_donors": d.effective_donors, "n_donors": d.n_donors, "n_pre_periods": d.n_pre_periods,
                        "hull_distance": _num(d.hull_distance), "outside_hull": bool(d.outside_hull)},
        "donor_pool": len(donors),
        "rmspe_floor": _num(res.rmspe_floor),
        "near_perfect_fit": bool(d.near_perfect_fit), "exact_mixture": bool(d.exact_mixture),
        "missing": _missing_json(res.missing, names),
        "warnings": list(dict.fromkeys(warnings)),
        "placebo": None, "did": None,
    }
    if placebo is not None:
        out["placebo"] = {
            "p_value": placebo.p_value, "rank": placebo.rank, "count": len(placebo.placebos), "ties": placebo.ties,
            "failed": [names.get(u, u) for u in placebo.failed],
            "treated": {"pre_rmspe": _num(placebo.treated.pre_rmspe), "post_rmspe": _num(placebo.treated.post_rmspe),
                        "rmspe_ratio": _num(placebo.treated.rmspe_ratio), "average_effect": placebo.treated.average_effect},
            "units": [{"unit": p.unit, "name": names.get(p.unit, p.unit), "pre_rmspe": _num(p.pre_rmspe),
                       "post_rmspe": _num(p.post_rmspe), "rmspe_ratio": _num(p.rmspe_ratio),
                       "average_effect": _num(p.average_effect), "gaps": _nums(p.gaps)} for p in placebo.placebos],
        }
    if did is not None:
        e = did.effect
        out["did"] = {"estimate": e.estimate, "std_error": e.std_error, "ci_low": e.ci_low, "ci_high": e.ci_high,
                      "p_value": e.p_value, "treated_pre": did.treated_pre, "treated_post": did.treated_post,
                      "control_pre": did.control_pre, "control_post": did.control_post, "n_units": did.n_units,
                      "n_treated": did.n_treated, "n_obs": did.n_obs, "warnings": list(did.warnings)}
    return out


def _missing_json(report, names: dict) -> dict:
    """The gaps report: the treated councils' own gaps first (shown prominently), then the pool's."""
    return {"treated_missing_pre": list(report.treated_missing_pre),
            "treated_missing_post": list(report.treated_missing_post),
            "years_left_out": list(report.years_left_out),
            "dropped_donors": [{"unit": u, "name": names.get(u, u), "reason": why} for u, why in report.dropped_donors],
            "dropped_predictors": list(report.dropped_predictors),
            "predictor_years": [{"predictor": label, "years": n, "treated": t, "fewest_donor": f}
                                for label, n, t, f in report.predictor_years]}


def run_analysis(analysis: ImpactAnalysis, progress=None) -> ImpactAnalysis:
    """Runs and stores the result; on an input problem stores the message and re-raises it."""
    ImpactAnalysis.objects.filter(pk=analysis.pk).update(status=AnalysisStatus.RUNNING, error="")
    try:
        result = compute(analysis, progress)
    except ImpactError as error:
        _finish(analysis, AnalysisStatus.FAILED, {}, str(error))
        raise
    except Exception:
        # A fault of the engine, not of the person's input: say so plainly (the job log keeps the traceback).
        _finish(analysis, AnalysisStatus.FAILED, {}, "The analysis stopped because of a fault in the platform, not "
                "in your panel or choices. The administrators can see the details in the job's log; try again later.")
        raise
    _finish(analysis, AnalysisStatus.SUCCEEDED, result, "")
    return analysis


def _finish(analysis, status, result, error) -> None:
    analysis.status, analysis.result, analysis.error, analysis.finished_at = status, result, error, timezone.now()
    analysis.save(update_fields=["status", "result", "error", "finished_at"])


def create_analysis(user, *, enqueue_job: bool = True, **fields) -> ImpactAnalysis:
    """Creates an analysis and queues the job that runs it. With a user, the project and gain it is attached to must
    be ones they may attach it to (riep.impact.permissions): pages and the API both come through here."""

    if user is not None:
        require_may_attach(user, fields.get("project"), fields.get("gain"))

    analysis = ImpactAnalysis(created_by=user if getattr(user, "pk", None) else None, **fields)
    analysis._history_user = analysis.created_by
    analysis.save()
    if enqueue_job:
        analysis.job = enqueue("impact.run_analysis", {"analysis_id": analysis.pk}, user, subject=analysis,
                               subject_label=analysis.title)
        analysis.save(update_fields=["job"])
    return analysis
