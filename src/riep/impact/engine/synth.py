"""Synthetic control (Abadie, Diamond & Hainmueller 2010; Abadie & Gardeazabal 2003).

``fit_synth(panel, spec)`` is the public entry point. Internally an analysis is reduced once to a
``Design`` of plain arrays (raw predictors for every usable unit, the outcome matrix, period masks)
so that placebo sweeps can refit hundreds of times without touching the panel again.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ._blas import single_threaded_blas
from .diagnostics import diagnose
from .missing import GapReport, donor_problems, synthetic_path
from .optimise import nested_v, outer_loss, regression_start, simplex_qp
from .panel import check_design
from .predictors import default_predictors, predictor_matrix, predictor_matrix_with_counts, standardise
from .types import Panel, SpecError, SynthResult, SynthSpec


@dataclass(frozen=True, eq=False)
class Design:
    """Arrays for one analysis. Row/column positions index ``units`` (treated first, then donors)."""

    spec: SynthSpec
    units: tuple[str, ...]
    times: tuple[int, ...]
    labels: tuple[str, ...]
    X: np.ndarray  # k x n raw predictors
    Y: np.ndarray  # n x T outcome
    pre: np.ndarray  # bool over times
    fit: np.ndarray  # bool over times: the V search's loss period
    X_train: np.ndarray | None  # predictors measured in the training period (cross-validation)
    validation: np.ndarray | None  # bool over times
    warnings: tuple[str, ...]
    gaps: GapReport = GapReport()


@dataclass(frozen=True)
class Fit:
    weights: np.ndarray  # over the donor positions passed in
    v: np.ndarray
    loss: float


def _period_mask(times: np.ndarray, period: tuple[int, int], name: str, limit: int) -> np.ndarray:
    a, b = period
    if a > b:
        raise SpecError(f"The {name} period {a}:{b} starts after it ends.")
    if b >= limit:
        raise SpecError(f"The {name} period {a}:{b} must end before the treatment time {limit}.")
    mask = (times >= a) & (times <= b)
    if not mask.any():
        raise SpecError(f"The {name} period {a}:{b} contains no period of the panel.")
    return mask


def build_design(panel: Panel, spec: SynthSpec) -> Design:
    check_design(panel, [spec.treated], spec.treatment_time, spec.outcome, spec.min_pre_periods)
    times = np.asarray(panel.times)
    pre = times < spec.treatment_time
    pre_times = [int(t) for t in times[pre]]
    pre_start, pre_end = pre_times[0], pre_times[-1]

    if spec.donors is None:
        donors = [u for u in panel.units if u != spec.treated]
    else:
        donors = list(dict.fromkeys(spec.donors))
        missing = [d for d in donors if d not in panel.units]
        if missing:
            raise SpecError(f"Donor unit(s) not in the panel: {', '.join(missing)}.")
        if spec.treated in donors:
            raise SpecError(f"The treated unit '{spec.treated}' cannot also be a donor.")
    if not donors:
        raise SpecError("The donor pool is empty.")

    predictors = spec.predictors or default_predictors(spec.outcome, pre_times)
    cv = spec.v_method == "cross-validate"
    validation = X_train_specs = None
    if cv:
        if spec.train_period is None or spec.validation_period is None:
            raise SpecError("Cross-validation needs both a training period and a validation period.")
        _period_mask(times, spec.train_period, "training", spec.treatment_time)  # range checks only
        validation = _period_mask(times, spec.validation_period, "validation", spec.treatment_time)
        if spec.train_period[1] >= spec.validation_period[0]:
            raise SpecError("The training period must end before the validation period starts.")
        if not spec.predictors:  # match the outcome in each validation year (main) / training year
            v_times = [int(t) for t in times[validation]]
            predictors = default_predictors(spec.outcome, v_times)
        else:  # default windows mean the validation period in the main model
            predictors = tuple(
                replace(p, start=spec.validation_period[0], end=spec.validation_period[1])
                if p.start is None and p.end is None else p for p in predictors
            )
        # ADH (2015): the training model measures each predictor the same distance earlier.
        offset = spec.train_period[0] - spec.validation_period[0]
        X_train_specs = tuple(p.shifted(offset) for p in predictors)
        for p in X_train_specs:
            if p.end is not None and p.end >= spec.validation_period[0]:
                raise SpecError(
                    f"Predictor '{p.label}' (shifted into the training period) overlaps the validation period; "
                    "use a longer training period or shorter predictor windows."
                )

    all_units = [spec.treated, *donors]
    all_idx = np.array([panel.unit_index(u) for u in all_units])
    Y = panel.values[spec.outcome][all_idx]
    observed = ~np.isnan(Y[0])
    if int((observed & pre).sum()) < spec.min_pre_periods:
        raise SpecError(
            f"The treated unit '{spec.treated}' has '{spec.outcome}' values for only {int((observed & pre).sum())} "
            f"period(s) before {spec.treatment_time}; at least {spec.min_pre_periods} are needed.")
    if not (observed & ~pre).any():
        raise SpecError(f"The treated unit '{spec.treated}' has no '{spec.outcome}' value from {spec.treatment_time} on.")

    explicit = bool(spec.predictors)
    dropped_predictors: list[str] = []
    X = X_train = None
    counts = lengths = None
    if spec.predictors:
        X, counts, lengths = predictor_matrix_with_counts(panel, predictors, all_idx, pre_start, pre_end)
        X_train = predictor_matrix(panel, X_train_specs, all_idx, pre_start, pre_end) if cv else None
        usable = ~np.isnan(X[:, 0])
        if X_train is not None:
            usable &= ~np.isnan(X_train[:, 0])
        dropped_predictors = [predictors[i].label for i in np.flatnonzero(~usable)]
        if dropped_predictors and spec.v_method == "custom":
            raise SpecError(f"The treated unit '{spec.treated}' has no data for predictor '{dropped_predictors[0]}', "
                            "so a custom V (one importance per predictor) cannot be used.")
        if not usable.any():
            raise SpecError(f"The treated unit '{spec.treated}' has no data for any predictor.")
        predictors = tuple(p for p, ok in zip(predictors, usable) if ok)
        X, counts, lengths = X[usable], counts[usable], lengths[usable]
        if X_train is not None:
            X_train = X_train[usable]

    labels = [p.label for p in predictors] if explicit else []
    reasons = donor_problems(all_units, Y, X if X is not None else np.empty((0, len(all_units))), labels, pre,
                             panel.times)
    if X_train is not None:
        for j in range(1, len(all_units)):
            if reasons[j] is None and np.isnan(X_train[:, j]).any():
                reasons[j] = "no data for a predictor in the training period"
    keep = np.array([0] + [j for j in range(1, len(all_units)) if reasons[j] is None])
    dropped = tuple((all_units[j], reasons[j]) for j in range(1, len(all_units)) if reasons[j] is not None)
    if len(keep) < 2:
        shown = "; ".join(f"{u}: {why}" for u, why in dropped[:5])
        raise SpecError(f"No donor has the data the analysis needs ({shown}).")
    units = tuple(all_units[i] for i in keep)
    Y = Y[keep]

    # Pre-period years where every remaining unit has the outcome: the only years the fit can use.
    complete = ~np.isnan(Y).any(axis=0)
    left_out = tuple(int(t) for t in times[pre & observed & ~complete])
    if spec.predictors:
        X, counts = X[:, keep], counts[:, keep]
        X_train = None if X_train is None else X_train[:, keep]
    else:
        fit_years = [int(t) for t in times[pre & complete]]
        if cv:
            fit_years = [t for t in fit_years if validation[times.tolist().index(t)]]
        if not fit_years:
            raise SpecError("No year before the start has the outcome for the treated unit and every donor.")
        predictors = default_predictors(spec.outcome, fit_years)
        sub = Panel(panel.unit_col, panel.time_col, units, panel.times, {spec.outcome: Y})
        X, counts, lengths = predictor_matrix_with_counts(sub, predictors, np.arange(len(units)), pre_start, pre_end)
        if cv:
            offset = spec.train_period[0] - spec.validation_period[0]
            X_train_specs = tuple(p.shifted(offset) for p in predictors)
            X_train = predictor_matrix(sub, X_train_specs, np.arange(len(units)), pre_start, pre_end)
            if np.isnan(X_train).any():
                raise SpecError("The outcome is missing in the training period for the treated unit or a donor.")
    report = GapReport(
        treated_missing_pre=tuple(int(t) for t in times[pre & ~observed]),
        treated_missing_post=tuple(int(t) for t in times[~pre & ~observed]),
        years_left_out=left_out, dropped_donors=dropped, dropped_predictors=tuple(dropped_predictors),
        predictor_years=tuple((p.label, int(n), int(c[0]), int(c[1:].min()))
                              for p, n, c in zip(predictors, lengths, counts)),
    )
    warnings = report.treated_warnings(spec.treated, spec.outcome) + report.pool_warnings()

    fit = pre & complete
    if spec.fit_period is not None:
        fit &= _period_mask(times, spec.fit_period, "fit", spec.treatment_time)
        if not fit.any():
            raise SpecError("No year of the fit period has the outcome for the treated unit and every donor.")
    if validation is not None:
        validation = validation & complete
        if not validation.any():
            raise SpecError("No year of the validation period has the outcome for the treated unit and every donor.")
    if spec.v_method == "custom":
        if spec.custom_v is None or len(spec.custom_v) != len(predictors):  # noqa: SIM114
            raise SpecError(f"A custom V needs exactly one importance per predictor ({len(predictors)}).")
        if min(spec.custom_v) < 0 or sum(spec.custom_v) <= 0:
            raise SpecError("Custom V entries must be non-negative and not all zero.")
    if spec.penalty < 0:
        raise SpecError("The penalty (lambda) must be zero or positive.")

    return Design(
        spec=spec, units=units, times=tuple(panel.times), labels=tuple(p.label for p in predictors),
        X=X, Y=Y, pre=pre, fit=fit, X_train=X_train,
        validation=validation, warnings=tuple(warnings), gaps=report,
    )


def fit_weights(design: Design, treated: int, donors: np.ndarray, warm_v: np.ndarray | None = None) -> Fit:
    """Solve for (W, V) with unit ``treated`` against ``donors`` (positions in ``design.units``).

    ``warm_v`` (the placebo sweep passes the treated unit's V): the nested search adds it to its starts and runs in
    its sweep mode, one descent from the best start (``optimise.nested_v``)."""
    spec = design.spec
    cols = np.concatenate([[treated], donors])
    Xs = standardise(design.X, cols)
    D = Xs[:, donors] - Xs[:, [treated]]
    Y = design.Y
    Z0, z1 = Y[donors][:, design.fit].T, Y[treated, design.fit]
    k = D.shape[0]
    if spec.v_method == "equal":
        v = np.full(k, 1.0 / k)
    elif spec.v_method == "custom":
        v = np.asarray(spec.custom_v, float) / float(np.sum(spec.custom_v))
    elif spec.v_method == "nested":
        start = regression_start(Xs[:, cols], Y[cols][:, design.fit].T)
        starts = [start] if warm_v is None else [start, np.asarray(warm_v, float)]
        v = nested_v(D, Z0, z1, spec.penalty, starts=starts, n_random=spec.random_starts, seed=spec.seed,
                     sweep=warm_v is not None).v
    elif spec.v_method == "cross-validate":
        Xt = standardise(design.X_train, cols)
        Dt = Xt[:, donors] - Xt[:, [treated]]
        val = design.validation
        start = regression_start(Xt[:, cols], Y[cols][:, val].T)
        v = nested_v(Dt, Y[donors][:, val].T, Y[treated, val], spec.penalty, starts=[start],
                     n_random=spec.random_starts, seed=spec.seed).v
    else:
        raise SpecError(f"Unknown V method '{spec.v_method}' (use nested, equal, custom or cross-validate).")
    w = simplex_qp(D, v, spec.penalty).weights
    return Fit(weights=w, v=v, loss=outer_loss(Z0, z1, w))


# The post/pre RMSPE ratio divides by the pre-period RMSPE, which is zero when the donors reproduce
# the treated unit exactly (an exact mixture, or more donors than pre-periods). Below this share of
# the unit's own pre-period variation (standard deviation of its outcome) a fit is treated as
# noise-level: the ratio divides by the floor instead, so placebo ranks rest on the post-period gaps
# rather than on floating-point dust. Pre-period RMSPEs are always reported unfloored.
RMSPE_FLOOR_SHARE = 0.01


def rmspe_floor(y_pre: np.ndarray) -> float:
    """The documented floor for one unit: RMSPE_FLOOR_SHARE x the sd of its pre-period outcome."""
    y = y_pre[~np.isnan(y_pre)]
    if len(y) == 0:
        return 0.0
    sd = float(np.std(y))
    scale = sd if sd > 0 else max(abs(float(np.mean(y))), 1.0) * 1e-3
    return RMSPE_FLOOR_SHARE * scale


def gap_summary(gaps: np.ndarray, pre: np.ndarray, floor: float = 0.0) -> tuple[float, float, float, float]:
    """(pre RMSPE, post RMSPE, post/pre ratio, mean post gap), over the periods that have a gap; the
    ratio's denominator is at least ``floor`` (see RMSPE_FLOOR_SHARE)."""
    g_pre, g_post = gaps[pre], gaps[~pre]
    g_pre, g_post = g_pre[~np.isnan(g_pre)], g_post[~np.isnan(g_post)]
    pre_rmspe = float(np.sqrt(np.mean(g_pre ** 2))) if len(g_pre) else float("nan")
    post_rmspe = float(np.sqrt(np.mean(g_post ** 2))) if len(g_post) else float("nan")
    denominator = max(pre_rmspe, floor)
    ratio = post_rmspe / denominator if denominator > 0 else float("inf")
    return pre_rmspe, post_rmspe, ratio, float(np.mean(g_post)) if len(g_post) else float("nan")


def unit_gaps(design: Design, fit: Fit, treated: int, donors: np.ndarray) -> np.ndarray:
    return design.Y[treated] - synthetic_path(fit.weights, design.Y[donors])


def unit_floor(design: Design, unit: int) -> float:
    return rmspe_floor(design.Y[unit, design.pre])


def result_from_fit(design: Design, fit: Fit, treated: int = 0, donors: np.ndarray | None = None) -> SynthResult:
    if donors is None:
        donors = np.arange(1, len(design.units))
    synthetic = synthetic_path(fit.weights, design.Y[donors])
    gaps = design.Y[treated] - synthetic
    floor = unit_floor(design, treated)
    pre_rmspe, post_rmspe, ratio, effect = gap_summary(gaps, design.pre, floor)
    diag = diagnose(design, fit, treated, donors, pre_rmspe, floor)
    return SynthResult(
        spec=design.spec,
        donors=tuple(design.units[i] for i in donors),
        weights=tuple(float(x) for x in fit.weights),
        predictor_labels=design.labels,
        v=tuple(float(x) for x in fit.v),
        times=design.times,
        treated_outcome=tuple(float(x) for x in design.Y[treated]),
        synthetic_outcome=tuple(float(x) for x in synthetic),
        gaps=tuple(float(x) for x in gaps),
        pre_rmspe=pre_rmspe,
        post_rmspe=post_rmspe,
        rmspe_ratio=ratio,
        average_effect=effect,
        fit_loss=fit.loss,
        diagnostics=diag,
        missing=design.gaps,
        rmspe_floor=floor,
    )


def fit_synth(panel: Panel, spec: SynthSpec) -> SynthResult:
    """Estimate the synthetic control for ``spec.treated`` and return weights, gaps and diagnostics."""
    design = build_design(panel, spec)
    with single_threaded_blas():
        return result_from_fit(design, fit_weights(design, 0, np.arange(1, len(design.units))))
