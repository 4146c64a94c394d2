"""Difference-in-differences: 2x2 / two-way fixed effects, TWFE event study, and staggered adoption
(Callaway & Sant'Anna 2021).

The regressions run through pyfixest (``feols`` with unit and time fixed effects and standard errors
clustered by unit, or by a coarser grouping of units). Callaway-Sant'Anna is implemented here in
numpy: without covariates each ATT(g,t) is a difference of mean changes, and its standard error
follows from unit-level influence functions, which are clustered by unit by construction.
"""
from __future__ import annotations

import math
import warnings as _warnings
from typing import Literal, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .panel import UnitNotFoundError, check_design
from .types import (
    DiDResult,
    Estimate,
    EventStudyResult,
    EventTimeEstimate,
    GroupTimeATT,
    Panel,
    SpecError,
    StaggeredResult,
)

Z_95 = float(stats.norm.ppf(0.975))


def _long(panel: Panel, outcome: str, clusters: Mapping[str, str] | None) -> pd.DataFrame:
    n, T = len(panel.units), len(panel.times)
    df = pd.DataFrame({
        "unit": np.repeat(np.asarray(panel.units, dtype=object), T),
        "time": np.tile(np.asarray(panel.times), n),
        "y": panel.values[outcome].reshape(-1),
    })
    if clusters is not None:
        missing = [u for u in panel.units if u not in clusters]
        if missing:
            raise SpecError(f"No cluster given for unit(s): {', '.join(missing[:5])}.")
        df["cluster"] = df["unit"].map(clusters).astype(str)
    else:
        df["cluster"] = df["unit"]
    return df.dropna(subset=["y"]).reset_index(drop=True)


def _feols(formula: str, df: pd.DataFrame):
    import pyfixest as pf  # imported lazily: its first call compiles, which costs a second or two  # noqa: PLC0415 (pyfixest is slow to load: only difference-in-differences runs pay for it)

    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        return pf.feols(formula, data=df, vcov={"CRV1": "cluster"})


def _estimate(row: Mapping[str, float]) -> Estimate:
    return Estimate(float(row["Estimate"]), float(row["Std. Error"]), float(row["2.5%"]),
                    float(row["97.5%"]), float(row["Pr(>|t|)"]))


def _check_treated(panel: Panel, treated: Sequence[str]) -> None:
    if not treated:
        raise SpecError("Name at least one treated unit.")
    for u in treated:
        if u not in panel.units:
            raise UnitNotFoundError(f"Treated unit '{u}' is not in the panel's '{panel.unit_col}' column.")


def did_2x2(
    panel: Panel,
    outcome: str,
    treated: Sequence[str],
    treatment_time: int,
    clusters: Mapping[str, str] | None = None,
    min_pre_periods: int = 1,
) -> DiDResult:
    """Treated units vs all others, before vs from ``treatment_time``: the TWFE coefficient on
    treated x post (identical to the difference of four means in a balanced panel)."""
    _check_treated(panel, treated)
    check_design(panel, treated, treatment_time, outcome, min_pre_periods)
    df = _long(panel, outcome, clusters)
    is_treated = df["unit"].isin(set(treated))
    post = df["time"] >= treatment_time
    if (~is_treated).sum() == 0:
        raise SpecError("Every unit is treated: there is no comparison group.")
    df["treat_post"] = (is_treated & post).astype(float)
    fit = _feols("y ~ treat_post | unit + time", df)
    est = _estimate(fit.tidy().loc["treat_post"])
    means = df.groupby([is_treated, post])["y"].mean()
    n_clusters = df["cluster"].nunique()
    notes = []
    if n_clusters < 30:
        notes.append(
            f"Only {n_clusters} clusters: cluster-robust standard errors are unreliable with few clusters; "
            "prefer placebo (permutation) inference."
        )
    if len(treated) == 1:
        notes.append("A single treated unit: the standard error reflects only control-group variation.")
    return DiDResult(
        effect=est,
        treated_pre=float(means.get((True, False), math.nan)),
        treated_post=float(means.get((True, True), math.nan)),
        control_pre=float(means.get((False, False), math.nan)),
        control_post=float(means.get((False, True), math.nan)),
        n_units=int(df["unit"].nunique()),
        n_treated=len(set(treated)),
        n_obs=len(df),
        cluster="unit" if clusters is None else "custom",
        warnings=tuple(notes),
    )


def event_study(
    panel: Panel,
    outcome: str,
    adoption: Mapping[str, int],
    reference: int = -1,
    clusters: Mapping[str, str] | None = None,
) -> EventStudyResult:
    """TWFE event study: y ~ sum_e 1[t - g_i = e] | unit + time, relative to ``reference``.

    ``adoption`` maps each treated unit to its first treated period; other units are never treated.
    With staggered adoption and heterogeneous effects these coefficients are contaminated by
    already-treated comparisons (Sun & Abraham 2021); use ``callaway_santanna`` then."""
    _check_treated(panel, list(adoption))
    df = _long(panel, outcome, clusters)
    g = df["unit"].map(adoption)
    rel = (df["time"] - g).where(g.notna(), reference)
    df["rel"] = rel.astype(int)
    if (df["rel"] == reference).sum() == 0 or df.loc[g.notna(), "rel"].nunique() < 2:
        raise SpecError("The event study needs treated units observed both before and after adoption.")
    fit = _feols(f"y ~ i(rel, ref={reference}) | unit + time", df)
    coefs = []
    for name, row in fit.tidy().iterrows():
        e = int(float(str(name).split("::")[-1]))
        coefs.append(EventTimeEstimate(e, _estimate(row)))
    coefs.sort(key=lambda c: c.relative_time)
    return EventStudyResult(reference, tuple(coefs), int(df["unit"].nunique()), len(df),
                            "unit" if clusters is None else "custom")


def _att_from_if(psi: np.ndarray, est: float) -> Estimate:
    n = psi.shape[0]
    se = float(np.sqrt(np.sum(psi ** 2)) / n)
    if se == 0 or not np.isfinite(se):
        return Estimate(est, se, est, est, math.nan)
    z = est / se
    return Estimate(est, se, est - Z_95 * se, est + Z_95 * se, float(2 * stats.norm.sf(abs(z))))


def callaway_santanna(
    panel: Panel,
    outcome: str,
    adoption: Mapping[str, int],
    control_group: Literal["never", "not-yet"] = "never",
) -> StaggeredResult:
    """ATT(g,t) for every adoption cohort g and period t, without covariates, with a varying base
    period before adoption (t-1) and base g-1 after it, as in the ``did`` R package's defaults.

    The overall ATT weights post-adoption ATT(g,t) by cohort size; the event-study aggregation does
    the same for each event time e = t - g. Standard errors come from the unit-level influence
    functions, including the estimation of the cohort-size weights."""
    if control_group not in ("never", "not-yet"):
        raise SpecError("The control group must be 'never' or 'not-yet'.")
    _check_treated(panel, list(adoption))
    times = np.asarray(panel.times)
    Y = panel.values[outcome]
    notes: list[str] = []
    complete = ~np.isnan(Y).any(axis=1)
    if not complete.all():
        dropped = [u for u, ok in zip(panel.units, complete) if not ok]
        notes.append(f"{len(dropped)} unit(s) with missing outcomes dropped (a balanced panel is needed).")
    G = np.array([adoption.get(u, np.inf) for u in panel.units], dtype=float)
    G[G > times[-1]] = np.inf  # adopting after the panel ends: never treated within it
    always = G <= times[0]
    if always.any():
        notes.append(f"{int(always.sum())} unit(s) treated from the first period dropped (no pre-period).")
    keep = complete & ~always
    Y, G = Y[keep], G[keep]
    n = len(G)
    cohorts = sorted({int(g) for g in G if np.isfinite(g)})
    if not cohorts:
        raise SpecError("No treated unit adopts within the panel after its first period.")
    if control_group == "never" and not np.isinf(G).any():
        raise SpecError("There are no never-treated units; use the not-yet-treated control group.")

    pos = {int(t): i for i, t in enumerate(times)}
    cells: list[tuple[int, int, float, np.ndarray, int, int]] = []
    for g in cohorts:
        in_g = G == g
        for t in times[1:]:
            t = int(t)
            base = g - 1 if t >= g else t - 1
            if base not in pos:
                continue
            if control_group == "never":
                ctrl = np.isinf(G)
            else:
                ctrl = (G > max(t, base)) & ~in_g
            if ctrl.sum() == 0:
                continue
            dy = Y[:, pos[t]] - Y[:, pos[base]]
            mg, mc = dy[in_g].mean(), dy[ctrl].mean()
            psi = np.zeros(n)
            psi[in_g] = (n / in_g.sum()) * (dy[in_g] - mg)
            psi[ctrl] -= (n / ctrl.sum()) * (dy[ctrl] - mc)
            cells.append((g, t, float(mg - mc), psi, int(in_g.sum()), int(ctrl.sum())))

    group_time = tuple(
        GroupTimeATT(g, t, att, float(np.sqrt(np.sum(psi ** 2)) / n), ng, nc)
        for g, t, att, psi, ng, nc in cells
    )
    # Cohort shares and their influence functions (the weights are estimated too).
    p = {g: float(np.mean(G == g)) for g in cohorts}
    p_if = {g: (G == g).astype(float) - p[g] for g in cohorts}

    def aggregate(selected) -> Estimate:
        total = sum(p[g] for g, *_ in selected)
        total_if = sum(p_if[g] for g, *_ in selected)
        est = sum(p[g] / total * att for g, _, att, *_ in selected)
        psi = sum(p[g] / total * ps for g, _, _, ps, *_ in selected)
        psi = psi + sum(att * (p_if[g] / total - p[g] * total_if / total ** 2) for g, _, att, *_ in selected)
        return _att_from_if(np.asarray(psi), float(est))

    post = [c for c in cells if c[1] >= c[0]]
    if not post:
        raise SpecError("No cohort is observed after adoption with a valid comparison group.")
    overall = aggregate(post)
    events = sorted({t - g for g, t, *_ in cells})
    event_est = tuple(EventTimeEstimate(e, aggregate([c for c in cells if c[1] - c[0] == e])) for e in events)
    return StaggeredResult(control_group, group_time, overall, event_est, n, tuple(notes))
