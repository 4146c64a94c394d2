"""Augmented synthetic control with a ridge outcome model (Ben-Michael, Feller & Rothstein 2021, JASA).

Synthetic control leaves a bias when the treated unit's pre-period path is not matched exactly (outside
the donors' hull, or a poor fit). The ridge-augmented estimator corrects it with an outcome model fitted
on the donors: for each post period t, a ridge regression of the donors' Y_t on their centred
pre-period outcomes gives eta_t, and

    Y1_t(0) estimate = sum_j w_j Y_jt + (X1 - X0 w)' eta_t.

The ridge penalty is chosen by generalised cross-validation (closed form through the SVD of the donors'
pre-period outcomes). With a very large penalty eta is 0 and the estimator is synthetic control itself;
with a perfect pre-period fit (X1 = X0 w) the correction vanishes whatever the penalty.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AugmentedResult:
    gaps: tuple[float, ...]  # over post periods
    average_effect: float
    correction: float  # mean over post periods of the ridge correction (augmented minus SC counterfactual)
    ridge_lambda: float


def _gcv_lambda(X: np.ndarray, Y: np.ndarray) -> float:
    """Generalised cross-validation over a log grid: X (J x p) centred, Y (J x m) centred."""
    U, s, _ = np.linalg.svd(X, full_matrices=False)
    UtY = U.T @ Y
    J = X.shape[0]
    best, best_lam = np.inf, 1.0
    top = max(float(s[0]) ** 2, 1e-12)
    for lam in top * np.logspace(-4, 3, 36):
        shrink = s ** 2 / (s ** 2 + lam)
        fitted = U @ (shrink[:, None] * UtY)
        df = float(shrink.sum())
        if df >= J - 1:
            continue
        score = float(np.sum((Y - fitted) ** 2)) / (J - df) ** 2
        if score < best:
            best, best_lam = score, float(lam)
    return best_lam


def augmented_sc(y1: np.ndarray, Y0: np.ndarray, weights: np.ndarray, pre: np.ndarray,
                 ridge_lambda: float | None = None) -> AugmentedResult:
    """``y1`` (T), ``Y0`` (J x T) complete over the periods passed, ``weights`` the SC weights (J),
    ``pre`` bool over the periods. Returns the augmented gaps over the post periods."""
    pre = np.asarray(pre, bool)
    X0, X1 = Y0[:, pre], y1[pre]
    P0 = Y0[:, ~pre]
    mu_x, mu_p = X0.mean(axis=0), P0.mean(axis=0)
    Xc, Pc = X0 - mu_x, P0 - mu_p
    lam = _gcv_lambda(Xc, Pc) if ridge_lambda is None else float(ridge_lambda)
    eta = np.linalg.solve(Xc.T @ Xc + lam * np.eye(Xc.shape[1]), Xc.T @ Pc)  # p x m
    imbalance = X1 - weights @ X0
    sc = weights @ P0
    correction = imbalance @ eta
    gaps = y1[~pre] - (sc + correction)
    return AugmentedResult(tuple(float(g) for g in gaps), float(np.mean(gaps)), float(np.mean(correction)), lam)
