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
from .optimise import nested_v, outer_loss, regression_start, simplex_qp
from .panel import check_design
from .predictors import default_predictors, predictor_matrix, standardise
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

    all_idx = np.array([panel.unit_index(u) for u in [spec.treated, *donors]])
    X = predictor_matrix(panel, predictors, all_idx, pre_start, pre_end)
    Y = panel.values[spec.outcome][all_idx]
    X_train = predictor_matrix(panel, X_train_specs, all_idx, pre_start, pre_end) if cv else None

    if np.isnan(Y[0]).any():
        bad = int(times[np.isnan(Y[0])][0])
        raise SpecError(f"The treated unit '{spec.treated}' has no '{spec.outcome}' value for {bad}.")
    bad_x = np.isnan(X[:, 0]) if X.size else np.zeros(0, bool)
    if bad_x.any():
        raise SpecError(
            f"The treated unit '{spec.treated}' has no data for predictor "
            f"'{predictors[int(np.flatnonzero(bad_x)[0])].label}'."
        )

    # Donors with gaps in the outcome or a predictor cannot be weighted; drop them, and say so.
    complete = ~np.isnan(Y).any(axis=1) & ~np.isnan(X).any(axis=0)
    if X_train is not None:
        complete &= ~np.isnan(X_train).any(axis=0)
    warnings = []
    dropped = [u for u, ok in zip([spec.treated, *donors], complete) if not ok]
    if dropped:
        warnings.append(
            f"{len(dropped)} donor(s) dropped for missing outcome or predictor data: {', '.join(dropped[:10])}"
            + (" ..." if len(dropped) > 10 else "")
        )
    keep = np.flatnonzero(complete)
    if len(keep) < 2:
        raise SpecError("No donor has complete outcome and predictor data.")
    units = tuple([spec.treated, *donors][i] for i in keep)

    fit = pre.copy()
    if spec.fit_period is not None:
        fit = _period_mask(times, spec.fit_period, "fit", spec.treatment_time)
    if spec.v_method == "custom":
        if spec.custom_v is None or len(spec.custom_v) != len(predictors):
            raise SpecError(f"A custom V needs exactly one importance per predictor ({len(predictors)}).")
        if min(spec.custom_v) < 0 or sum(spec.custom_v) <= 0:
            raise SpecError("Custom V entries must be non-negative and not all zero.")
    if spec.penalty < 0:
        raise SpecError("The penalty (lambda) must be zero or positive.")

    return Design(
        spec=spec, units=units, times=tuple(panel.times), labels=tuple(p.label for p in predictors),
        X=X[:, keep], Y=Y[keep], pre=pre, fit=fit,
        X_train=None if X_train is None else X_train[:, keep],
        validation=validation, warnings=tuple(warnings),
    )


def fit_weights(design: Design, treated: int, donors: np.ndarray) -> Fit:
    """Solve for (W, V) with unit ``treated`` against ``donors`` (positions in ``design.units``)."""
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
        v = nested_v(D, Z0, z1, spec.penalty, starts=[start], n_random=spec.random_starts, seed=spec.seed).v
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


def gap_summary(gaps: np.ndarray, pre: np.ndarray) -> tuple[float, float, float, float]:
    """(pre RMSPE, post RMSPE, post/pre ratio, mean post gap)."""
    pre_rmspe = float(np.sqrt(np.mean(gaps[pre] ** 2)))
    post_rmspe = float(np.sqrt(np.mean(gaps[~pre] ** 2)))
    ratio = post_rmspe / pre_rmspe if pre_rmspe > 0 else float("inf")
    return pre_rmspe, post_rmspe, ratio, float(np.mean(gaps[~pre]))


def result_from_fit(design: Design, fit: Fit, treated: int = 0, donors: np.ndarray | None = None) -> SynthResult:
    if donors is None:
        donors = np.arange(1, len(design.units))
    synthetic = fit.weights @ design.Y[donors]
    gaps = design.Y[treated] - synthetic
    pre_rmspe, post_rmspe, ratio, effect = gap_summary(gaps, design.pre)
    diag = diagnose(design, fit, treated, donors, pre_rmspe)
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
    )


def fit_synth(panel: Panel, spec: SynthSpec) -> SynthResult:
    """Estimate the synthetic control for ``spec.treated`` and return weights, gaps and diagnostics."""
    design = build_design(panel, spec)
    with single_threaded_blas():
        return result_from_fit(design, fit_weights(design, 0, np.arange(1, len(design.units))))
