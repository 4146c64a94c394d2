"""Design-based inference for synthetic control (ADH 2010, 2015).

* In-space placebos: every donor is treated in turn, with the real treated unit removed from its
  pool, and the post/pre RMSPE ratios are ranked. The permutation p-value is the share of units
  (treated included) whose ratio is at least the treated unit's.
* In-time placebos: pretend treatment began earlier, using only pre-treatment data.
* Leave-one-out: drop each donor that carries weight and refit.

The placebo sweep reduces the panel to arrays once and refits from them; with ``workers > 1`` the
refits are spread over processes (each is independent).
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from typing import Callable

import numpy as np

from ._blas import single_threaded_blas
from .synth import Design, build_design, fit_synth, fit_weights, gap_summary, unit_floor, unit_gaps
from .types import (
    InSpacePlacebo,
    InTimePlacebo,
    LeaveOneOutFit,
    Panel,
    PlaceboFit,
    SpecError,
    SynthResult,
    SynthSpec,
)

Progress = Callable[[int, int], None]  # (done, total)


def _placebo_gaps(design: Design, positions: list[int], warm_v=None) -> list[np.ndarray | None]:
    """Gaps for each placebo position; the real treated unit (position 0) is never a donor."""
    n = len(design.units)
    out: list[np.ndarray | None] = []
    with single_threaded_blas():
        for p in positions:
            out.append(_one_placebo(design, p, n, warm_v))
    return out


def _one_placebo(design: Design, p: int, n: int, warm_v=None) -> np.ndarray | None:
    donors = np.array([j for j in range(1, n) if j != p])
    try:
        fit = fit_weights(design, p, donors, warm_v=warm_v)
    except (np.linalg.LinAlgError, ValueError):  # a degenerate placebo is reported, not fatal
        return None
    return unit_gaps(design, fit, p, donors)


SWEEP_WARM_START = True  # False: every placebo searched as fully as the treated fit (the bench's baseline)
TIE_RTOL = 1e-6  # ratios this close (relative) are ties: counted as "at least as large", conservatively


def _placebo_fit(unit: str, gaps: np.ndarray, pre: np.ndarray, floor: float = 0.0) -> PlaceboFit:
    pre_rmspe, post_rmspe, ratio, effect = gap_summary(gaps, pre, floor)
    return PlaceboFit(unit, pre_rmspe, post_rmspe, ratio, effect, tuple(float(x) for x in gaps))


def in_space_placebos(
    panel: Panel,
    spec: SynthSpec,
    progress: Progress | None = None,
    workers: int = 1,
    max_pre_mspe_ratio: float | None = None,
    result: SynthResult | None = None,
) -> InSpacePlacebo:
    """Run the whole in-space placebo sweep.

    ``max_pre_mspe_ratio`` optionally discards placebos whose pre-period MSPE exceeds that multiple of
    the treated unit's (ADH 2010 show 20, 5 and 2); by default every placebo counts, which is the
    RMSPE-ratio test ADH recommend because the ratio already penalises poor pre-period fit.
    Pass the treated unit's ``result`` (from ``fit_synth`` with the same spec) to avoid refitting it.
    """
    design = build_design(panel, spec)
    n = len(design.units)
    if n < 3:
        raise SpecError("In-space placebos need at least two donors.")
    if result is not None:
        treated_gaps, warm_v = np.asarray(result.gaps), np.asarray(result.v, float)
    else:
        with single_threaded_blas():
            fit = fit_weights(design, 0, np.arange(1, n))
            treated_gaps, warm_v = unit_gaps(design, fit, 0, np.arange(1, n)), fit.v
    # Warm start: each placebo's V search starts from the treated fit's V too, in the sweep's quicker mode.
    warm_v = warm_v if SWEEP_WARM_START and spec.v_method == "nested" and len(warm_v) == design.X.shape[0] else None
    treated = _placebo_fit(design.units[0], treated_gaps, design.pre, unit_floor(design, 0))

    positions = list(range(1, n))
    total = len(positions)
    gaps: list[np.ndarray | None] = []
    if workers > 1 and total > 1:
        size = max(1, min(16, total // (workers * 8)))  # small chunks: smooth progress, balanced load
        chunks = [positions[i:i + size] for i in range(0, total, size)]
        results: dict[int, np.ndarray | None] = {}
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_placebo_gaps, design, c, warm_v): c for c in chunks}
            for fut in as_completed(futures):
                results.update(zip(futures[fut], fut.result()))
                if progress:
                    progress(len(results), total)
        gaps = [results[p] for p in positions]
    else:
        with single_threaded_blas():
            for i, p in enumerate(positions):
                gaps.append(_one_placebo(design, p, n, warm_v))
                if progress:
                    progress(i + 1, total)

    placebos, failed = [], []
    for p, g in zip(positions, gaps):
        if g is None:
            failed.append(design.units[p])
            continue
        placebos.append(_placebo_fit(design.units[p], g, design.pre, unit_floor(design, p)))
    if max_pre_mspe_ratio is not None:
        limit = max_pre_mspe_ratio * treated.pre_rmspe ** 2
        placebos = [pl for pl in placebos if pl.pre_rmspe ** 2 <= limit]

    p_value, rank, ties = permutation_p_value(treated.rmspe_ratio, [pl.rmspe_ratio for pl in placebos])
    return InSpacePlacebo(
        times=design.times, treated=treated, placebos=tuple(placebos), rank=rank,
        p_value=p_value, failed=tuple(failed), ties=ties,
    )


def permutation_p_value(treated: float, placebos) -> tuple[float, int, int]:
    """(p-value, rank, ties): the share of units, treated included, whose ratio is at least the
    treated one; ratios within TIE_RTOL of it count as ties and as "at least" (the conservative
    choice), and the rank is the treated unit's best-case position (1 = largest)."""
    ratios = np.asarray(list(placebos), dtype=float)
    close = np.isclose(ratios, treated, rtol=TIE_RTOL, atol=0.0) | ((ratios == treated) & np.isinf(ratios))
    above = (ratios > treated) & ~close
    at_least = int(np.sum(above | close))
    return float((at_least + 1) / (len(ratios) + 1)), 1 + int(np.sum(above)), int(np.sum(close))


def in_time_placebo(panel: Panel, spec: SynthSpec, fake_time: int) -> InTimePlacebo:
    """Refit as if treatment began at ``fake_time`` (before the real one), on pre-treatment data
    only. Explicit predictor windows and periods move back by the same distance (ADH 2015)."""
    if fake_time >= spec.treatment_time:
        raise SpecError(f"The placebo time {fake_time} must be before the real treatment time {spec.treatment_time}.")
    offset = fake_time - spec.treatment_time
    keep = np.asarray(panel.times) < spec.treatment_time
    truncated = Panel(
        panel.unit_col, panel.time_col, panel.units,
        tuple(t for t, k in zip(panel.times, keep) if k),
        {c: a[:, keep] for c, a in panel.values.items()},
    )

    def shift(period):
        return None if period is None else (period[0] + offset, period[1] + offset)

    fake_spec = replace(
        spec,
        treatment_time=fake_time,
        predictors=tuple(p.shifted(offset) for p in spec.predictors),
        fit_period=shift(spec.fit_period),
        train_period=shift(spec.train_period),
        validation_period=shift(spec.validation_period),
    )
    result = fit_synth(truncated, fake_spec)
    return InTimePlacebo(fake_time, result.average_effect, result.pre_rmspe, result.rmspe_ratio, result)


def leave_one_out(panel: Panel, spec: SynthSpec, result: SynthResult | None = None,
                  min_weight: float = 1e-6, progress: Progress | None = None) -> tuple[LeaveOneOutFit, ...]:
    """Refit once per donor with positive weight, with that donor removed from the pool."""
    design = build_design(panel, spec)
    n = len(design.units)
    all_donors = np.arange(1, n)
    if result is None:
        with single_threaded_blas():
            weights = fit_weights(design, 0, all_donors).weights
    else:
        weights = np.array([result.weights_by_unit.get(u, 0.0) for u in design.units[1:]])
    out = []
    with single_threaded_blas():
        out = _leave_each_out(design, all_donors, weights, min_weight, progress)
    return tuple(out)


def _leave_each_out(design: Design, all_donors: np.ndarray, weights: np.ndarray, min_weight: float,
                    progress: Progress | None = None) -> list:
    out = []
    dropped = all_donors[weights > min_weight]
    for i, pos in enumerate(dropped):
        if progress:
            progress(i, len(dropped))
        donors = all_donors[all_donors != pos]
        if len(donors) == 0:
            continue
        fit = fit_weights(design, 0, donors)
        gaps = unit_gaps(design, fit, 0, donors)
        pre_rmspe, _, _, effect = gap_summary(gaps, design.pre)
        out.append(LeaveOneOutFit(
            dropped=design.units[pos],
            weights={design.units[d]: float(w) for d, w in zip(donors, fit.weights) if w > min_weight},
            average_effect=effect, pre_rmspe=pre_rmspe, gaps=tuple(float(x) for x in gaps),
        ))
    if progress:
        progress(len(dropped), len(dropped))
    return out
