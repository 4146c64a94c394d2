"""Every estimator on one analysis, side by side, with the plain-English verdict (riep.impact.engine.compare).

Synthetic control (with its conformal interval, Chernozhukov-Wüthrich-Zhu 2021, beside the permutation test),
ridge-augmented synthetic control, 2x2 difference-in-differences and synthetic difference-in-differences; each
that cannot run says why instead of failing the analysis."""
from __future__ import annotations

import math

import numpy as np

from riep.impact.engine.compare import EstimatorRow, pre_trend, verdict
from riep.impact.engine.conformal import augmented_for, conformal_for
from riep.impact.engine.sdid import sdid
from riep.impact.engine.types import ImpactError, Panel

SDID_REPLICATIONS = 200


def _num(x):
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else float(x)


def comparison(full: Panel, fitted: Panel, spec, res, did, treated: list[str], donors: list[str], names: dict,
               unit_label: str = "", staggered=None) -> dict:
    rows: list[EstimatorRow] = []
    skipped: dict[str, str] = {}
    conformal = augmented = synth_did = None
    try:
        conformal = conformal_for(fitted, spec, res)
    except (ImpactError, np.linalg.LinAlgError, ValueError) as error:
        skipped["sc"] = f"Conformal interval not computed: {error}"
    sc_name = (f"Penalised synthetic control (lambda {spec.penalty:g})" if spec.penalty else "Synthetic control")
    rows.append(EstimatorRow("sc", sc_name, res.average_effect, conformal.low if conformal else None,
                             conformal.high if conformal else None,
                             f"{conformal.level:.0%} conformal interval" if conformal else "no interval"))
    try:
        augmented = augmented_for(fitted, spec, res)
        rows.append(EstimatorRow("ascm", "Augmented synthetic control (ridge)", augmented.average_effect, None, None,
                                 "no interval (point estimate; its correction is shown)"))
    except (ImpactError, np.linalg.LinAlgError, ValueError) as error:
        skipped["ascm"] = f"Augmented synthetic control not computed: {error}"
    if did is not None:
        e = did.effect
        rows.append(EstimatorRow("did", "Difference-in-differences", e.estimate, e.ci_low, e.ci_high,
                                 "95% interval (clustered by council)"))
    if staggered is not None:
        e = staggered.overall
        rows.append(EstimatorRow("staggered", "Staggered difference-in-differences (Callaway and Sant'Anna)",
                                 e.estimate, _num(e.ci_low), _num(e.ci_high),
                                 "95% interval (each council from its own start; never-treated comparison councils)"))
    try:
        sub = Panel(full.unit_col, full.time_col, tuple(treated + donors), full.times,
                    {spec.outcome: full.values[spec.outcome][[full.unit_index(u) for u in treated + donors]]})
        # The paper's advice: the jackknife with several treated councils, placebo draws with one.
        method = "jackknife" if len(treated) > 1 else "placebo"
        synth_did = sdid(sub, spec.outcome, treated, spec.treatment_time, se_method=method,
                         replications=SDID_REPLICATIONS)
        how = "jackknife standard error" if method == "jackknife" else f"placebo standard error, {synth_did.replications} draws"
        rows.append(EstimatorRow("sdid", "Synthetic difference-in-differences", synth_did.estimate, synth_did.ci_low,
                                 synth_did.ci_high, f"95% interval ({how})"))
    except (ImpactError, np.linalg.LinAlgError, ValueError) as error:
        skipped["sdid"] = f"Synthetic difference-in-differences not computed: {error}"

    y = fitted.values[spec.outcome]
    times = np.asarray(fitted.times)
    pre = times < spec.treatment_time
    trend = pre_trend(y[0, pre], y[1:, pre], times[pre])
    pre_y = y[0, pre][~np.isnan(y[0, pre])]
    spread = float(np.std(pre_y)) if len(pre_y) else 0.0
    share = res.pre_rmspe / spread if spread > 0 else 0.0
    v = verdict(rows, pre_fit_share=share, trend=trend, n_donors=len(res.donors), unit=unit_label)
    return {
        "rows": [{"key": r.key, "name": r.name, "effect": _num(r.effect), "low": _num(r.low), "high": _num(r.high),
                  "interval": r.interval} for r in rows],
        "verdict": {"agree": v.agree, "headline": v.headline, "reasons": list(v.reasons)},
        "skipped": skipped,
        "pre_trend": {"drift": _num(trend.drift), "noise": _num(trend.noise), "parallel": trend.parallel},
        "pre_fit_share": _num(share),
        "conformal": None if conformal is None else {
            "level": conformal.level, "low": _num(conformal.low), "high": _num(conformal.high),
            "p_value_zero": conformal.p_value_zero, "permutations": conformal.permutations, "note": conformal.note},
        "augmented": None if augmented is None else {
            "average_effect": augmented.average_effect, "correction": augmented.correction,
            "ridge_lambda": augmented.ridge_lambda},
        "sdid": None if synth_did is None else {
            "estimate": synth_did.estimate, "se_method": synth_did.se_method, "std_error": _num(synth_did.std_error), "ci_low": _num(synth_did.ci_low),
            "ci_high": _num(synth_did.ci_high), "replications": synth_did.replications,
            "unit_weights": [{"unit": u, "name": names.get(u, u), "weight": w} for u, w in synth_did.unit_weights
                             if w > 1e-6],
            "time_weights": [{"period": t, "weight": w} for t, w in synth_did.time_weights if w > 1e-6],
            "warnings": list(synth_did.warnings)},
    }
