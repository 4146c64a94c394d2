"""Static SVG charts for the reorganisation pages (Altair → vl-convert; no JavaScript). Each has a text
alternative and the page shows its data table beside it."""
from __future__ import annotations

from riep.core.charts import accessible_svg

BLUE, BLACK, GREY = "#1d70b8", "#0b0c0c", "#b1b4b6"
PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197", "#6f72af", "#b58840"]


def _svg(chart, title: str, desc: str) -> str:
    return accessible_svg(chart, title, desc)


def cumulative_svg(set_run) -> str:
    import altair as alt  # noqa: PLC0415 (slow to load: only pages with charts pay for it)

    data = [{"year": y.year, "value": float(y.cumulative) / 1e6, "option": run.option.option[:40]}
            for run in set_run.options for y in run.option.years]
    chart = alt.Chart(alt.Data(values=data)).mark_line(point=True).encode(
        x=alt.X("year:Q", title="Year from vesting", axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title="Cumulative position (£m)"),
        color=alt.Color("option:N", scale=alt.Scale(range=PALETTE), legend=alt.Legend(title=None, orient="bottom")),
    ).properties(width=520, height=240)
    zero = alt.Chart(alt.Data(values=[{"z": 0}])).mark_rule(color=GREY).encode(y="z:Q")
    return _svg(zero + chart, f"Cumulative position by option: {set_run.assumption_set}",
                "Net savings added up year by year, central assumptions; the table beside the chart has every value.")


def range_svg(set_run) -> str:
    import altair as alt  # noqa: PLC0415 (slow to load: only pages with charts pay for it)

    data = [{"option": run.option.option[:40], "p10": float(run.range.p10) / 1e6, "p50": float(run.range.p50) / 1e6,
             "p90": float(run.range.p90) / 1e6, "central": float(run.option.npv) / 1e6} for run in set_run.options]
    base = alt.Chart(alt.Data(values=data))
    bar = base.mark_rule(strokeWidth=6, color=BLUE).encode(
        y=alt.Y("option:N", title=None), x=alt.X("p10:Q", title="NPV (£m): P10 to P90, P50 marked"), x2="p90:Q")
    mid = base.mark_tick(color=BLACK, thickness=3, size=22).encode(y="option:N", x="p50:Q")
    chart = (bar + mid).properties(width=520, height=max(60, 40 * len(data)))
    return _svg(chart, f"NPV range by option: {set_run.assumption_set}",
                "Each bar runs from the P10 to the P90 NPV of the simulation; the tick is the P50. "
                "The table beside the chart has the figures.")


def band_d_svg(path) -> str:
    import altair as alt  # noqa: PLC0415 (slow to load: only pages with charts pay for it)

    data = [{"year": r.year, "band_d": float(r.band_d), "area": r.area[:40]} for r in path.areas]
    chart = alt.Chart(alt.Data(values=data)).mark_line(point=True).encode(
        x=alt.X("year:Q", title="Year (0 = before vesting)", axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("band_d:Q", title="Band D (£)", scale=alt.Scale(zero=False)),
        color=alt.Color("area:N", scale=alt.Scale(range=PALETTE), legend=alt.Legend(title=None, orient="bottom",
                                                                                   columns=4)),
    ).properties(width=520, height=240)
    return _svg(chart, f"{path.label}: Band D by former area",
                f"Each former area's Band D moves in equal steps to £{path.target_band_d:,.2f} by year {path.years}.")


def continuity_svg(points, label: str) -> str:
    import altair as alt  # noqa: PLC0415 (slow to load: only pages with charts pay for it)

    data = [{"period": p.period, "value": float(p.value), "basis": "Predecessors summed" if p.basis == "aggregated"
             else "Own figure"} for p in points]
    chart = alt.Chart(alt.Data(values=data)).mark_line(point=True, color=BLUE).encode(
        x=alt.X("period:O", title=None), y=alt.Y("value:Q", title=label[:60]),
        shape=alt.Shape("basis:N", legend=alt.Legend(title=None, orient="bottom"))).properties(width=520, height=240)
    return _svg(chart, f"{label}: the successor and its predecessors", "Points before vesting day are the sum of "
                "the predecessors' values; the table beside the chart marks each one.")
