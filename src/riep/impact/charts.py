"""Static SVG charts of an impact analysis (Altair rendered by vl-convert: no JavaScript in the page).

Each SVG carries role="img", an aria-label and a <title>/<desc> text alternative; the page puts the chart's data
table beside it, so nothing is only in the picture.
"""
from __future__ import annotations

from riep.core.charts import accessible_svg
from riep.impact.services.presentation import CALENDAR, MINUS, fmt, period_label

BLUE, GREY, BLACK, RED = "#1d70b8", "#b1b4b6", "#0b0c0c", "#d4351c"
WIDTH, HEIGHT = 520, 260


def _svg(chart, title: str, desc: str) -> str:
    return accessible_svg(chart, title, desc)


def _start_rule(alt, year: int):
    return alt.Chart(alt.Data(values=[{"year": year - 0.5}])).mark_rule(strokeDash=[4, 4], color=BLACK).encode(x="year:Q")


# Financial years on the axis as the tables write them (2009 -> "2009-10"), the rule of period_label.
_FY_LABEL = ("datum.value >= 1990 && datum.value < 2100 ? datum.value + '-' + "
             "(((datum.value + 1) % 100) < 10 ? '0' : '') + ((datum.value + 1) % 100) : datum.value")


def _x(alt, result: dict | None = None):
    """Years on the axis as the tables write them: 2009-10 for financial years, 2009 for calendar years."""
    calendar = (result or {}).get("period_kind") == CALENDAR
    axis = alt.Axis(format="d", tickMinStep=1) if calendar else alt.Axis(format="d", tickMinStep=1, labelExpr=_FY_LABEL)
    return alt.X("year:Q", title=None, axis=axis, scale=alt.Scale(nice=False))


def _label(result: dict):
    return lambda year: period_label(year, result.get("period_kind"))


def series_svg(result: dict, outcome_label: str) -> str:
    import altair as alt  # noqa: PLC0415 (Altair and vl-convert are slow to load: only pages with charts pay for them)

    # The whole label, every treated council named (a cut label dropped councils from the legend).
    treated = result["treated_label"]
    label = _label(result)
    data = []
    for t, a, b in zip(result["times"], result["treated_outcome"], result["synthetic_outcome"]):
        data += [{"year": t, "value": a, "series": treated}, {"year": t, "value": b, "series": "Synthetic control"}]
    lines = alt.Chart(alt.Data(values=data)).mark_line(point=True).encode(
        x=_x(alt, result), y=alt.Y("value:Q", title=outcome_label[:60], scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", scale=alt.Scale(domain=[treated, "Synthetic control"], range=[BLUE, BLACK]),
                        legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=WIDTH + 100)),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=[treated, "Synthetic control"], range=[[1, 0], [6, 3]]),
                                  legend=None),
    )
    chart = (lines + _start_rule(alt, result["treatment_year"])).properties(width=WIDTH, height=HEIGHT)
    title = f"{outcome_label}: {treated} and its synthetic control, {label(result['times'][0])} to {label(result['times'][-1])}"
    desc = (f"The dashed vertical line marks the start in {label(result['treatment_year'])}. "
            f"Average gap after the start: {fmt(result['average_effect'])}. The table beside the chart has every value.")
    return _svg(chart, title, desc)


def gap_svg(result: dict, outcome_label: str) -> str:
    import altair as alt  # noqa: PLC0415 (Altair and vl-convert are slow to load: only pages with charts pay for them)

    data = [{"year": t, "gap": g} for t, g in zip(result["times"], result["gaps"])]
    line = alt.Chart(alt.Data(values=data)).mark_line(point=True, color=BLUE).encode(
        x=_x(alt, result), y=alt.Y("gap:Q", title=f"Treated {MINUS} synthetic"))
    zero = alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(color=GREY).encode(y="zero:Q")
    chart = (zero + line + _start_rule(alt, result["treatment_year"])).properties(width=WIDTH, height=HEIGHT)
    title = f"Gap between the treated councils and the synthetic control in {outcome_label}, by year"
    label = _label(result)
    desc = "; ".join(f"{label(t)}: {fmt(g)}" for t, g in zip(result["times"], result["gaps"]))
    return _svg(chart, title, desc)


def placebo_svg(result: dict) -> str | None:
    import altair as alt  # noqa: PLC0415 (Altair and vl-convert are slow to load: only pages with charts pay for them)

    placebo = result.get("placebo")
    if not placebo:
        return None
    data = []
    for p in placebo["units"]:
        data += [{"year": t, "gap": g, "unit": p["name"], "kind": "Placebo council"} for t, g in zip(result["times"], p["gaps"])]
    treated = [{"year": t, "gap": g, "unit": "treated", "kind": "Treated"} for t, g in zip(result["times"], result["gaps"])]
    grey = alt.Chart(alt.Data(values=data)).mark_line(color=GREY, strokeWidth=1, opacity=0.8).encode(
        x=_x(alt, result), y=alt.Y("gap:Q", title="Gap (council − its synthetic control)"), detail="unit:N")
    blue = alt.Chart(alt.Data(values=treated)).mark_line(color=BLUE, strokeWidth=3).encode(x=_x(alt, result), y="gap:Q")
    chart = (grey + blue + _start_rule(alt, result["treatment_year"])).properties(width=WIDTH, height=HEIGHT)
    title = f"Gaps of the treated councils (blue) and of {placebo['count']} placebo councils (grey)"
    desc = (f"Each grey line is a donor council treated in turn. The treated post/pre RMSPE ratio ranks {placebo['rank']} "
            f"of {placebo['count'] + 1}, a permutation p-value of {placebo['p_value']:.3f}.")
    return _svg(chart, title, desc)
