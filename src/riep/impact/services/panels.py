"""Reading and checking an uploaded long panel, naming every problem with its row, and saving it as Parquet."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from riep.core.importing import ImportRefused, Problem, cell_text, read_lines
from riep.impact.models import IndicatorPanel, PeriodKind
from riep.impact.services.councils import resolve_units

MAX_PROBLEMS = 50


@dataclass
class ParsedPanel:
    frame: pd.DataFrame | None = None
    numeric_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.frame is not None


def _read(content: bytes, name: str) -> tuple[pd.DataFrame, list[int]]:
    """The raw frame (every cell as text for CSV and XLSX) and the row number people see for each data row.

    CSV and XLSX are read by the platform's importer (``riep.core.importing``: its size, encoding and row limits, and
    its plain refusals); Parquet by pandas, and a file it cannot read is refused in the same plain words."""
    lower = name.lower()
    if lower.endswith((".parquet", ".pq")):
        try:
            frame = pd.read_parquet(io.BytesIO(content))
        except Exception:  # noqa: BLE001 (pyarrow raises many kinds for a damaged file: each means the same to a person)
            raise ImportRefused([Problem(0, "", "", "the file is not a Parquet file that can be read; save it again "
                                                   "as Parquet, or as CSV")], name) from None
        return frame, list(range(1, len(frame) + 1))
    lines = [(n, cells) for n, cells in read_lines(content, name) if any(cell_text(c) for c in cells)]
    if not lines:
        raise ImportRefused([Problem(0, "", "", "the file is empty: expected a header row with the column names, "
                                                "and rows below it")], name)
    (_, header), body = lines[0], lines[1:]
    width = len(header)
    columns = [cell_text(c) or f"column {i + 1}" for i, c in enumerate(header)]
    rows = [[cell_text(c) for c in (cells + [""] * width)[:width]] for _, cells in body]
    return pd.DataFrame(rows, columns=columns, dtype=str), [n for n, _ in body]


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | series.astype(str).str.strip().eq("")


def parse_panel(content: bytes, name: str, unit_column: str, time_column: str) -> ParsedPanel:
    """Checks an uploaded long panel (one row per council and period) and names every problem with its row.

    Columns other than the unit and time must be numeric (blank cells are missing values); a column with no number
    at all is taken as a label (such as council names) and ignored.
    """
    out = ParsedPanel()
    try:
        raw, row_numbers = _read(content, name)
    except ImportRefused as refused:
        out.problems.extend(str(p)[:1].upper() + str(p)[1:] for p in refused.problems)
        return out
    raw.columns = [str(c).strip() for c in raw.columns]
    twice = sorted({c for c in raw.columns if list(raw.columns).count(c) > 1})
    if twice:
        out.problems.append(f"The column(s) {', '.join(repr(c) for c in twice)} appear more than once in the header; "
                            "give each column its own name.")
        return out
    for label, col in (("unit", unit_column), ("time", time_column)):
        if col not in raw.columns:
            out.problems.append(f"There is no column called '{col}' (the {label} column). "
                                f"The file's columns are: {', '.join(raw.columns)}.")
    if out.problems:
        return out
    if raw.empty:
        out.problems.append("The file has no data rows.")
        return out
    raw = raw.reset_index(drop=True)

    def row(i: int) -> int:
        return row_numbers[int(i)]

    def add(message: str) -> None:
        if len(out.problems) < MAX_PROBLEMS:
            out.problems.append(message)
        elif len(out.problems) == MAX_PROBLEMS:
            out.problems.append("There are more problems than these; correct these and upload the file again.")

    units = raw[unit_column].astype(str).str.strip().where(~_blank(raw[unit_column]), "")
    for i in np.flatnonzero(units.eq("").to_numpy()):
        add(f"Row {row(i)}: the council ('{unit_column}') is blank.")
    times_text = raw[time_column].astype(str).str.strip()
    # A financial year written as the platform writes it ("2009-10") is the period 2009; "2009-11" is no year.
    fy = times_text.str.extract(r"^(\d{4})-(\d{2})$")
    is_fy = fy[0].notna() & ((fy[0].astype(float) + 1) % 100 == fy[1].astype(float))
    times_num = pd.to_numeric(times_text.where(~is_fy, fy[0]), errors="coerce")
    for i in np.flatnonzero(times_num.isna().to_numpy()):
        value = raw[time_column].iloc[i]
        add(f"Row {row(i)}: the period ('{time_column}') must be a year such as 2009 or a financial year such as 2009-10, not {str(value)!r}."
            if not _blank(raw[time_column].iloc[[i]]).iloc[0] else f"Row {row(i)}: the period ('{time_column}') is blank.")
    frac = times_num.notna() & (times_num.round() != times_num)
    for i in np.flatnonzero(frac.to_numpy()):
        add(f"Row {row(i)}: the period ('{time_column}') must be a year such as 2009 or a financial year such as 2009-10, not {raw[time_column].iloc[i]!r}.")
    keyed = pd.DataFrame({"u": units, "t": times_num})
    valid = units.ne("") & times_num.notna()
    dup = keyed[valid].duplicated(keep="first")
    for i in dup[dup].index:
        first = keyed[valid & keyed.u.eq(units.iloc[i]) & keyed.t.eq(times_num.iloc[i])].index[0]
        add(f"Row {row(i)}: council '{units.iloc[i]}' already has a row for {int(times_num.iloc[i])} (row {row(first)}); "
            "each council needs one row per period.")

    numeric: dict[str, pd.Series] = {}
    for col in raw.columns:
        if col in (unit_column, time_column):
            continue
        series = raw[col]
        blank = _blank(series)
        converted = pd.to_numeric(series.astype(str).str.strip().str.replace(",", "", regex=False), errors="coerce") \
            if series.dtype == object or pd.api.types.is_string_dtype(series) else pd.to_numeric(series, errors="coerce")
        if pd.api.types.is_bool_dtype(series):
            converted = series.astype(float)
        if converted.notna().sum() == 0:
            if not blank.all():
                out.ignored_columns.append(col)
            continue
        bad = converted.isna() & ~blank
        for i in np.flatnonzero(bad.to_numpy()):
            add(f"Row {row(i)}, column '{col}' (council '{units.iloc[i]}'): {str(series.iloc[i])!r} is not a number. "
                "Leave the cell blank if the value is missing.")
        infinite = ~np.isfinite(converted.fillna(0).to_numpy(dtype=float))
        for i in np.flatnonzero(infinite):
            add(f"Row {row(i)}, column '{col}': {str(series.iloc[i])!r} is not a finite number.")
        numeric[col] = converted.astype(float)
    if not numeric:
        out.problems.append("The file has no numeric columns: an outcome such as a cost per household is needed.")
    if out.problems:
        return out
    frame = pd.DataFrame({unit_column: units, time_column: times_num.astype(int), **numeric})
    out.frame = frame.sort_values([unit_column, time_column]).reset_index(drop=True)
    out.numeric_columns = list(numeric)
    matched = resolve_units(sorted(units.unique()))
    unmatched = [u for u in sorted(units.unique()) if u not in matched]
    if unmatched:
        out.warnings.append(
            f"{len(unmatched)} value(s) in '{unit_column}' are not a council GSS code or name in the registry, so they "
            f"can only be donors when you choose the donor councils yourself: {', '.join(unmatched[:10])}"
            + (" ..." if len(unmatched) > 10 else "."))
    if out.ignored_columns:
        out.warnings.append(f"Text column(s) kept out of the panel: {', '.join(out.ignored_columns)}.")
    return out


def save_panel(parsed: ParsedPanel, *, name: str, file_name: str, unit_column: str, time_column: str, source: str,
               licence: str, vintage: str = "", description: str = "", illustrative: bool = False, user=None,
               period_kind: str = PeriodKind.FINANCIAL_YEAR) -> IndicatorPanel:
    if not parsed.ok:
        raise ValueError("The panel has problems: " + "; ".join(parsed.problems[:3]))
    buffer = io.BytesIO()
    parsed.frame.to_parquet(buffer, index=False)
    times = parsed.frame[time_column]
    panel = IndicatorPanel(
        name=name, description=description, source=source, licence=licence, vintage=vintage, illustrative=illustrative,
        file_name=file_name, content=buffer.getvalue(), unit_column=unit_column, time_column=time_column,
        numeric_columns=parsed.numeric_columns, units=sorted(parsed.frame[unit_column].unique().tolist()),
        first_period=int(times.min()), last_period=int(times.max()), row_count=len(parsed.frame),
        warnings=parsed.warnings, period_kind=period_kind, uploaded_by=user if getattr(user, "pk", None) else None,
    )
    panel._history_user = panel.uploaded_by
    panel.save()
    return panel
