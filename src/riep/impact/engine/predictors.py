"""Predictor specifications: parsing the compact text form and building the predictor matrix.

Text forms (used by the CLI):
    ``column``                  mean over every pre-treatment period
    ``column:1980-1988``        mean over 1980..1988 (missing years are skipped, as in Synth)
    ``column:1980-1988:mean``   the same, explicit
    ``column:mean``             mean over every pre-treatment period
    ``column@1975``             the value in 1975
"""
from __future__ import annotations

import re

import numpy as np

from .missing import window_means
from .types import Panel, PredictorSpec, SpecError

_RANGE = re.compile(r"^\s*(-?\d+)\s*-\s*(-?\d+)\s*$")


def parse_predictor(text: str) -> PredictorSpec:
    text = text.strip()
    if not text:
        raise SpecError("Empty predictor specification.")
    if "@" in text:
        column, _, year = text.rpartition("@")
        if not column or not year.strip().lstrip("-").isdigit():
            raise SpecError(f"Predictor '{text}' should look like column@YEAR, e.g. cigsale@1975.")
        y = int(year)
        return PredictorSpec(column.strip(), y, y, "value")
    parts = text.split(":")
    column, rest = parts[0].strip(), [p.strip() for p in parts[1:]]
    if not column:
        raise SpecError(f"Predictor '{text}' has no column name.")
    start = end = None
    agg = "mean"
    if rest and rest[-1] == "mean":
        rest = rest[:-1]
    if len(rest) > 1:
        raise SpecError(f"Predictor '{text}' should look like column[:FROM-TO][:mean] or column@YEAR.")
    if rest:
        m = _RANGE.match(rest[0])
        if m:
            start, end = int(m.group(1)), int(m.group(2))
        elif rest[0].lstrip("-").isdigit():
            start = end = int(rest[0])
        else:
            raise SpecError(
                f"Predictor '{text}': '{rest[0]}' is not a period range like 1980-1988 "
                "(the only aggregation supported is 'mean')."
            )
        if start > end:
            raise SpecError(f"Predictor '{text}': the range starts after it ends.")
    return PredictorSpec(column, start, end, agg)


def default_predictors(outcome: str, pre_times: list[int]) -> tuple[PredictorSpec, ...]:
    """Without covariates, match the outcome in every pre-treatment period (the usual default)."""
    return tuple(PredictorSpec(outcome, t, t, "value") for t in pre_times)


def resolve_window(spec: PredictorSpec, pre_start: int, pre_end: int) -> tuple[int, int]:
    start = pre_start if spec.start is None else spec.start
    end = pre_end if spec.end is None else spec.end
    return start, end


def predictor_matrix(
    panel: Panel,
    specs: tuple[PredictorSpec, ...],
    unit_idx: np.ndarray,
    pre_start: int,
    pre_end: int,
) -> np.ndarray:
    """Raw (unstandardised) predictors, shape (k, len(unit_idx)); NaN where a unit has no data
    in the window. Windows must lie inside the panel's periods and must not reach the treatment."""
    return predictor_matrix_with_counts(panel, specs, unit_idx, pre_start, pre_end)[0]


def predictor_matrix_with_counts(
    panel: Panel,
    specs: tuple[PredictorSpec, ...],
    unit_idx: np.ndarray,
    pre_start: int,
    pre_end: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """As ``predictor_matrix``, with the number of years each unit had in each window (k x n) and
    each window's length in panel periods (k): a predictor is the mean over the years present."""
    times = np.asarray(panel.times)
    rows, counts, lengths = [], [], []
    for spec in specs:
        if spec.column not in panel.values:
            raise SpecError(f"Predictor column '{spec.column}' is not in the panel.")
        start, end = resolve_window(spec, pre_start, pre_end)
        if end > pre_end:
            raise SpecError(
                f"Predictor '{spec.label}' uses period {end}, which is not before the treatment "
                f"(last pre-treatment period: {pre_end})."
            )
        mask = (times >= start) & (times <= end)
        if not mask.any():
            raise SpecError(f"Predictor '{spec.label}' covers no period in the panel ({times[0]}-{times[-1]}).")
        block = panel.values[spec.column][np.ix_(unit_idx, np.flatnonzero(mask))]
        mean, count = window_means(block)
        rows.append(mean)
        counts.append(count)
        lengths.append(int(mask.sum()))
    if not rows:
        empty = np.empty((0, len(unit_idx)))
        return empty, empty.astype(int), np.zeros(0, int)
    return np.vstack(rows), np.vstack(counts), np.asarray(lengths)


def standardise(X: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Divide each predictor by its standard deviation across the units in this fit (as Synth)."""
    sd = np.std(X[:, cols], axis=1, ddof=1)
    sd = np.where(np.isfinite(sd) & (sd > 0), sd, 1.0)
    return X / sd[:, None]
