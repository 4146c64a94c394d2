"""Loading and validating long-format panels (one row per unit and period).

This is the engine's only I/O: it reads CSV or Parquet with pandas and hands back a ``Panel`` of
wide float arrays. Every failure is an ``ImpactError`` (a ``ValueError``) whose message says what is
wrong in plain English, naming the column and the first offending row.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from .types import ImpactError, Panel


class PanelError(ImpactError):
    """The panel itself is unusable."""


class MissingColumnError(PanelError):
    pass


class NonNumericError(PanelError):
    pass


class DuplicateRowError(PanelError):
    pass


class UnitNotFoundError(PanelError):
    pass


class TooFewPrePeriodsError(PanelError):
    pass


def read_frame(path: str | Path) -> pd.DataFrame:
    """Read a CSV or Parquet file into a DataFrame (format chosen by the file extension)."""
    path = Path(path)
    if not path.exists():
        raise PanelError(f"Panel file {path} does not exist.")
    suffix = path.suffix.lower()
    try:
        if suffix in {".parquet", ".pq"}:
            return pd.read_parquet(path)
        if suffix in {".csv", ".txt", ""}:
            return pd.read_csv(path)
    except (OSError, ValueError) as exc:  # pandas/pyarrow parse errors are ValueErrors
        raise PanelError(f"Could not read {path}: {exc}") from exc
    raise PanelError(f"Panel file {path} must be .csv or .parquet, not '{suffix}'.")


def load_panel(path: str | Path, unit: str, time: str, columns: Iterable[str]) -> Panel:
    return panel_from_frame(read_frame(path), unit, time, columns)


def _numeric(series: pd.Series, name: str, units: pd.Series, times: pd.Series) -> np.ndarray:
    """Convert to float or raise naming the first row that is neither a number nor blank."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype(float).to_numpy()
    converted = pd.to_numeric(series, errors="coerce")
    bad = converted.isna() & series.notna()
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        # Blank strings count as missing, not as garbage.
        bad &= series.astype(str).str.strip().ne("")
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise NonNumericError(
            f"Column '{name}' must be numeric, but data row {pos + 1} "
            f"(unit '{units.iloc[pos]}', time {times.iloc[pos]}) holds {series.iloc[pos]!r}."
        )
    return converted.to_numpy(dtype=float)


def panel_from_frame(df: pd.DataFrame, unit: str, time: str, columns: Iterable[str]) -> Panel:
    """Validate a long DataFrame and pivot the requested value columns to (unit x time) arrays."""
    columns = list(dict.fromkeys(columns))
    for col in [unit, time, *columns]:
        if col not in df.columns:
            available = ", ".join(map(str, df.columns))
            raise MissingColumnError(f"Column '{col}' is not in the panel. Available columns: {available}.")
    if df.empty:
        raise PanelError("The panel has no rows.")
    df = df.reset_index(drop=True)
    if df[unit].isna().any():
        pos = int(np.flatnonzero(df[unit].isna().to_numpy())[0])
        raise PanelError(f"Column '{unit}' (the unit) is blank in data row {pos + 1}.")
    units = df[unit].astype(str)
    raw_time = df[time]
    t = _numeric(raw_time, time, units, raw_time)
    if np.isnan(t).any():
        pos = int(np.flatnonzero(np.isnan(t))[0])
        raise NonNumericError(f"Column '{time}' (the time period) is blank in data row {pos + 1} (unit '{units.iloc[pos]}').")
    if not np.all(np.equal(np.round(t), t)):
        pos = int(np.flatnonzero(np.round(t) != t)[0])
        raise NonNumericError(
            f"Column '{time}' must hold whole periods (e.g. years), but data row {pos + 1} "
            f"(unit '{units.iloc[pos]}') holds {raw_time.iloc[pos]!r}."
        )
    t = t.astype(int)

    key = pd.DataFrame({"u": units, "t": t})
    dup = key.duplicated(keep="first").to_numpy()
    if dup.any():
        pos = int(np.flatnonzero(dup)[0])
        raise DuplicateRowError(
            f"Unit '{units.iloc[pos]}' appears more than once for time {t[pos]} "
            f"(data row {pos + 1} repeats an earlier row); each unit needs one row per period."
        )

    unit_levels = tuple(sorted(units.unique()))
    time_levels = tuple(int(x) for x in np.unique(t))
    ui = pd.Index(unit_levels).get_indexer(units)
    ti = np.searchsorted(np.asarray(time_levels), t)
    values: dict[str, np.ndarray] = {}
    for col in columns:
        arr = np.full((len(unit_levels), len(time_levels)), np.nan)
        arr[ui, ti] = _numeric(df[col], col, units, raw_time)
        values[col] = arr
    return Panel(unit, time, unit_levels, time_levels, values)


def check_design(
    panel: Panel,
    treated: Iterable[str],
    treatment_time: int,
    outcome: str,
    min_pre_periods: int = 3,
) -> None:
    """Fail early, in plain English, on a treated unit or a treatment time the panel cannot support."""
    if outcome not in panel.values:
        raise MissingColumnError(f"Outcome column '{outcome}' was not loaded from the panel.")
    for unit in treated:
        if unit not in panel.units:
            sample = ", ".join(panel.units[:8]) + (" ..." if len(panel.units) > 8 else "")
            raise UnitNotFoundError(
                f"Treated unit '{unit}' is not in the panel's '{panel.unit_col}' column (units include: {sample})."
            )
    pre = [x for x in panel.times if x < treatment_time]
    post = [x for x in panel.times if x >= treatment_time]
    if len(pre) < min_pre_periods:
        raise TooFewPrePeriodsError(
            f"Only {len(pre)} period(s) before the treatment time {treatment_time}; at least "
            f"{min_pre_periods} are needed to fit a counterfactual."
        )
    if not post:
        raise TooFewPrePeriodsError(
            f"The panel ends at {panel.times[-1]}, before the treatment time {treatment_time}: there is no post period."
        )
