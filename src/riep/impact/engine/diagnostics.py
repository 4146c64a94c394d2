"""Diagnostics returned with every synthetic-control fit: fit quality, balance, donor concentration,
and the warnings a careful analyst would raise before trusting the counterfactual."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .optimise import simplex_qp
from .predictors import standardise
from .types import BalanceRow, Diagnostics

if TYPE_CHECKING:  # avoid an import cycle at run time
    from .synth import Design, Fit

# A treated unit whose standardised predictors sit more than this (RMS, in donor-pool standard
# deviations) from the nearest convex combination of donors cannot be reproduced by any weights.
HULL_TOLERANCE = 0.05
CONCENTRATION_WARNING = 0.8


def diagnose(design: "Design", fit: "Fit", treated: int, donors: np.ndarray, pre_rmspe: float,
             floor: float = 0.0) -> Diagnostics:
    w = fit.weights
    X = design.X
    x1, X0 = X[:, treated], X[:, donors]
    balance = tuple(
        BalanceRow(label, float(x1[i]), float(X0[i] @ w), float(X0[i].mean()), float(fit.v[i]))
        for i, label in enumerate(design.labels)
    )
    top = int(np.argmax(w))
    eff = float(1.0 / np.sum(w * w))
    n_pre = int(design.pre.sum())

    # Convex-hull checks: a predictor outside the donors' range, or a positive QP distance with
    # equal importances, both mean no weighting of donors can reproduce the treated unit.
    cols = np.concatenate([[treated], donors])
    Xs = standardise(X, cols)
    D = Xs[:, donors] - Xs[:, [treated]]
    k = D.shape[0]
    hull_dist = float(np.sqrt(max(simplex_qp(D, np.full(k, 1.0 / k)).loss, 0.0))) if k else 0.0
    below = [design.labels[i] for i in range(k) if x1[i] < X0[i].min()]
    above = [design.labels[i] for i in range(k) if x1[i] > X0[i].max()]
    outside = bool(below or above or hull_dist > HULL_TOLERANCE)

    warnings = list(design.warnings)
    if below or above:
        parts = []
        if above:
            parts.append("above every donor on " + ", ".join(above))
        if below:
            parts.append("below every donor on " + ", ".join(below))
        warnings.append(
            "The treated unit lies outside the donors' convex hull: it is " + "; ".join(parts)
            + ". No weighting of donors can match it there; interpret the fit with care."
        )
    elif hull_dist > HULL_TOLERANCE:
        warnings.append(
            f"The treated unit lies outside the donors' convex hull (nearest convex combination is "
            f"{hull_dist:.2f} standard deviations away on average across predictors)."
        )
    n_donors = len(donors)
    if design.spec.penalty == 0 and n_donors > n_pre:
        warnings.append(
            f"There are {n_donors} donors but only {n_pre} pre-treatment periods: the weights can overfit "
            "noise. Consider a smaller, more similar donor pool or a penalty (Abadie-L'Hour lambda)."
        )
    if w[top] >= CONCENTRATION_WARNING:
        warnings.append(
            f"One donor ({design.units[donors[top]]}) carries {w[top]:.0%} of the weight: the "
            "counterfactual is essentially that single unit."
        )
    pre_y = design.Y[treated, design.pre]
    pre_y = pre_y[~np.isnan(pre_y)]
    spread = float(np.std(pre_y))
    near_perfect = bool(pre_rmspe <= floor)
    exact = bool(near_perfect and hull_dist <= 1e-6 and pre_rmspe <= 1e-6 * max(spread, 1e-12) + 1e-12)
    if exact:
        warnings.append(
            "The treated unit is an exact mixture of donors: the synthetic control reproduces it to rounding error "
            "before the start. The post/pre RMSPE ratio then divides by the documented floor (1% of the unit's "
            "own pre-period variation), not by zero; rely on the size of the post-period gaps, the conformal "
            "interval and the other estimators rather than on the ratio alone.")
    elif near_perfect:
        warnings.append(
            f"Near-perfect pre-period fit (RMSPE {pre_rmspe:.3g}, below 1% of the treated unit's own variation): "
            "with many donors and few years the weights can fit noise exactly. The ratio uses the documented floor "
            f"({floor:.3g}) as its denominator; prefer a penalty, fewer donors or more pre-period years.")
    if spread > 0 and pre_rmspe > 0.5 * spread:
        warnings.append(
            f"Poor pre-treatment fit: the pre-period RMSPE ({pre_rmspe:.3g}) is more than half the "
            f"treated unit's own pre-period variation ({spread:.3g}); the estimate is unreliable."
        )
    return Diagnostics(
        pre_rmspe=pre_rmspe,
        balance=balance,
        max_weight=float(w[top]),
        max_weight_donor=design.units[donors[top]],
        effective_donors=eff,
        n_donors=n_donors,
        n_pre_periods=n_pre,
        hull_distance=hull_dist,
        outside_hull=outside,
        warnings=tuple(warnings),
        near_perfect_fit=near_perfect,
        exact_mixture=exact,
    )
