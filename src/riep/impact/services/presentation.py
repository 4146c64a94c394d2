"""Figures and tables of a finished analysis for its page (and CSV/XLSX downloads), with plain-English verdicts on
the robustness checks. Reads only the stored result JSON; a missing key means the check was not computed."""
from __future__ import annotations

import math

from riep.core.fy import FinancialYear
from riep.core.tables import NUMBER, TEXT, Column, Table

MINUS = "\u2212"


def fmt(x, places: int = 2) -> str:
    if x is None:
        return "–"
    if isinstance(x, float) and math.isinf(x):
        return "infinite"
    return f"{x:,.{places}f}".replace("-", MINUS)  # one minus sign on every page: U+2212, as the charts draw it


CALENDAR = "calendar_year"


def period_label(year: int, kind: str | None = None) -> str:
    """2009 → 2009-10 for panels of financial years (the default: periods between 1990 and 2100 are read as such);
    the year itself for a panel of calendar years (kind "calendar_year")."""
    if kind == CALENDAR or not 1990 <= year < 2100:
        return str(year)
    return f"{year}-{(year + 1) % 100:02d}"


def read_period(text: str, kind: str | None = None) -> int:
    """The period a person typed, in the panel's own words: "2009-10" (or 2009) for financial years, "2009" for
    calendar years. Raises ValueError with the sentence to show."""
    text = (text or "").strip()
    if kind == CALENDAR:
        if text.isdigit() and len(text) == 4:
            return int(text)
        raise ValueError(f"Enter a calendar year such as 2009 (the panel is of calendar years), not '{text}'")
    if text.isdigit() and len(text) == 4:
        return int(text)
    try:
        return FinancialYear.parse(text).start_year
    except ValueError:
        raise ValueError(f"Enter a financial year such as 2009-10, not '{text}'") from None


def _label(result: dict):
    """The period labeller of one result (its panel's kind of period; older results are financial years)."""
    kind = result.get("period_kind")
    return lambda year: period_label(year, kind)


def _r(x, places=2):
    return None if x is None else round(float(x), places)


def series_table(result: dict, outcome_label: str) -> Table:
    label_ = _label(result)
    rows = [{"period": label_(t), "treated": _r(a), "synthetic": _r(b), "gap": _r(g),
             "phase": "after" if t >= result["treatment_year"] else "before"}
            for t, a, b, g in zip(result["times"], result["treated_outcome"], result["synthetic_outcome"], result["gaps"])]
    return Table("series", f"{outcome_label}: {result['treated_label']} and the synthetic control, by year", [
        Column("period", "Year"), Column("phase", "Before or after the start", TEXT),
        Column("treated", "Treated", NUMBER), Column("synthetic", "Synthetic control", NUMBER),
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
    label_ = _label(result)
    placebo = result.get("in_time_placebo")
    if placebo is None:
        return None
    fake_year, start = placebo["fake_year"], result["treatment_year"]
    if placebo.get("skipped"):
        return f"In-time placebo (a pretend start in {label_(fake_year)}): {placebo['skipped']}"
    real, fake = result["average_effect"], placebo["average_effect"]
    opening = (f"Pretending the change started in {label_(fake_year)}, {placebo['years_earlier']} years early, "
               f"and using only the years before {label_(start)}, gives an average gap of {fmt(fake)} {label} a "
               f"year over {label_(fake_year)} to {label_(start - 1)}, against {fmt(real)} for the real "
               "start")
    if fake is not None and abs(fake) < 0.5 * abs(real):
        return opening + ": much smaller, as expected if the gap after the start is due to the change."
    return (opening + ": a gap of half the real effect or more before anything changed, so the treated councils may "
            "already have been moving away from the comparison; this weakens the result.")


def in_time_table(result: dict) -> Table | None:
    label_ = _label(result)
    placebo = result.get("in_time_placebo")
    if not placebo or placebo.get("skipped"):
        return None
    fake = placebo["fake_year"]
    rows = [{"period": label_(t), "phase": "after" if t >= fake else "before", "treated": _r(a),
             "synthetic": _r(b), "gap": _r(g)}
            for t, a, b, g in zip(placebo["times"], placebo["treated_outcome"], placebo["synthetic_outcome"],
                                  placebo["gaps"])]
    return Table("in-time-placebo", f"In-time placebo: a pretend start in {label_(fake)}", [
        Column("period", "Year"), Column("phase", "Before or after the pretend start", TEXT),
        Column("treated", "Treated", NUMBER), Column("synthetic", "Synthetic control", NUMBER),
        Column("gap", "Gap (treated − synthetic)", NUMBER)], rows,
        note=f"Refitted on the years before {label_(result['treatment_year'])} only; the average gap after "
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


def comparison_table(result: dict) -> Table | None:
    """Each estimator's average effect and interval side by side (absent for results computed before it existed)."""
    comparison = result.get("comparison")
    if not comparison:
        return None
    rows = [{"name": r["name"], "effect": _r(r["effect"]),
             "interval": (f"{fmt(r['low']) if r['low'] is not None else 'no lower limit'} to "
                          f"{fmt(r['high']) if r['high'] is not None else 'no upper limit'}")
             if r["low"] is not None or r["high"] is not None else "–",
             "kind": r["interval"]} for r in comparison["rows"]]
    return Table("comparison", "Average effect after the start: every estimator side by side", [
        Column("name", "Estimator"), Column("effect", "Average effect a year", NUMBER),
        Column("interval", "Interval", TEXT), Column("kind", "What the interval is", TEXT)], rows,
        note="Synthetic control's interval is conformal (Chernozhukov, Wüthrich and Zhu 2021): it needs no placebo "
             "councils, only that the errors are alike over time; with few years it is wide.")


def missing_summary(result: dict, outcome_label: str) -> list[str]:
    """Plain sentences on gaps in the panel, the treated councils' own first; empty when the panel was complete."""
    label_ = _label(result)
    m = result.get("missing")
    if not m:
        return []
    out = []
    if m["treated_missing_pre"]:
        out.append(f"The treated councils have no {outcome_label} figure for "
                   f"{', '.join(label_(t) for t in m['treated_missing_pre'])} before the start: those years "
                   "are left out of the fit.")
    if m["treated_missing_post"]:
        out.append(f"The treated councils have no {outcome_label} figure for "
                   f"{', '.join(label_(t) for t in m['treated_missing_post'])} after the start: there is no "
                   "estimate for those years.")
    for label in m["dropped_predictors"]:
        out.append(f"Predictor '{label}' is left out: the treated councils have no figure in its years.")
    if m["years_left_out"]:
        out.append(f"{', '.join(label_(t) for t in m['years_left_out'])} left out of the fit: a comparison "
                   "council has no figure there.")
    for d in m["dropped_donors"]:
        out.append(f"{d['name']} left out of the comparison councils: {d['reason']}.")
    for p in m["predictor_years"]:
        if p["treated"] < p["years"] or p["fewest_donor"] < p["years"]:
            out.append(f"Predictor '{p['predictor']}' averages the years present: {p['treated']} of {p['years']} for "
                       f"the treated councils, at least {p['fewest_donor']} for each comparison council.")
    return out


def staggered_table(result: dict) -> Table | None:
    """Staggered difference-in-differences (Callaway-Sant'Anna) by years since each council's own start."""
    s = result.get("staggered")
    if not s:
        return None
    rows = [{"event": e["event"], "effect": _r(e["estimate"]), "low": _r(e["ci_low"]), "high": _r(e["ci_high"])}
            for e in s["event_study"]]
    return Table("staggered", "Staggered difference-in-differences: the effect by years since each council's start", [
        Column("event", "Years since the start (0: the first year)", TEXT), Column("effect", "Effect", NUMBER),
        Column("low", "95% interval: low", NUMBER), Column("high", "95% interval: high", NUMBER)], rows,
        note=f"Overall effect {fmt(s['estimate'])} (95% interval {fmt(s['ci_low'])} to {fmt(s['ci_high'])}), each "
             "council compared from its own start with the comparison councils that were never treated (Callaway "
             "and Sant'Anna 2021). Negative years test the years before the start: they should be near zero.")


def adoption_text(result: dict) -> str:
    """'Canterbury 2009-10, Dover 2010-11' for staggered adoption; empty when every council started together."""
    label_ = _label(result)
    return ", ".join(f"{a['name']} {label_(a['start'])}" for a in result.get("adoption") or [])
