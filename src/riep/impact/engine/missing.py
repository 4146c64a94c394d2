"""Gaps in a panel, handled as the reference implementations (R ``Synth``, pysyncon) handle them.

* A predictor is the mean of its column over the years of its window that are present; the number
  of years used is kept for the balance table.
* A donor with no value at all in a predictor's window, or no outcome in some post-treatment
  period (its share of the counterfactual there would be unknown), or outcomes missing in more
  than a third of the pre-treatment periods, leaves the donor pool; the reason is listed.
* Pre-treatment years in which a remaining unit lacks the outcome are left out of the fit (the V
  loss and the default predictors) and reported.
* The treated unit's own gaps are reported first: a missing pre-period year leaves the fit; a
  missing post-period year has no gap and no share in the average effect; a predictor the treated
  unit lacks entirely is dropped from the analysis (nothing could be balanced on it).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_PRE_GAP_SHARE = 1 / 3  # a donor missing more than this share of pre-period outcomes is dropped


@dataclass(frozen=True)
class GapReport:
    """What the gaps did to one analysis, in plain words (shown prominently on pages and in JSON)."""

    treated_missing_pre: tuple[int, ...] = ()
    treated_missing_post: tuple[int, ...] = ()
    years_left_out: tuple[int, ...] = ()  # pre-period years out of the fit because a donor lacks them
    dropped_donors: tuple[tuple[str, str], ...] = ()  # (donor, reason)
    dropped_predictors: tuple[str, ...] = ()  # the treated unit has no data in their window
    predictor_years: tuple[tuple[str, int, int, int], ...] = ()  # (label, window years, treated used, fewest donor)

    @property
    def any(self) -> bool:
        return bool(self.treated_missing_pre or self.treated_missing_post or self.years_left_out
                    or self.dropped_donors or self.dropped_predictors)

    def treated_warnings(self, treated: str, outcome: str) -> list[str]:
        out = []
        if self.treated_missing_pre:
            out.append(f"The treated unit '{treated}' has no '{outcome}' value for {_years(self.treated_missing_pre)} "
                       "before the start: those years are left out of the fit and of the pre-period RMSPE.")
        if self.treated_missing_post:
            out.append(f"The treated unit '{treated}' has no '{outcome}' value for {_years(self.treated_missing_post)} "
                       "after the start: there is no estimated effect for those years and the average leaves them out.")
        for label in self.dropped_predictors:
            out.append(f"The treated unit '{treated}' has no data for predictor '{label}': it is left out of the "
                       "analysis.")
        return out

    def pool_warnings(self) -> list[str]:
        out = []
        if self.dropped_donors:
            shown = "; ".join(f"{u} ({why})" for u, why in self.dropped_donors[:10])
            more = f" and {len(self.dropped_donors) - 10} more" if len(self.dropped_donors) > 10 else ""
            out.append(f"{len(self.dropped_donors)} donor(s) dropped for missing data: {shown}{more}.")
        if self.years_left_out:
            out.append(f"{_years(self.years_left_out)} left out of the fit: a donor has no outcome value there.")
        return out


def _years(years) -> str:
    years = list(years)
    return ", ".join(str(y) for y in years[:8]) + (f" and {len(years) - 8} more" if len(years) > 8 else "")


def window_means(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per unit (rows): the mean over the columns present and how many were present."""
    count = np.sum(~np.isnan(block), axis=1)
    total = np.nansum(block, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan), count


def donor_problems(units: list[str], Y: np.ndarray, X: np.ndarray, labels: list[str], pre: np.ndarray,
                   times: tuple[int, ...]) -> list[str | None]:
    """For each donor row (positions 1..), why it cannot be used, or None. Row 0 is the treated unit."""
    reasons: list[str | None] = [None]
    post_idx = np.flatnonzero(~pre)
    n_pre = int(pre.sum())
    for j in range(1, len(units)):
        reason = None
        lacking = [labels[i] for i in range(X.shape[0]) if np.isnan(X[i, j])]
        missing_post = [times[t] for t in post_idx if np.isnan(Y[j, t])]
        missing_pre = int(np.isnan(Y[j, pre]).sum())
        if lacking:
            reason = f"no data for predictor '{lacking[0]}'" + (f" and {len(lacking) - 1} more" if len(lacking) > 1 else "")
        elif missing_post:
            reason = f"no outcome after the start ({_years(missing_post)})"
        elif missing_pre > MAX_PRE_GAP_SHARE * n_pre:
            reason = f"outcome missing in {missing_pre} of {n_pre} years before the start"
        reasons.append(reason)
    return reasons


def synthetic_path(weights: np.ndarray, Y0: np.ndarray) -> np.ndarray:
    """weights @ Y0, NaN in a period where a donor with weight has no value (weightless gaps are harmless)."""
    filled = np.where(np.isnan(Y0), 0.0, Y0)
    out = weights @ filled
    holes = (weights > 0) @ np.isnan(Y0)
    return np.where(holes > 0, np.nan, out)
