"""A placebo-free interval for a synthetic-control effect: conformal inference in the style of
Chernozhukov, Wüthrich & Zhu (2021, JASA, "An exact and robust conformal inference method for
counterfactual and synthetic controls").

For a hypothesised constant effect theta the treated outcome after the start is set to y - theta, the
synthetic-control weights are refitted on every period (before and after) under that null, and the
residuals u_t are kept. Under the null the residuals are (approximately) exchangeable in time, so the
test statistic S = sum over post periods of |u_t| / sqrt(T_post) is compared with its value under each
of the T cyclic shifts of time (the moving-block permutations, which respect serial correlation):

    p(theta) = share of shifts j with S(u shifted by j) >= S(u).

The interval is the span of every theta with p(theta) > alpha (the accepted set need not be convex:
with a large hypothesised effect the refitted weights can move towards extreme donors; the span is
the conservative summary). Its level is limited by the number of periods: with
T periods the smallest attainable p is 1/T, so a 1 - alpha interval needs T > 1/alpha (90%: at least 11
periods); otherwise it is reported as unbounded. The weights are the simplex-constrained least-squares
fit of the outcome (CWZ's "synthetic control" estimator), computed by the exact QP.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .optimise import SimplexQP

DEFAULT_ALPHA = 0.10  # CWZ report 90% intervals; with council panels of 15-20 years 95% is often unattainable


@dataclass(frozen=True)
class ConformalResult:
    level: float  # e.g. 0.9
    low: float | None  # None: unbounded below (no theta in the search range is rejected on that side)
    high: float | None
    p_value_zero: float  # the conformal p-value of "no effect"
    permutations: int
    periods_used: int
    note: str = ""


def _p_value(y1: np.ndarray, Y0: np.ndarray, post: np.ndarray, theta: float) -> float:
    y = y1 - theta * post
    D = Y0 - y[:, None]  # periods x donors: on the simplex, y - Y0 w = -(D w)
    w = SimplexQP(D).solve(np.ones(len(y))).weights
    u = np.abs(y - Y0 @ w)
    T = len(u)
    idx = np.flatnonzero(post)
    stats = np.array([u[(idx - j) % T].sum() for j in range(T)])  # shift 0 is the observed order
    return float(np.mean(stats >= stats[0] * (1 - 1e-9)))


def conformal_interval(y1: np.ndarray, Y0: np.ndarray, post: np.ndarray, estimate: float, scale: float,
                       alpha: float = DEFAULT_ALPHA, grid: int = 81) -> ConformalResult:
    """``y1``: the treated outcome over the periods used (T); ``Y0``: donors' outcomes (T x J); ``post``:
    bool over those periods. The search runs over estimate +- 8 x ``scale`` (a spread of the outcome),
    on a grid refined by bisection at each end of the accepted set."""
    post = np.asarray(post, bool)
    T = len(y1)
    p0 = _p_value(y1, Y0, post, 0.0)
    if T * alpha < 1:
        return ConformalResult(1 - alpha, None, None, p0, T, T,
                               f"Only {T} periods: the smallest possible p-value is 1/{T}, so no {1 - alpha:.0%} "
                               "interval can exclude anything.")
    span = 8.0 * max(scale, 1e-9)
    for _ in range(4):  # widen the search until both ends are rejected (the accepted set need not be convex)
        thetas = np.linspace(estimate - span, estimate + span, grid)
        accepted = np.array([_p_value(y1, Y0, post, t) > alpha for t in thetas])
        if not (accepted[0] or accepted[-1]):
            break
        span *= 2.0
    if not accepted.any():  # even the point estimate is rejected: the fit is too poor for this test
        return ConformalResult(1 - alpha, None, None, p0, T, T, "No effect size in the search range is accepted.")
    first, last = int(np.argmax(accepted)), len(accepted) - 1 - int(np.argmax(accepted[::-1]))

    def edge(inside: float, outside: float) -> float:
        for _ in range(20):
            mid = 0.5 * (inside + outside)
            if _p_value(y1, Y0, post, mid) > alpha:
                inside = mid
            else:
                outside = mid
        return inside

    low = None if first == 0 else edge(thetas[first], thetas[first - 1])
    high = None if last == len(thetas) - 1 else edge(thetas[last], thetas[last + 1])
    note = "" if low is not None and high is not None else "The interval reaches the edge of the search range."
    return ConformalResult(1 - alpha, low, high, p0, T, T, note)


def conformal_for(panel, spec, result, alpha: float = DEFAULT_ALPHA) -> ConformalResult:
    """The conformal interval for a fitted synthetic control: the periods every unit of the design has
    (the fit years and the treated unit's observed post years)."""
    from .synth import build_design  # noqa: PLC0415 (synth imports nothing from here; keep the engine acyclic)

    design = build_design(panel, spec)
    keep = (design.fit | ~design.pre) & ~np.isnan(design.Y[0])
    y1, Y0 = design.Y[0, keep], design.Y[1:, keep].T
    post = ~design.pre[keep]
    spread = float(np.std(y1[~post])) or 1.0
    return conformal_interval(y1, Y0, post, result.average_effect, spread, alpha)


def augmented_for(panel, spec, result):
    """Ridge-augmented synthetic control on the same design and weights."""
    from .augmented import augmented_sc  # noqa: PLC0415
    from .synth import build_design  # noqa: PLC0415

    design = build_design(panel, spec)
    keep = (design.fit | ~design.pre) & ~np.isnan(design.Y[0])
    return augmented_sc(design.Y[0, keep], design.Y[1:, keep], np.asarray(result.weights), design.pre[keep])
