"""`riep impact`: synthetic control and difference-in-differences on a long panel file.

A thin adapter: it reads the file, builds the engine's typed spec, calls ``riep.impact`` and writes
JSON or CSV. Every input problem ends in a one-line message and exit code 2.
"""
from __future__ import annotations

import csv
import enum
import io
import json
import math
import os
import re
from pathlib import Path
from typing import List, Optional

import pandas as pd
import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from riep.cli.common import command_group, console, fail
from riep.impact.engine import (
    ImpactError,
    SynthSpec,
    fit_synth,
    in_space_placebos,
    in_time_placebo,
    leave_one_out,
    parse_predictor,
)
from riep.impact.engine.panel import panel_from_frame, read_frame

app = command_group(help_text="Counterfactual analysis: synthetic control and difference-in-differences.")
err = console


class OutputFormat(str, enum.Enum):
    json = "json"
    csv = "csv"


class VMethodOption(str, enum.Enum):
    nested = "nested"
    equal = "equal"
    cross_validate = "cross-validate"


class ControlGroup(str, enum.Enum):
    never = "never"
    not_yet = "not-yet"


_fail = fail


def _period(text: Optional[str], name: str) -> Optional[tuple[int, int]]:
    if text is None:
        return None
    parts = text.split(":")
    try:
        if len(parts) != 2:
            raise ValueError
        return int(parts[0]), int(parts[1])
    except ValueError:
        _fail(f"{name} '{text}' must look like FROM:TO, e.g. 1970:1979")


def _num(x: float) -> Optional[float]:
    """JSON has no NaN or infinity: write null."""
    return float(x) if x is not None and math.isfinite(x) else None


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror}")
    err.print(f"Written to {escape(str(output))}.", highlight=False)


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["empty"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


_FY = re.compile(r"^(\d{4})-(\d{2})$")


def _start(text: Optional[str], option: str = "--treatment-time") -> tuple[Optional[int], bool]:
    """A start as a year (1989) or a financial year (2009-10, whose period is 2009): (period, is FY)."""
    if text is None:
        return None, False
    text = text.strip()
    m = _FY.match(text)
    if m and (int(m.group(1)) + 1) % 100 == int(m.group(2)):
        return int(m.group(1)), True
    if text.lstrip("-").isdigit():
        return int(text), False
    _fail(f"{option} '{text}' must be a period such as 1989, or a financial year such as 2009-10.")


def _label(fy: bool):
    """How periods are printed: 2009-10 where the panel's periods are financial years, else the number."""
    return (lambda t: f"{t}-{(t + 1) % 100:02d}") if fy else (lambda t: t)


def _load(panel: Path, unit: str, time: str, columns: list[str]):
    """The frame and the engine's panel; a time column written as financial years ("2009-10") is read as their
    first years, and the third value says so (the output then labels periods as financial years)."""
    try:
        frame = read_frame(panel)
        fy = False
        if time in frame.columns and not pd.api.types.is_numeric_dtype(frame[time]):
            text = frame[time].astype(str).str.strip()
            parts = text.str.extract(_FY.pattern)
            if parts[0].notna().all() and ((parts[0].astype(int) + 1) % 100 == parts[1].astype(int)).all():
                frame = frame.assign(**{time: parts[0].astype(int)})
                fy = True
        return frame, panel_from_frame(frame, unit, time, columns), fy
    except ImpactError as error:
        _fail(str(error))


@app.command("synth")
def synth(
    panel: Path = typer.Option(..., "--panel", help="Long panel, CSV or Parquet: one row per unit and period."),
    unit: str = typer.Option(..., "--unit", help="Column naming the unit (e.g. council)."),
    time: str = typer.Option(..., "--time", help="Column with the period (whole numbers, e.g. years)."),
    outcome: str = typer.Option(..., "--outcome", help="Outcome column."),
    treated: str = typer.Option(..., "--treated", help="The treated unit."),
    treatment_text: str = typer.Option(..., "--treatment-time",
                                       help="First treated period: a year (1989) or a financial year (2009-10)."),
    donors: Optional[List[str]] = typer.Option(None, "--donors", help="A donor unit; repeat for each. Default: all others."),
    predictor: Optional[List[str]] = typer.Option(
        None, "--predictor",
        help="column[:FROM-TO][:mean] or column@YEAR; repeat for each. Default: the outcome in every pre-period."),
    v_method: VMethodOption = typer.Option(VMethodOption.nested, "--v-method", help="How predictor importances V are chosen."),
    train_period: Optional[str] = typer.Option(None, "--train-period", help="Cross-validation training period FROM:TO."),
    validation_period: Optional[str] = typer.Option(None, "--validation-period", help="Cross-validation validation period FROM:TO."),
    fit_period: Optional[str] = typer.Option(None, "--fit-period", help="Periods whose outcome fit the nested V search minimises (default: all pre-periods)."),
    placebos: bool = typer.Option(False, "--placebos", help="Run in-space placebos for a permutation p-value."),
    penalty: float = typer.Option(0.0, "--penalty", help="Abadie-L'Hour penalty lambda (0 = classic synthetic control)."),
    random_starts: int = typer.Option(0, "--random-starts", help="Extra random starts for the nested V search."),
    workers: int = typer.Option(min(2, os.cpu_count() or 1), "--workers", help="Processes for the placebo sweep."),
    in_time_text: Optional[List[str]] = typer.Option(
        None, "--in-time-placebo", metavar="YEAR",
        help="Robustness check: refit as if treatment began at YEAR (1985, or a financial year such as 2006-07; "
             "before the real start), on pre-treatment data "
             "only; repeat for several years. JSON key 'in_time_placebos'."),
    loo: bool = typer.Option(
        False, "--leave-one-out",
        help="Robustness check: refit once per donor with positive weight, leaving that donor out. "
             "JSON key 'leave_one_out'."),
    output_format: OutputFormat = typer.Option(
        OutputFormat.json, "--format",
        help="json, or csv: one row per period with columns time, treated, synthetic, gap, post. With "
             "--in-time-placebo or --leave-one-out the CSV is long, one row per run and period, with columns "
             "run, time, treated, synthetic, gap, post, average_effect, weights: run is 'main', "
             "'in-time-placebo:YEAR' or 'leave-one-out:DONOR'; post is 1 from the run's (fake) start; "
             "average_effect is the run's mean post gap; weights is 'donor=weight;...' by weight, largest first."),
    output: Optional[Path] = typer.Option(None, "--output", help="Write here instead of standard output."),
) -> None:
    """Synthetic control: donor weights, the counterfactual path, the effect, and diagnostics."""
    try:
        specs = tuple(parse_predictor(p) for p in (predictor or []))
    except ImpactError as error:
        _fail(str(error))
    columns = [outcome, *dict.fromkeys(s.column for s in specs)]
    _, data, fy_column = _load(panel, unit, time, columns)
    treatment_time, fy_start = _start(treatment_text)
    label = _label(fy_column or fy_start)
    in_time = [_start(t, "--in-time-placebo")[0] for t in in_time_text or []]
    spec = SynthSpec(
        outcome=outcome, treated=treated, treatment_time=treatment_time,
        donors=tuple(donors) if donors else None, predictors=specs, v_method=v_method.value,
        train_period=_period(train_period, "--train-period"),
        validation_period=_period(validation_period, "--validation-period"),
        fit_period=_period(fit_period, "--fit-period"), penalty=penalty, random_starts=random_starts,
    )
    pre_times = [t for t in data.times if t < treatment_time]
    for year in dict.fromkeys(in_time or []):
        if year >= treatment_time:
            _fail(f"--in-time-placebo {label(year)} must be before the treatment time {label(treatment_time)}.")
        before = sum(1 for t in pre_times if t < year)
        if before < spec.min_pre_periods:
            _fail(f"--in-time-placebo {label(year)} leaves {before} period(s) before it; "
                  f"at least {spec.min_pre_periods} are needed.")
    try:
        result = fit_synth(data, spec)
        fake_starts = [in_time_placebo(data, spec, year) for year in dict.fromkeys(in_time or [])]
        dropped = leave_one_out(data, spec, result=result) if loo else None
        placebo = None
        if placebos:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=err, transient=False) as progress:
                task = progress.add_task("Placebo fits", total=len(result.donors))
                placebo = in_space_placebos(
                    data, spec, result=result, workers=max(1, workers),
                    progress=lambda done, total: progress.update(task, completed=done, total=total))
    except ImpactError as error:
        _fail(str(error))

    post = [t >= treatment_time for t in result.times]
    if output_format is OutputFormat.csv and (in_time or loo):
        _write(_csv(_check_rows(result, treatment_time, fake_starts, dropped or (), label)), output)
        return
    if output_format is OutputFormat.csv:
        rows = [{"time": label(t), "treated": y, "synthetic": s, "gap": g, "post": int(p)}
                for t, y, s, g, p in zip(result.times, result.treated_outcome, result.synthetic_outcome,
                                         result.gaps, post)]
        _write(_csv(rows), output)
        return
    d = result.diagnostics
    document = {
        "method": "synthetic_control",
        "treated": result.spec.treated,
        "treatment_time": label(treatment_time),
        "period_kind": "financial_year" if fy_column or fy_start else "period",
        "outcome": outcome,
        "v_method": spec.v_method,
        "penalty": penalty,
        "weights": dict(sorted(result.weights_by_unit.items(), key=lambda kv: -kv[1])),
        "V": dict(zip(result.predictor_labels, result.v)),
        "predictors": [
            {"predictor": b.predictor, "v": b.importance, "treated": _num(b.treated),
             "synthetic": _num(b.synthetic), "donor_mean": _num(b.donor_mean)} for b in d.balance],
        "periods": [
            {"time": label(t), "treated": _num(y), "synthetic": _num(s), "gap": _num(g), "post": p}
            for t, y, s, g, p in zip(result.times, result.treated_outcome, result.synthetic_outcome,
                                     result.gaps, post)],
        "average_effect": result.average_effect,
        "pre_rmspe": result.pre_rmspe,
        "post_rmspe": result.post_rmspe,
        "rmspe_ratio": _num(result.rmspe_ratio),
        "fit_loss": result.fit_loss,
        "p_value": placebo.p_value if placebo else None,
        "placebo": None if placebo is None else {
            "rank": placebo.rank,
            "n_placebos": len(placebo.placebos),
            "failed": list(placebo.failed),
            "units": [{"unit": p.unit, "pre_rmspe": p.pre_rmspe, "post_rmspe": p.post_rmspe,
                       "rmspe_ratio": _num(p.rmspe_ratio), "average_effect": p.average_effect}
                      for p in placebo.placebos],
        },
        "in_time_placebos": [
            {"fake_time": label(f.fake_time), "average_effect": f.average_effect, "pre_rmspe": f.pre_rmspe,
             "rmspe_ratio": _num(f.rmspe_ratio), "weights": _weights(f.result.weights_by_unit),
             "periods": [{"time": label(t), "treated": y, "synthetic": s, "gap": g, "post": t >= f.fake_time}
                         for t, y, s, g in zip(f.result.times, f.result.treated_outcome,
                                               f.result.synthetic_outcome, f.result.gaps)]}
            for f in fake_starts] if in_time else None,
        "leave_one_out": None if dropped is None else [
            {"dropped": f.dropped, "average_effect": f.average_effect, "pre_rmspe": f.pre_rmspe,
             "weights": _weights(f.weights)} for f in dropped],
        "diagnostics": {
            "pre_rmspe": d.pre_rmspe,
            "max_weight": d.max_weight,
            "max_weight_donor": d.max_weight_donor,
            "effective_donors": d.effective_donors,
            "n_donors": d.n_donors,
            "n_pre_periods": d.n_pre_periods,
            "hull_distance": d.hull_distance,
            "outside_hull": d.outside_hull,
            "warnings": list(d.warnings),
        },
    }
    _write(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)


def _weights(weights) -> dict:
    """Positive weights, largest first."""
    return {u: w for u, w in sorted(weights.items(), key=lambda kv: -kv[1]) if w > 1e-6}


def _check_rows(result, treatment_time: int, fake_starts, dropped, label=lambda t: t) -> list[dict]:
    """The long CSV: the main fit, each in-time placebo and each leave-one-out refit, one row per period."""
    def run_rows(run, times, treated, gaps, start, effect, weights):
        text = ";".join(f"{u}={w:.6g}" for u, w in _weights(weights).items())
        return [{"run": run, "time": label(t), "treated": y, "synthetic": y - g, "gap": g, "post": int(t >= start),
                 "average_effect": effect, "weights": text} for t, y, g in zip(times, treated, gaps)]

    rows = run_rows("main", result.times, result.treated_outcome, result.gaps, treatment_time,
                    result.average_effect, result.weights_by_unit)
    for f in fake_starts:
        r = f.result
        rows += run_rows(f"in-time-placebo:{label(f.fake_time)}", r.times, r.treated_outcome, r.gaps, f.fake_time,
                         f.average_effect, r.weights_by_unit)
    for f in dropped:
        rows += run_rows(f"leave-one-out:{f.dropped}", result.times, result.treated_outcome, f.gaps, treatment_time,
                         f.average_effect, f.weights)
    return rows


def _estimate(e) -> dict:
    return {"estimate": e.estimate, "std_error": e.std_error, "ci_low": e.ci_low, "ci_high": e.ci_high,
            "p_value": _num(e.p_value)}


@app.command("did")
def did(
    panel: Path = typer.Option(..., "--panel", help="Long panel, CSV or Parquet: one row per unit and period."),
    unit: str = typer.Option(..., "--unit", help="Column naming the unit."),
    time: str = typer.Option(..., "--time", help="Column with the period (whole numbers)."),
    outcome: str = typer.Option(..., "--outcome", help="Outcome column."),
    treated: Optional[List[str]] = typer.Option(None, "--treated", help="A treated unit; repeat for each."),
    treatment_text: Optional[str] = typer.Option(
        None, "--treatment-time", help="First treated period: a year (1989) or a financial year (2009-10)."),
    event_study: bool = typer.Option(False, "--event-study", help="Two-way fixed effects event study instead of 2x2."),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="Column grouping units into clusters (default: the unit)."),
    cohort: Optional[str] = typer.Option(
        None, "--cohort",
        help="Staggered adoption: column with each unit's first treated period (blank = never). Runs Callaway-Sant'Anna."),
    control: ControlGroup = typer.Option(ControlGroup.never, "--control", help="Callaway-Sant'Anna comparison group."),
    output_format: OutputFormat = typer.Option(OutputFormat.json, "--format", help="json or csv."),
    output: Optional[Path] = typer.Option(None, "--output", help="Write here instead of standard output."),
) -> None:
    """Difference-in-differences with unit-clustered errors: 2x2, event study, or staggered adoption."""
    from riep.impact.engine.did import callaway_santanna, did_2x2
    from riep.impact.engine.did import event_study as run_event_study

    extra = [c for c in (cluster, cohort) if c]
    frame, data, fy_column = _load(panel, unit, time, [outcome])
    treatment_time, fy_start = _start(treatment_text)
    label = _label(fy_column or fy_start)
    for col in extra:
        if col not in frame.columns:
            _fail(f"Column '{col}' is not in the panel.")
    units = frame[unit].astype(str)
    clusters = None
    if cluster:
        per_unit = frame.groupby(units)[cluster].nunique(dropna=False)
        if (per_unit > 1).any():
            _fail(f"Column '{cluster}' must be constant within each unit; '{per_unit[per_unit > 1].index[0]}' has several values.")
        clusters = frame.groupby(units)[cluster].first().astype(str).to_dict()
    try:
        if cohort:
            firsts = frame.groupby(units)[cohort].first()
            adoption = {}
            for u, g in firsts.items():
                if g is not None and str(g).strip() not in ("", "nan", "None"):
                    try:
                        m = _FY.match(str(g).strip())
                        adoption[u] = int(m.group(1)) if m else int(float(g))
                    except ValueError:
                        _fail(f"Column '{cohort}' must hold a period or be blank; unit '{u}' has {g!r}.")
            res = callaway_santanna(data, outcome, adoption, control_group=control.value)
            rows = [{"cohort": label(c.cohort), "time": label(c.time), "att": c.att, "std_error": c.std_error,
                     "n_treated": c.n_treated, "n_control": c.n_control} for c in res.group_time]
            document = {"method": "callaway_santanna", "control_group": res.control_group,
                        "overall": _estimate(res.overall),
                        "event_study": [{"relative_time": e.relative_time, **_estimate(e.estimate)} for e in res.event_study],
                        "group_time": rows, "n_units": res.n_units, "warnings": list(res.warnings)}
        else:
            if not treated or treatment_time is None:
                _fail("Give --treated (repeat for each unit) and --treatment-time, or --cohort for staggered adoption.")
            if event_study:
                res = run_event_study(data, outcome, {u: treatment_time for u in treated}, clusters=clusters)
                rows = [{"relative_time": c.relative_time, **_estimate(c.estimate)} for c in res.coefficients]
                document = {"method": "event_study", "treatment_time": label(treatment_time),
                            "reference_time": res.reference_time, "coefficients": rows,
                            "n_units": res.n_units, "n_obs": res.n_obs, "cluster": cluster or unit}
            else:
                res = did_2x2(data, outcome, treated, treatment_time, clusters=clusters)
                rows = [{"term": "treated_x_post", **_estimate(res.effect)}]
                document = {"method": "did_2x2", "treatment_time": label(treatment_time), "effect": _estimate(res.effect),
                            "means": {"treated_pre": res.treated_pre, "treated_post": res.treated_post,
                                      "control_pre": res.control_pre, "control_post": res.control_post},
                            "n_units": res.n_units, "n_treated": res.n_treated, "n_obs": res.n_obs,
                            "cluster": cluster or unit, "warnings": list(res.warnings)}
    except ImpactError as error:
        _fail(str(error))
    if output_format is OutputFormat.csv:
        _write(_csv(rows), output)
    else:
        _write(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)


class SEMethodOption(str, enum.Enum):
    placebo = "placebo"
    jackknife = "jackknife"
    none = "none"


class SolverOption(str, enum.Enum):
    exact = "exact"
    frank_wolfe = "frank-wolfe"


@app.command("sdid")
def sdid_command(
    panel: Path = typer.Option(..., "--panel", help="Long panel, CSV or Parquet: one row per unit and period."),
    unit: str = typer.Option(..., "--unit", help="Column naming the unit."),
    time: str = typer.Option(..., "--time", help="Column with the period (whole numbers)."),
    outcome: str = typer.Option(..., "--outcome", help="Outcome column."),
    treated: Optional[List[str]] = typer.Option(None, "--treated", help="A treated unit; repeat for each."),
    treatment_text: Optional[str] = typer.Option(
        None, "--treatment-time", help="First treated period: a year (1989) or a financial year (2009-10)."),
    se_method: SEMethodOption = typer.Option(
        SEMethodOption.placebo, "--se",
        help="Standard error: placebo (Arkhangelsky et al. Algorithm 4, for few treated units), jackknife "
             "(Algorithm 3, two or more treated units) or none."),
    replications: int = typer.Option(200, "--replications", min=2, help="Placebo replications."),
    seed: int = typer.Option(0, "--seed", help="Seed for the placebo draws."),
    solver: SolverOption = typer.Option(
        SolverOption.exact, "--solver", help="Unit weights: exact (QP) or frank-wolfe (synthdid's own iterations)."),
    output_format: OutputFormat = typer.Option(
        OutputFormat.json, "--format",
        help="json (estimate, standard error, interval, unit and time weights) or csv: one row per weight with "
             "columns kind (unit or time), name, weight."),
    output: Optional[Path] = typer.Option(None, "--output", help="Write here instead of standard output."),
) -> None:
    """Synthetic difference-in-differences (Arkhangelsky et al. 2021): estimate, standard error and weights."""
    from riep.impact.engine.sdid import sdid

    treatment_time, fy_start = _start(treatment_text)
    if not treated or treatment_time is None:
        _fail("Give --treated (repeat for each unit) and --treatment-time.")
    _, data, fy_column = _load(panel, unit, time, [outcome])
    label = _label(fy_column or fy_start)
    try:
        res = sdid(data, outcome, treated, treatment_time, se_method=se_method.value, replications=replications,
                   seed=seed, solver=solver.value)
    except ImpactError as error:
        _fail(str(error))
    if output_format is OutputFormat.csv:
        rows = [{"kind": "unit", "name": u, "weight": w} for u, w in res.unit_weights]
        rows += [{"kind": "time", "name": label(t), "weight": w} for t, w in res.time_weights]
        _write(_csv(rows), output)
        return
    document = {
        "method": "synthetic_did", "outcome": outcome, "treated": list(res.treated), "treatment_time": label(treatment_time),
        "estimate": res.estimate, "std_error": _num(res.std_error), "ci_low": _num(res.ci_low),
        "ci_high": _num(res.ci_high), "se_method": res.se_method, "replications": res.replications,
        "unit_weights": {u: w for u, w in res.unit_weights},
        "time_weights": {str(label(t)): w for t, w in res.time_weights},
        "n_controls": res.n_controls, "noise_level": res.noise_level, "zeta_omega": res.zeta_omega,
        "warnings": list(res.warnings),
    }
    _write(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)
