"""Typed inputs and outputs of the counterfactual engine. Plain frozen dataclasses: no Django, no I/O.

Numbers are floats (indicators, not money). Sequences are tuples so results are immutable and
serialise straight to JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

import numpy as np

VMethod = Literal["nested", "equal", "custom", "cross-validate"]
Aggregation = Literal["mean", "value"]


class ImpactError(ValueError):
    """Base class for every error the engine raises about its inputs; messages are plain English."""


class SpecError(ImpactError):
    """The analysis specification is inconsistent (bad predictor, period or option)."""


@dataclass(frozen=True)
class PredictorSpec:
    """One row of the predictor matrix: ``column`` averaged over ``start``..``end`` (inclusive).

    ``start``/``end`` of None mean "the first/last pre-treatment period". ``aggregation="value"``
    marks a single-year predictor (``column@YEAR``); it is the mean of one year.
    """

    column: str
    start: int | None = None
    end: int | None = None
    aggregation: Aggregation = "mean"

    @property
    def label(self) -> str:
        if self.aggregation == "value" and self.start is not None:
            return f"{self.column} ({self.start})"
        if self.start is None and self.end is None:
            return f"{self.column} (pre-period mean)"
        return f"{self.column} ({self.start}-{self.end} mean)"

    def shifted(self, offset: int) -> PredictorSpec:
        """The same predictor measured ``offset`` periods later (negative: earlier)."""
        return PredictorSpec(
            self.column,
            None if self.start is None else self.start + offset,
            None if self.end is None else self.end + offset,
            self.aggregation,
        )


@dataclass(frozen=True, eq=False)
class Panel:
    """A validated long panel pivoted to wide arrays: ``values[col]`` has shape (units, times).

    Missing unit-time cells are NaN. Build one with ``riep.impact.engine.panel.panel_from_frame``.
    """

    unit_col: str
    time_col: str
    units: tuple[str, ...]
    times: tuple[int, ...]
    values: Mapping[str, np.ndarray] = field(repr=False)

    def column(self, name: str) -> np.ndarray:
        return self.values[name]

    def unit_index(self, unit: str) -> int:
        return self.units.index(unit)

    def time_index(self, time: int) -> int:
        return self.times.index(time)

    def with_column(self, name: str, array: np.ndarray) -> Panel:
        """A copy with one column replaced (used to inject known effects in simulations)."""
        values = dict(self.values)
        values[name] = np.asarray(array, dtype=float)
        return Panel(self.unit_col, self.time_col, self.units, self.times, values)


@dataclass(frozen=True)
class SynthSpec:
    """Everything that defines one synthetic-control analysis.

    ``fit_period`` is the span whose outcome MSPE the nested V search minimises (Synth's
    ``time.optimize.ssr``); default: every pre-treatment period. ``penalty`` is Abadie-L'Hour's
    lambda (0 = classic synthetic control).
    """

    outcome: str
    treated: str
    treatment_time: int
    donors: tuple[str, ...] | None = None
    predictors: tuple[PredictorSpec, ...] = ()
    v_method: VMethod = "nested"
    custom_v: tuple[float, ...] | None = None
    fit_period: tuple[int, int] | None = None
    train_period: tuple[int, int] | None = None
    validation_period: tuple[int, int] | None = None
    penalty: float = 0.0
    random_starts: int = 0  # extra Dirichlet starts for the nested V search (Synth uses none)
    seed: int = 0
    min_pre_periods: int = 3


@dataclass(frozen=True)
class BalanceRow:
    predictor: str
    treated: float
    synthetic: float
    donor_mean: float
    importance: float  # V entry


@dataclass(frozen=True)
class Diagnostics:
    pre_rmspe: float
    balance: tuple[BalanceRow, ...]
    max_weight: float
    max_weight_donor: str
    effective_donors: float  # 1 / sum(w^2)
    n_donors: int
    n_pre_periods: int
    hull_distance: float  # RMS standardised distance from the treated unit to the donors' hull
    outside_hull: bool
    warnings: tuple[str, ...]
    near_perfect_fit: bool = False  # pre-period RMSPE below the documented floor
    exact_mixture: bool = False  # the treated unit is (numerically) a convex combination of donors


@dataclass(frozen=True)
class SynthResult:
    spec: SynthSpec
    donors: tuple[str, ...]
    weights: tuple[float, ...]
    predictor_labels: tuple[str, ...]
    v: tuple[float, ...]
    times: tuple[int, ...]
    treated_outcome: tuple[float, ...]
    synthetic_outcome: tuple[float, ...]
    gaps: tuple[float, ...]  # treated minus synthetic
    pre_rmspe: float
    post_rmspe: float
    rmspe_ratio: float  # post / pre
    average_effect: float  # mean gap over the post period
    fit_loss: float  # outcome MSPE over the fit period, the quantity the V search minimises
    diagnostics: Diagnostics
    missing: object = None  # missing.GapReport: what gaps in the panel did to this analysis
    rmspe_floor: float = 0.0  # the ratio's denominator is max(pre_rmspe, this); see synth.RMSPE_FLOOR_SHARE

    @property
    def weights_by_unit(self) -> dict[str, float]:
        return dict(zip(self.donors, self.weights))

    def gap_at(self, time: int) -> float:
        return self.gaps[self.times.index(time)]


@dataclass(frozen=True)
class PlaceboFit:
    unit: str
    pre_rmspe: float
    post_rmspe: float
    rmspe_ratio: float
    average_effect: float
    gaps: tuple[float, ...]


@dataclass(frozen=True)
class InSpacePlacebo:
    """Every donor treated in turn (the real treated unit removed from its pool). ``p_value`` is
    the share of units, treated included, whose post/pre RMSPE ratio is at least the treated one."""

    times: tuple[int, ...]
    treated: PlaceboFit
    placebos: tuple[PlaceboFit, ...]
    rank: int  # 1 = largest ratio
    p_value: float
    failed: tuple[str, ...] = ()
    ties: int = 0  # placebos whose ratio equals the treated one (to 1e-6 relative): counted as "at least"


@dataclass(frozen=True)
class InTimePlacebo:
    """The analysis re-run as if treatment began at ``fake_time``, using only data before the real
    treatment; a large 'effect' between the fake and real dates casts doubt on the design."""

    fake_time: int
    average_effect: float
    pre_rmspe: float
    rmspe_ratio: float
    result: SynthResult


@dataclass(frozen=True)
class LeaveOneOutFit:
    dropped: str
    weights: Mapping[str, float]
    average_effect: float
    pre_rmspe: float
    gaps: tuple[float, ...]


# ---- difference-in-differences ---------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float


@dataclass(frozen=True)
class DiDResult:
    """2x2 difference-in-differences (equivalently the TWFE coefficient on treated x post)."""

    effect: Estimate
    treated_pre: float
    treated_post: float
    control_pre: float
    control_post: float
    n_units: int
    n_treated: int
    n_obs: int
    cluster: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventTimeEstimate:
    relative_time: int  # periods since treatment (0 = first treated period)
    estimate: Estimate


@dataclass(frozen=True)
class EventStudyResult:
    reference_time: int
    coefficients: tuple[EventTimeEstimate, ...]
    n_units: int
    n_obs: int
    cluster: str


@dataclass(frozen=True)
class GroupTimeATT:
    cohort: int  # first treated period
    time: int
    att: float
    std_error: float
    n_treated: int
    n_control: int


@dataclass(frozen=True)
class StaggeredResult:
    """Callaway & Sant'Anna (2021) without covariates."""

    control_group: Literal["never", "not-yet"]
    group_time: tuple[GroupTimeATT, ...]
    overall: Estimate  # cohort-size weighted average of post-treatment ATT(g,t)
    event_study: tuple[EventTimeEstimate, ...]
    n_units: int
    warnings: tuple[str, ...] = ()
