"""Estimators side by side, and a plain-English verdict: do they agree, and if not, the likely reason.

Each estimator answers the same question (the average effect after the start) under different
assumptions: synthetic control needs a good pre-period fit; difference-in-differences needs parallel
trends; synthetic DiD needs neither exactly but reweights both units and years; augmented synthetic
control corrects SC's imbalance with an outcome model. When they disagree the diagnostics usually say
which assumption failed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

POOR_FIT = 0.5  # pre-period RMSPE above this share of the treated unit's own variation
SMALL_POOL = 10  # fewer donors than this: weights rest on few comparisons
DRIFT_NOISE = 2.0  # pre-period drift of the treated-minus-controls gap beyond this many residual sds


@dataclass(frozen=True)
class EstimatorRow:
    key: str
    name: str
    effect: float
    low: float | None
    high: float | None
    interval: str  # what the interval is, e.g. "90% conformal interval"


@dataclass(frozen=True)
class PreTrend:
    drift: float  # change in (treated - average control) over the pre-period, from a straight-line fit
    noise: float  # residual sd of that line

    @property
    def parallel(self) -> bool:
        return abs(self.drift) <= DRIFT_NOISE * max(self.noise, 1e-12)


@dataclass(frozen=True)
class Verdict:
    agree: bool
    headline: str
    reasons: tuple[str, ...]


def pre_trend(treated: np.ndarray, controls: np.ndarray, years: np.ndarray) -> PreTrend:
    """Straight line through the pre-period gap between the treated path and the average control."""
    gap = treated - np.nanmean(controls, axis=0)
    ok = ~np.isnan(gap)
    x, g = years[ok].astype(float), gap[ok]
    if len(g) < 3:
        return PreTrend(0.0, 0.0)
    slope, intercept = np.polyfit(x, g, 1)
    resid = g - (slope * x + intercept)
    return PreTrend(float(slope * (x[-1] - x[0])), float(np.std(resid, ddof=2)))


def _overlap(a: EstimatorRow, b: EstimatorRow) -> bool:
    lo_a, hi_a = (a.low if a.low is not None else -np.inf), (a.high if a.high is not None else np.inf)
    lo_b, hi_b = (b.low if b.low is not None else -np.inf), (b.high if b.high is not None else np.inf)
    return lo_a <= hi_b and lo_b <= hi_a


def _excludes_zero(r: EstimatorRow) -> bool:
    return (r.low is not None and r.low > 0) or (r.high is not None and r.high < 0)


def _fmt(x: float) -> str:
    return f"{x:,.2f}".replace("-", "\u2212")  # the pages' one minus sign


def verdict(rows: list[EstimatorRow], *, pre_fit_share: float, trend: PreTrend | None, n_donors: int,
            unit: str = "") -> Verdict:
    """Agree: every pair of intervals overlaps and the point estimates share a sign (or every interval
    includes zero). Otherwise disagree, with the diagnostics that explain it."""
    rows = [r for r in rows if r.effect is not None and np.isfinite(r.effect)]
    if len(rows) < 2:
        return Verdict(True, "Only one estimator could run, so there is nothing to compare.", ())
    u = f" {unit}" if unit else ""
    low, high = min(r.effect for r in rows), max(r.effect for r in rows)
    overlap = all(_overlap(a, b) for i, a in enumerate(rows) for b in rows[i + 1:])
    signs = {np.sign(r.effect) for r in rows}
    with_interval = [r for r in rows if r.low is not None or r.high is not None]
    clear = [r for r in with_interval if _excludes_zero(r)]
    reasons = []
    if pre_fit_share > POOR_FIT:
        reasons.append(f"Synthetic control's fit before the start is poor (its RMSPE is {pre_fit_share:.0%} of the "
                       "treated councils' own variation), so its counterfactual, and the augmented one built on it, "
                       "are unreliable.")
    if trend is not None and not trend.parallel:
        reasons.append(f"Trends before the start were not parallel: the gap between the treated councils and the "
                       f"average comparison council drifted by {_fmt(trend.drift)}{u} over the years before the start, "
                       "so plain difference-in-differences is biased; synthetic control and synthetic DiD reweight "
                       "the comparison councils to correct for it.")
    if n_donors < SMALL_POOL:
        reasons.append(f"The donor pool is small ({n_donors} councils): every estimate rests on few comparisons.")
    agree = overlap and (len(signs) == 1 or not clear)
    span = f"from {_fmt(low)} to {_fmt(high)}{u} a year"
    if agree:
        if clear and len(clear) == len(with_interval):
            headline = f"The estimators agree: every one finds an effect of the same sign ({span}) and every interval excludes zero."
        elif clear:
            wide = [r.name.lower() for r in with_interval if r not in clear]
            headline = (f"The estimators agree: every one finds an effect of the same sign ({span}), and "
                        f"{len(clear)} of the {len(with_interval)} intervals exclude zero; the interval of "
                        + ", ".join(wide) + " includes it, so that method alone would not be conclusive.")
        else:
            headline = f"The estimators agree that there is no clear effect ({span}; every interval includes zero)."
        return Verdict(True, headline, tuple(reasons))
    if not reasons:
        reasons.append("No single diagnostic explains it: the methods weight the comparison councils differently "
                       "(compare the donor weights with synthetic DiD's unit weights).")
    headline = (f"The estimators disagree ({span}): "
                + ("their intervals do not all overlap." if not overlap else "they point in different directions."))
    return Verdict(False, headline, tuple(reasons))
