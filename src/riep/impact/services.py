"""Impact analysis use cases: reading and checking an uploaded panel, building the donor pool from the registry,
running the counterfactual engine (synthetic control with in-space placebos, and difference-in-differences),
the page tables, and recording a finished analysis as a gain's evidence through the ledger's own service.

The engine (``riep.impact.synth``, ``inference``, ``did``...) is pure; this module is where the database meets it.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

from riep.core.tables import NUMBER, TEXT, Column, Table
from riep.impact.models import AnalysisStatus, DonorRule, ImpactAnalysis, IndicatorPanel
from riep.impact.types import ImpactError, Panel, SpecError

MAX_PROBLEMS = 50
TREATED_KEY = "Treated councils (average)"
MARYLAND_COMPARISON_GROUP = 3
LOO_MIN_WEIGHT = 1e-6  # a donor with more weight than this is left out in turn
IN_TIME_YEARS_EARLIER = 2  # the in-time placebo's fake start: this many years before the real one
IN_TIME_MIN_PRE_PERIODS = 3


# --- panels: reading and checking an upload -------------------------------------------------------------------


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


def _read(content: bytes, name: str) -> tuple[pd.DataFrame, int]:
    """The raw frame (every cell as text for CSV) and the offset from data index to the row number people see."""
    lower = name.lower()
    if lower.endswith((".parquet", ".pq")):
        return pd.read_parquet(io.BytesIO(content)), 1
    if lower.endswith((".csv", ".txt")):
        return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig"), 2
    raise ValueError("The file must be a CSV (.csv) or Parquet (.parquet) file.")


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | series.astype(str).str.strip().eq("")


def parse_panel(content: bytes, name: str, unit_column: str, time_column: str) -> ParsedPanel:
    """Checks an uploaded long panel (one row per council and period) and names every problem with its row.

    Columns other than the unit and time must be numeric (blank cells are missing values); a column with no number
    at all is taken as a label (such as council names) and ignored.
    """
    out = ParsedPanel()
    try:
        raw, offset = _read(content, name)
    except (ValueError, OSError, UnicodeDecodeError) as error:
        out.problems.append(f"The file could not be read: {error}")
        return out
    raw.columns = [str(c).strip() for c in raw.columns]
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
        return int(i) + offset

    def add(message: str) -> None:
        if len(out.problems) < MAX_PROBLEMS:
            out.problems.append(message)
        elif len(out.problems) == MAX_PROBLEMS:
            out.problems.append("There are more problems than these; correct these and upload the file again.")

    units = raw[unit_column].astype(str).str.strip().where(~_blank(raw[unit_column]), "")
    for i in np.flatnonzero(units.eq("").to_numpy()):
        add(f"Row {row(i)}: the council ('{unit_column}') is blank.")
    times_num = pd.to_numeric(raw[time_column].astype(str).str.strip(), errors="coerce")
    for i in np.flatnonzero(times_num.isna().to_numpy()):
        value = raw[time_column].iloc[i]
        add(f"Row {row(i)}: the period ('{time_column}') must be a whole year such as 2009, not {str(value)!r}."
            if not _blank(raw[time_column].iloc[[i]]).iloc[0] else f"Row {row(i)}: the period ('{time_column}') is blank.")
    frac = times_num.notna() & (times_num.round() != times_num)
    for i in np.flatnonzero(frac.to_numpy()):
        add(f"Row {row(i)}: the period ('{time_column}') must be a whole year such as 2009, not {raw[time_column].iloc[i]!r}.")
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
               licence: str, vintage: str = "", description: str = "", illustrative: bool = False, user=None) -> IndicatorPanel:
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
        warnings=parsed.warnings, uploaded_by=user if getattr(user, "pk", None) else None,
    )
    panel._history_user = panel.uploaded_by
    panel.save()
    return panel


# --- councils in the registry ---------------------------------------------------------------------------------


def resolve_units(units) -> dict:
    """Panel unit values → registry councils, by GSS code, then official or short name (case-insensitive)."""
    from riep.registry.models import Organisation

    units = [str(u) for u in units]
    councils = Organisation.objects.councils().select_related("region")
    by_code = {o.gss_code: o for o in councils.filter(gss_code__in=[u.strip().upper() for u in units])}
    out = {u: by_code[u.strip().upper()] for u in units if u.strip().upper() in by_code}
    rest = [u for u in units if u not in out]
    if rest:
        by_name = {}
        for o in councils:
            for n in (o.name, o.short_name):
                if n:
                    by_name.setdefault(n.strip().lower(), o)
        out.update({u: by_name[u.strip().lower()] for u in rest if u.strip().lower() in by_name})
    return out


def unit_names(units) -> dict[str, str]:
    names = {u: str(o) for u, o in resolve_units(units).items()}
    return {u: names.get(u, u) for u in units}


def donor_pool(analysis: ImpactAnalysis, units: tuple[str, ...], councils: dict) -> tuple[list[str], list[str]]:
    """(donor units, warnings) for the analysis's rule. Registry rules use council type (and region)."""
    treated = set(analysis.treated)
    warnings = []
    if analysis.donor_rule == DonorRule.CHOSEN:
        missing = [d for d in analysis.donors if d not in units]
        if missing:
            warnings.append(f"Chosen donor(s) not in the panel, left out: {', '.join(missing)}.")
        donors = [d for d in dict.fromkeys(analysis.donors) if d in units and d not in treated]
    else:
        treated_orgs = [councils[t] for t in analysis.treated if t in councils]
        if len(treated_orgs) < len(treated):
            unknown = [t for t in analysis.treated if t not in councils]
            raise SpecError(f"Treated council(s) {', '.join(unknown)} are not in the council registry, so a donor pool "
                            "cannot be built from council type or region; choose the donor councils instead.")
        types = {o.council_type for o in treated_orgs}
        regions = {o.region_id for o in treated_orgs}
        donors = []
        for u in units:
            org = councils.get(u)
            if u in treated or org is None or org.council_type not in types:
                continue
            if analysis.donor_rule == DonorRule.SAME_REGION and org.region_id not in regions:
                continue
            donors.append(u)
        unmatched = [u for u in units if u not in councils and u not in treated]
        if unmatched:
            warnings.append(f"{len(unmatched)} unit(s) of the panel are not councils in the registry and were left out of the donor pool.")
    if len(donors) < 2:
        raise SpecError(f"The donor pool has {len(donors)} council(s) with data in the panel; at least 2 are needed "
                        "(5 or more is better). Widen the donor pool.")
    return donors, warnings


# --- running an analysis ---------------------------------------------------------------------------------------


def _aggregate_panel(panel: Panel, treated: list[str], donors: list[str], outcome: str) -> Panel:
    """The treated councils averaged into one unit (first), then the donors: the panel synthetic control fits."""
    idx = [panel.unit_index(t) for t in treated]
    missing = np.argwhere(np.isnan(panel.values[outcome][idx]))
    if len(missing):
        i, j = missing[0]
        raise SpecError(f"Treated council '{treated[i]}' has no '{outcome}' value for {panel.times[j]}.")
    values = {}
    with np.errstate(all="ignore"):
        for col, arr in panel.values.items():
            block = arr[idx]
            agg = np.nanmean(block, axis=0) if len(idx) > 1 else block[0]
            values[col] = np.vstack([agg[None, :], arr[[panel.unit_index(d) for d in donors]]])
    key = TREATED_KEY if len(treated) > 1 else treated[0]
    return Panel(panel.unit_col, panel.time_col, (key, *donors), panel.times, values)


def _subpanel(panel: Panel, units: list[str]) -> Panel:
    idx = [panel.unit_index(u) for u in units]
    return Panel(panel.unit_col, panel.time_col, tuple(units), panel.times, {c: a[idx] for c, a in panel.values.items()})


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else float(x)


def compute(analysis: ImpactAnalysis, progress=None) -> dict:
    """Runs the engine for an analysis and returns the JSON-ready result. Raises ImpactError with a plain message."""
    from riep.impact.did import did_2x2
    from riep.impact.inference import in_space_placebos
    from riep.impact.panel import check_design, panel_from_frame
    from riep.impact.predictors import parse_predictor
    from riep.impact.synth import fit_synth
    from riep.impact.types import SynthSpec

    step = progress or (lambda *a, **k: None)
    source = analysis.panel
    predictors = tuple(parse_predictor(p) for p in analysis.predictors if p.strip())
    columns = [analysis.outcome] + [p.column for p in predictors if p.column != analysis.outcome]
    if not analysis.treated:
        raise SpecError("Choose at least one treated council.")
    step(0, None, "Loading the panel")
    panel = panel_from_frame(source.frame(), source.unit_column, source.time_column, columns)
    check_design(panel, analysis.treated, analysis.treatment_year, analysis.outcome, min_pre_periods=3)
    councils = resolve_units(panel.units)
    donors, warnings = donor_pool(analysis, panel.units, councils)
    names = {u: str(councils[u]) if u in councils else u for u in panel.units}
    names[TREATED_KEY] = TREATED_KEY
    fitted = _aggregate_panel(panel, list(analysis.treated), donors, analysis.outcome)
    treated_key = fitted.units[0]
    if len(analysis.treated) > 1:
        warnings.append(f"The {len(analysis.treated)} treated councils are averaged into one unit and compared with a "
                        "synthetic average; each placebo is a single council, which is noisier than an average.")
    spec = SynthSpec(outcome=analysis.outcome, treated=treated_key, treatment_time=analysis.treatment_year,
                     donors=tuple(donors), predictors=predictors, v_method=analysis.v_method)
    step(0, None, "Fitting the synthetic control")
    res = fit_synth(fitted, spec)
    n_placebos = len(donors) if analysis.placebos else 0
    n_loo = sum(1 for w in res.weights if w > LOO_MIN_WEIGHT)
    total = n_placebos + n_loo + 3  # the fit, the placebos, leave-one-out, the in-time placebo, DiD
    step(1, total, "Synthetic control fitted")
    placebo = None
    if analysis.placebos:
        placebo = in_space_placebos(
            fitted, spec, result=res,
            progress=lambda done, n: step(1 + done, total, f"Placebo {done} of {n}: each donor treated in turn"))
    done = 1 + n_placebos
    loo = _leave_one_out_json(fitted, spec, res, names, lambda i, n: step(
        done + i, total, f"Leaving out donor {min(i + 1, n)} of {n} with weight, in turn"))
    step(done + n_loo, total, f"In-time placebo: as if the start were {analysis.treatment_year - IN_TIME_YEARS_EARLIER}")
    in_time = _in_time_json(fitted, spec, names)
    step(total - 1, total, "Difference-in-differences")
    did, did_error = None, ""
    try:
        did = did_2x2(_subpanel(panel, list(analysis.treated) + donors), analysis.outcome, list(analysis.treated),
                      analysis.treatment_year)
    except ImpactError as error:
        did_error = str(error)
        warnings.append(f"Difference-in-differences could not be estimated: {error}")
    step(total, total, "Done")
    out = _result_json(analysis, res, placebo, did, names, donors, warnings + list(res.diagnostics.warnings))
    out["leave_one_out"], out["in_time_placebo"] = loo, in_time
    return out


def _leave_one_out_json(fitted: Panel, spec, res, names: dict, progress) -> dict:
    """Each donor with weight left out in turn: the refit's effect and weights (or why it could not run)."""
    from riep.impact.inference import leave_one_out

    try:
        fits = leave_one_out(fitted, spec, result=res, min_weight=LOO_MIN_WEIGHT, progress=progress)
    except (ImpactError, np.linalg.LinAlgError, ValueError) as error:
        return {"runs": [], "skipped": f"Leave-one-out could not run: {error}"}
    runs = [{"unit": f.dropped, "name": names.get(f.dropped, f.dropped), "average_effect": _num(f.average_effect),
             "pre_rmspe": _num(f.pre_rmspe),
             "weights": [{"unit": u, "name": names.get(u, u), "weight": w}
                         for u, w in sorted(f.weights.items(), key=lambda kv: -kv[1])]} for f in fits]
    return {"runs": runs, "skipped": "" if runs else "No donor could be left out: the pool is too small."}


def _in_time_json(fitted: Panel, spec, names: dict) -> dict:
    """The analysis re-run as if the start were IN_TIME_YEARS_EARLIER years earlier, on the years before the real
    start only; skipped, with the reason, when fewer than 3 years would remain before the fake start."""
    from riep.impact.inference import in_time_placebo

    fake = spec.treatment_time - IN_TIME_YEARS_EARLIER
    before = sum(1 for t in fitted.times if t < fake)
    out = {"fake_year": fake, "years_earlier": IN_TIME_YEARS_EARLIER}
    if before < IN_TIME_MIN_PRE_PERIODS:
        return {**out, "skipped": f"Not computed: a start in {fake} would leave {before} year(s) before it, and at "
                                  f"least {IN_TIME_MIN_PRE_PERIODS} are needed."}
    try:
        placebo = in_time_placebo(fitted, spec, fake)
    except (ImpactError, np.linalg.LinAlgError, ValueError) as error:
        return {**out, "skipped": f"Not computed: {error}"}
    r = placebo.result
    return {**out, "skipped": "", "average_effect": _num(placebo.average_effect), "pre_rmspe": _num(placebo.pre_rmspe),
            "rmspe_ratio": _num(placebo.rmspe_ratio), "times": [int(t) for t in r.times],
            "treated_outcome": list(r.treated_outcome), "synthetic_outcome": list(r.synthetic_outcome),
            "gaps": list(r.gaps),
            "weights": [{"unit": u, "name": names.get(u, u), "weight": w}
                        for u, w in sorted(r.weights_by_unit.items(), key=lambda kv: -kv[1]) if w > LOO_MIN_WEIGHT]}


def _result_json(analysis, res, placebo, did, names, donors, warnings) -> dict:
    times = [int(t) for t in res.times]
    post = [t >= analysis.treatment_year for t in times]
    synth_post = [s for s, p in zip(res.synthetic_outcome, post) if p]
    post_mean = float(np.mean(synth_post)) if synth_post else None
    d = res.diagnostics
    out = {
        "engine": "riep.impact synthetic control (ADH 2010) with in-space placebos; 2x2 difference-in-differences",
        "computed_at": timezone.now().isoformat(),
        "treated_label": res.spec.treated if res.spec.treated != TREATED_KEY else
        f"Average of {', '.join(names.get(t, t) for t in analysis.treated)}",
        "treated": [{"unit": t, "name": names.get(t, t)} for t in analysis.treated],
        "treatment_year": analysis.treatment_year,
        "times": times,
        "treated_outcome": list(res.treated_outcome),
        "synthetic_outcome": list(res.synthetic_outcome),
        "gaps": list(res.gaps),
        "weights": sorted(({"unit": u, "name": names.get(u, u), "weight": w} for u, w in zip(res.donors, res.weights)),
                          key=lambda r: -r["weight"]),
        "balance": [{"predictor": b.predictor, "treated": _num(b.treated), "synthetic": _num(b.synthetic),
                     "donor_mean": _num(b.donor_mean), "importance": _num(b.importance)} for b in d.balance],
        "average_effect": res.average_effect,
        "effect_percent": (100 * res.average_effect / post_mean) if post_mean else None,
        "pre_rmspe": _num(res.pre_rmspe), "post_rmspe": _num(res.post_rmspe), "rmspe_ratio": _num(res.rmspe_ratio),
        "diagnostics": {"max_weight": d.max_weight, "max_weight_donor": names.get(d.max_weight_donor, d.max_weight_donor),
                        "effective_donors": d.effective_donors, "n_donors": d.n_donors, "n_pre_periods": d.n_pre_periods,
                        "hull_distance": _num(d.hull_distance), "outside_hull": bool(d.outside_hull)},
        "donor_pool": len(donors),
        "warnings": list(dict.fromkeys(warnings)),
        "placebo": None, "did": None,
    }
    if placebo is not None:
        out["placebo"] = {
            "p_value": placebo.p_value, "rank": placebo.rank, "count": len(placebo.placebos),
            "failed": [names.get(u, u) for u in placebo.failed],
            "treated": {"pre_rmspe": _num(placebo.treated.pre_rmspe), "post_rmspe": _num(placebo.treated.post_rmspe),
                        "rmspe_ratio": _num(placebo.treated.rmspe_ratio), "average_effect": placebo.treated.average_effect},
            "units": [{"unit": p.unit, "name": names.get(p.unit, p.unit), "pre_rmspe": _num(p.pre_rmspe),
                       "post_rmspe": _num(p.post_rmspe), "rmspe_ratio": _num(p.rmspe_ratio),
                       "average_effect": p.average_effect, "gaps": list(p.gaps)} for p in placebo.placebos],
        }
    if did is not None:
        e = did.effect
        out["did"] = {"estimate": e.estimate, "std_error": e.std_error, "ci_low": e.ci_low, "ci_high": e.ci_high,
                      "p_value": e.p_value, "treated_pre": did.treated_pre, "treated_post": did.treated_post,
                      "control_pre": did.control_pre, "control_post": did.control_post, "n_units": did.n_units,
                      "n_treated": did.n_treated, "n_obs": did.n_obs, "warnings": list(did.warnings)}
    return out


def run_analysis(analysis: ImpactAnalysis, progress=None) -> ImpactAnalysis:
    """Runs and stores the result; on an input problem stores the message and re-raises it."""
    ImpactAnalysis.objects.filter(pk=analysis.pk).update(status=AnalysisStatus.RUNNING, error="")
    try:
        result = compute(analysis, progress)
    except ImpactError as error:
        _finish(analysis, AnalysisStatus.FAILED, {}, str(error))
        raise
    except Exception as error:
        _finish(analysis, AnalysisStatus.FAILED, {}, f"Unexpected error: {error}")
        raise
    _finish(analysis, AnalysisStatus.SUCCEEDED, result, "")
    return analysis


def _finish(analysis, status, result, error) -> None:
    analysis.status, analysis.result, analysis.error, analysis.finished_at = status, result, error, timezone.now()
    analysis.save(update_fields=["status", "result", "error", "finished_at"])


def create_analysis(user, *, enqueue_job: bool = True, **fields) -> ImpactAnalysis:
    """Creates an analysis and queues the job that runs it."""
    from riep.core.jobs import enqueue

    analysis = ImpactAnalysis(created_by=user if getattr(user, "pk", None) else None, **fields)
    analysis._history_user = analysis.created_by
    analysis.save()
    if enqueue_job:
        analysis.job = enqueue("impact_analysis", {"analysis_id": analysis.pk}, user)
        analysis.save(update_fields=["job"])
    return analysis


# --- figures and tables for pages --------------------------------------------------------------------------------


def fmt(x, places: int = 2) -> str:
    if x is None:
        return "–"
    if isinstance(x, float) and math.isinf(x):
        return "infinite"
    return f"{x:,.{places}f}"


def period_label(year: int) -> str:
    """2009 → 2009-10 for panels of financial years (periods between 1990 and 2100 are read as such)."""
    return f"{year}-{(year + 1) % 100:02d}" if 1990 <= year < 2100 else str(year)


def _r(x, places=2):
    return None if x is None else round(float(x), places)


def series_table(result: dict, outcome_label: str) -> Table:
    rows = [{"period": period_label(t), "treated": _r(a), "synthetic": _r(b), "gap": _r(g),
             "phase": "after" if t >= result["treatment_year"] else "before"}
            for t, a, b, g in zip(result["times"], result["treated_outcome"], result["synthetic_outcome"], result["gaps"])]
    return Table("series", f"{outcome_label}: treated and synthetic control, by year", [
        Column("period", "Year"), Column("phase", "Before or after the start", TEXT),
        Column("treated", result["treated_label"][:60], NUMBER), Column("synthetic", "Synthetic control", NUMBER),
        Column("gap", "Gap (treated − synthetic)", NUMBER)], rows,
        note="The gap after the start is the estimated effect in that year; before the start it shows how well the "
             "synthetic control fits.")


def placebo_table(result: dict) -> Table | None:
    placebo = result.get("placebo")
    if not placebo:
        return None
    rows = [{"name": result["treated_label"][:80] + " (treated)", "pre": _r(placebo["treated"]["pre_rmspe"], 3),
             "post": _r(placebo["treated"]["post_rmspe"], 3), "ratio": _r(placebo["treated"]["rmspe_ratio"], 2),
             "effect": _r(placebo["treated"]["average_effect"])}]
    rows += [{"name": p["name"], "pre": _r(p["pre_rmspe"], 3), "post": _r(p["post_rmspe"], 3),
              "ratio": _r(p["rmspe_ratio"], 2), "effect": _r(p["average_effect"])}
             for p in sorted(placebo["units"], key=lambda p: -(p["rmspe_ratio"] or 0))]
    return Table("placebos", "In-space placebos: each donor treated in turn", [
        Column("name", "Council"), Column("pre", "Pre-period RMSPE", NUMBER), Column("post", "Post-period RMSPE", NUMBER),
        Column("ratio", "Post/pre RMSPE ratio", NUMBER), Column("effect", "Average post-period gap", NUMBER)], rows,
        note=f"The treated ratio ranks {placebo['rank']} of {placebo['count'] + 1}; permutation p-value "
             f"{placebo['p_value']:.3f} (the share of councils, treated included, with a ratio at least as large).")


def leave_one_out_summary(result: dict, label: str) -> str | None:
    """One plain sentence on the leave-one-out check and whether it supports the result; None if not computed."""
    loo = result.get("leave_one_out")
    if loo is None:
        return None
    if not loo["runs"]:
        return loo.get("skipped") or "Leave-one-out was not computed."
    real = result["average_effect"]
    effects = [r["average_effect"] for r in loo["runs"] if r["average_effect"] is not None]
    low, high = min(effects), max(effects)
    span = f"from {fmt(low)} to {fmt(high)} {label} a year" if len(effects) > 1 else f"{fmt(low)} {label} a year"
    weak = [r["name"] for r in loo["runs"] if r["average_effect"] is None or
            (r["average_effect"] * real <= 0) or abs(r["average_effect"]) < 0.5 * abs(real)]
    if not weak:
        return (f"The effect does not depend on any one donor: leaving each weighted council out in turn gives "
                f"effects {span}, against {fmt(real)} with them all.")
    return (f"The effect depends on {', '.join(weak)}: leaving {'it' if len(weak) == 1 else 'each'} out gives an "
            f"effect less than half the size or of the other sign (all refits: {span}, against {fmt(real)} with "
            "every donor), so treat the result with care.")


def leave_one_out_table(result: dict) -> Table | None:
    loo = result.get("leave_one_out")
    if not loo or not loo["runs"]:
        return None
    rows = [{"name": r["name"], "effect": _r(r["average_effect"]), "pre": _r(r["pre_rmspe"], 3),
             "weights": "; ".join(f"{w['name']} {w['weight']:.3f}" for w in r["weights"] if w["weight"] >= 0.0005)}
            for r in loo["runs"]]
    return Table("leave-one-out", "Leave-one-out: each weighted donor left out in turn", [
        Column("name", "Council left out"), Column("effect", "Average post-period gap", NUMBER),
        Column("pre", "Pre-period RMSPE", NUMBER), Column("weights", "Weights of the refit", TEXT)], rows,
        note=f"With every donor the average gap is {fmt(result['average_effect'])}. A result that holds whichever "
             "council is left out does not rest on one comparison council.")


def in_time_summary(result: dict, label: str) -> str | None:
    """One plain sentence on the in-time placebo and whether it supports the result; None if not computed."""
    placebo = result.get("in_time_placebo")
    if placebo is None:
        return None
    fake_year, start = placebo["fake_year"], result["treatment_year"]
    if placebo.get("skipped"):
        return f"In-time placebo (a pretend start in {period_label(fake_year)}): {placebo['skipped']}"
    real, fake = result["average_effect"], placebo["average_effect"]
    opening = (f"Pretending the change started in {period_label(fake_year)}, {placebo['years_earlier']} years early, "
               f"and using only the years before {period_label(start)}, gives an average gap of {fmt(fake)} {label} a "
               f"year over {period_label(fake_year)} to {period_label(start - 1)}, against {fmt(real)} for the real "
               "start")
    if fake is not None and abs(fake) < 0.5 * abs(real):
        return opening + ": much smaller, as expected if the gap after the start is due to the change."
    return (opening + ": a gap of half the real effect or more before anything changed, so the treated councils may "
            "already have been moving away from the comparison; this weakens the result.")


def in_time_table(result: dict) -> Table | None:
    placebo = result.get("in_time_placebo")
    if not placebo or placebo.get("skipped"):
        return None
    fake = placebo["fake_year"]
    rows = [{"period": period_label(t), "phase": "after" if t >= fake else "before", "treated": _r(a),
             "synthetic": _r(b), "gap": _r(g)}
            for t, a, b, g in zip(placebo["times"], placebo["treated_outcome"], placebo["synthetic_outcome"],
                                  placebo["gaps"])]
    return Table("in-time-placebo", f"In-time placebo: a pretend start in {period_label(fake)}", [
        Column("period", "Year"), Column("phase", "Before or after the pretend start", TEXT),
        Column("treated", result["treated_label"][:60], NUMBER), Column("synthetic", "Synthetic control", NUMBER),
        Column("gap", "Gap (treated − synthetic)", NUMBER)], rows,
        note=f"Refitted on the years before {period_label(result['treatment_year'])} only; the average gap after "
             f"the pretend start is {fmt(placebo['average_effect'])}.")


def weights_table(result: dict) -> Table:
    rows = [{"name": w["name"], "unit": w["unit"], "weight": _r(w["weight"], 3)} for w in result["weights"] if w["weight"] >= 0.0005]
    zero = sum(1 for w in result["weights"] if w["weight"] < 0.0005)
    return Table("weights", "Donor weights: the councils that make up the synthetic control", [
        Column("name", "Council"), Column("unit", "Code in the panel"), Column("weight", "Weight", NUMBER)], rows,
        note=f"Weights are non-negative and sum to 1. {zero} other donor(s) have no weight." if zero else
        "Weights are non-negative and sum to 1.")


def balance_table(result: dict) -> Table:
    rows = [{"predictor": b["predictor"], "treated": _r(b["treated"]), "synthetic": _r(b["synthetic"]),
             "donor_mean": _r(b["donor_mean"]), "importance": _r(b["importance"], 3)} for b in result["balance"]]
    return Table("balance", "Predictor balance before the start", [
        Column("predictor", "Predictor"), Column("treated", "Treated", NUMBER), Column("synthetic", "Synthetic control", NUMBER),
        Column("donor_mean", "Average of all donors", NUMBER), Column("importance", "Importance (V)", NUMBER)], rows,
        note="A good synthetic control is much closer to the treated councils than the average donor is.")


def evidence_method_text(analysis: ImpactAnalysis) -> str:
    r = analysis.result
    placebo = r.get("placebo")
    text = ("Synthetic control with in-space placebos, p = " + f"{placebo['p_value']:.3f}" + f" ({placebo['count']} placebos)"
            if placebo else "Synthetic control (no placebo inference)")
    text += f"; average effect {fmt(r['average_effect'])} {analysis.outcome_label or analysis.outcome} a year"
    if r.get("did"):
        text += f"; DiD {fmt(r['did']['estimate'])} (SE {fmt(r['did']['std_error'])})"
    text += f". Impact analysis {analysis.pk}: {analysis.title}"
    return text[:300]


def candidate_gains(analysis: ImpactAnalysis):
    """The gains this analysis can be evidence for: its own gain, or its project's gains."""
    from riep.ledger.models import EfficiencyGain

    if analysis.gain_id:
        return EfficiencyGain.objects.filter(pk=analysis.gain_id)
    if analysis.project_id:
        return EfficiencyGain.objects.filter(project_id=analysis.project_id).exclude(status="withdrawn")
    return EfficiencyGain.objects.none()


@transaction.atomic
def use_as_evidence(user, analysis: ImpactAnalysis, gains) -> list:
    """Sets each gain's evidence method and Maryland level 3 through the ledger's save_gain (locking, versions and
    the user's councils all apply). Raises ValidationError (or PermissionDenied) and changes nothing on a refusal."""
    from django.core.exceptions import ValidationError

    from riep.ledger.services import GainData, save_gain

    if analysis.status != AnalysisStatus.SUCCEEDED:
        raise ValidationError("Only a finished analysis can be used as evidence.")
    allowed = set(candidate_gains(analysis).values_list("pk", flat=True))
    text = evidence_method_text(analysis)
    changed = []
    for gain in gains:
        if gain.pk not in allowed:
            raise ValidationError(f"Gain {gain.reference} is not attached to this analysis or its project.")
        save_gain(user, gain, GainData(fields={"evidence_level": MARYLAND_COMPARISON_GROUP, "evidence_method": text}),
                  reason=f"Counterfactual evidence from impact analysis {analysis.pk} ({analysis.title})")
        analysis.evidence_gains.add(gain)
        changed.append(gain)
    return changed


def impact_evidence_table(gains) -> Table:
    """For the value report: each gain with counterfactual evidence, the analysis behind it and its figures."""
    gains = list(gains)
    analyses = ImpactAnalysis.objects.filter(evidence_gains__in=gains, status=AnalysisStatus.SUCCEEDED) \
        .prefetch_related("evidence_gains").distinct().order_by("pk")
    rows = []
    ids = {g.pk for g in gains}
    for a in analyses:
        placebo, did = a.result.get("placebo"), a.result.get("did")
        for g in a.evidence_gains.all():
            if g.pk not in ids:
                continue
            rows.append({
                "gain": g.reference, "analysis": f"{a.title}" + (" (illustrative data)" if a.panel.illustrative else ""),
                "link": a.get_absolute_url(),
                "effect": f"{fmt(a.result.get('average_effect'))} {a.outcome_label or a.outcome}",
                "p": "–" if not placebo else f"{placebo['p_value']:.3f}",
                "did": "–" if not did else f"{fmt(did['estimate'])} (SE {fmt(did['std_error'])})",
                "level": g.get_evidence_level_display() if g.evidence_level else "–",
            })
    return Table("impact-evidence", "Counterfactual evidence behind gains", [
        Column("gain", "Gain"), Column("analysis", "Impact analysis", TEXT, link_key="link"),
        Column("effect", "Average effect a year"), Column("p", "Placebo p-value"),
        Column("did", "Difference-in-differences (SE)"), Column("level", "Maryland level")], rows,
        note="Synthetic control (Abadie, Diamond and Hainmueller 2010) compares the councils with a weighted mix of "
             "similar councils; the p-value comes from treating each comparison council in turn (in-space placebos).")
