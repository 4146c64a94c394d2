"""Generated council panels with a known answer, for simulation studies, benchmarks and tests.

The outcome follows an interactive fixed-effects (factor) model, the data-generating process under
which ADH (2010) show synthetic control is approximately unbiased when the pre-period fit is good:

    y_it = a_i + d_t + l_i' f_t + e_it          (+ effect_t for the treated unit after adoption)

Two observed covariates are noisy proxies of the loadings l_i, so they carry real information, as
deprivation or rurality would for council indicators.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .types import Panel


@dataclass(frozen=True)
class CouncilPanelSpec:
    councils: int = 80
    years: int = 18
    first_year: int = 2006
    factors: int = 3
    noise: float = 1.0
    seed: int = 0


def council_panel(spec: CouncilPanelSpec = CouncilPanelSpec()) -> Panel:
    """A balanced panel of ``spec.councils`` councils with outcome ``y`` and covariates
    ``deprivation`` and ``density`` (no treatment effect anywhere)."""
    rng = np.random.default_rng(spec.seed)
    n, T, r = spec.councils, spec.years, spec.factors
    loadings = rng.normal(size=(n, r))
    trend = np.cumsum(rng.normal(0.3, 0.5, size=T))  # common time effect d_t
    f = np.cumsum(rng.normal(size=(T, r)) * 0.6, axis=0)  # persistent factors
    a = rng.normal(50.0, 5.0, size=n)
    y = a[:, None] + trend[None, :] + loadings @ f.T + rng.normal(scale=spec.noise, size=(n, T))
    dep = 20 + 4 * loadings[:, [0]] + rng.normal(scale=1.0, size=(n, T))
    dens = 3 + 0.8 * loadings[:, [1]] + rng.normal(scale=0.2, size=(n, T))
    width = len(str(n))
    units = tuple(f"C{i:0{width}d}" for i in range(n))
    times = tuple(range(spec.first_year, spec.first_year + T))
    return Panel("council", "year", units, times, {"y": y, "deprivation": dep, "density": dens})


def add_effect(panel: Panel, unit: str, start: int, effect: float, column: str = "y") -> Panel:
    """The panel with ``effect`` added to ``unit``'s outcome from ``start`` onwards."""
    y = panel.values[column].copy()
    post = np.asarray(panel.times) >= start
    y[panel.unit_index(unit), post] += effect
    return panel.with_column(column, y)


def to_frame(panel: Panel):
    """Long pandas DataFrame (for writing CSV fixtures and CLI tests)."""

    n, T = len(panel.units), len(panel.times)
    data = {
        panel.unit_col: np.repeat(np.asarray(panel.units, dtype=object), T),
        panel.time_col: np.tile(np.asarray(panel.times), n),
    }
    for name, arr in panel.values.items():
        data[name] = arr.reshape(-1)
    return pd.DataFrame(data)
