"""Monte Carlo study of the estimators on generated council panels with known injected effects.

Each replication draws a factor-model panel (``simulate.council_panel``), picks a treated council
(at random, or from the most deprived quarter to mimic self-selection), and runs:

* synthetic control with in-space placebos (RMSPE-ratio permutation p-value);
* 2x2 difference-in-differences with a permutation p-value over the same placebo units.

Because the effect is added to the treated unit's post-period only, nothing fitted on pre-period
data changes with its size: the treated gaps shift by exactly the effect and every placebo (whose
pool excludes the treated unit) is unchanged. One placebo sweep per replication therefore serves
every effect size, which keeps the study cheap.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Literal

import numpy as np

from ._blas import single_threaded_blas
from .inference import in_space_placebos
from .predictors import parse_predictor
from .simulate import CouncilPanelSpec, council_panel
from .types import SynthSpec


@dataclass(frozen=True)
class SimulationConfig:
    replications: int = 100
    councils: int = 60
    years: int = 18
    post_years: int = 4
    factors: int = 3
    noise: float = 1.0
    effects: tuple[float, ...] = (0.0, 2.0, 5.0)
    assignment: Literal["random", "selected"] = "random"
    v_method: Literal["nested", "equal"] = "nested"
    predictors: tuple[str, ...] = ("deprivation", "density", "y@{first}", "y@{mid}", "y@{last}")
    alphas: tuple[float, ...] = (0.05, 0.10)
    seed: int = 2026


@dataclass(frozen=True)
class Replication:
    sc_effect0: float  # SC average post gap with no injected effect
    did_effect0: float
    sc_p: tuple[float, ...]  # p-value for each configured effect size
    did_p: tuple[float, ...]
    pre_rmspe: float


@dataclass(frozen=True)
class Row:
    estimator: str
    effect: float
    bias: float
    rmse: float
    rejection: dict[float, float] = field(default_factory=dict)  # alpha -> share of p <= alpha


def _spec(cfg: SimulationConfig, treated: str, first_year: int) -> SynthSpec:
    t0 = cfg.years - cfg.post_years
    years = {"first": first_year, "mid": first_year + t0 // 2, "last": first_year + t0 - 1}
    predictors = tuple(parse_predictor(p.format(**years)) for p in cfg.predictors)
    return SynthSpec("y", treated, first_year + t0, predictors=predictors, v_method=cfg.v_method)


def _did_all(Y: np.ndarray, post: np.ndarray, treated: int) -> np.ndarray:
    """2x2 DiD of every unit against all others except the real treated unit (closed form; equal
    to the TWFE coefficient in a balanced panel)."""
    change = Y[:, post].mean(axis=1) - Y[:, ~post].mean(axis=1)
    others = np.ones(len(change), bool)
    others[treated] = False
    total, count = change[others].sum(), others.sum()
    out = np.empty(len(change))
    for i in range(len(change)):
        if i == treated:
            out[i] = change[i] - total / count
        else:
            out[i] = change[i] - (total - change[i]) / (count - 1)
    return out


def run_replication(cfg: SimulationConfig, rep: int) -> Replication:
    panel = council_panel(CouncilPanelSpec(councils=cfg.councils, years=cfg.years, factors=cfg.factors,
                                           noise=cfg.noise, seed=cfg.seed + rep))
    rng = np.random.default_rng(cfg.seed * 7919 + rep)
    if cfg.assignment == "selected":
        dep = np.nanmean(panel.values["deprivation"], axis=1)
        pool = np.flatnonzero(dep >= np.quantile(dep, 0.75))
    else:
        pool = np.arange(len(panel.units))
    t_idx = int(rng.choice(pool))
    treated = panel.units[t_idx]
    spec = _spec(cfg, treated, panel.times[0])
    with single_threaded_blas():
        sweep = in_space_placebos(panel, spec)
    post = np.asarray(panel.times) >= spec.treatment_time
    pre = ~post
    gaps0 = np.asarray(sweep.treated.gaps)
    ratios = np.array([p.rmspe_ratio for p in sweep.placebos])
    did = _did_all(panel.values["y"], post, t_idx)
    did_placebo = np.abs(np.delete(did, t_idx))
    sc_p, did_p = [], []
    for effect in cfg.effects:
        g = gaps0 + effect * post
        ratio = np.sqrt(np.mean(g[post] ** 2)) / np.sqrt(np.mean(g[pre] ** 2))
        sc_p.append((1 + np.sum(ratios >= ratio)) / (len(ratios) + 1))
        d = abs(did[t_idx] + effect)
        did_p.append((1 + np.sum(did_placebo >= d)) / (len(did_placebo) + 1))
    return Replication(float(gaps0[post].mean()), float(did[t_idx]), tuple(sc_p), tuple(did_p),
                       sweep.treated.pre_rmspe)


def run_study(cfg: SimulationConfig, workers: int = 1,
              progress: Callable[[int, int], None] | None = None) -> list[Replication]:
    reps: list[Replication] = []
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for r in pool.map(run_replication, [cfg] * cfg.replications, range(cfg.replications)):
                reps.append(r)
                if progress:
                    progress(len(reps), cfg.replications)
    else:
        for i in range(cfg.replications):
            reps.append(run_replication(cfg, i))
            if progress:
                progress(i + 1, cfg.replications)
    return reps


def summarise(cfg: SimulationConfig, reps: list[Replication]) -> list[Row]:
    """Bias and RMSE of the effect estimate (the estimate at effect e is estimate0 + e, so its error
    does not depend on e) and rejection rates of the permutation tests: size at e = 0, power otherwise."""
    rows = []
    for name, est, pvals in (("synthetic control", [r.sc_effect0 for r in reps], [r.sc_p for r in reps]),
                             ("difference-in-differences", [r.did_effect0 for r in reps], [r.did_p for r in reps])):
        err = np.asarray(est)
        for j, effect in enumerate(cfg.effects):
            p = np.array([pv[j] for pv in pvals])
            rows.append(Row(name, effect, float(err.mean()), float(np.sqrt(np.mean(err ** 2))),
                            {a: float(np.mean(p <= a + 1e-12)) for a in cfg.alphas}))
    return rows
