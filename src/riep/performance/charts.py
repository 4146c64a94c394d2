"""The indicator chart: a council's values, its targets and the forecast with its band, as a static SVG (Altair
rendered by vl-convert, no JavaScript). The page puts the same figures in a table beside it."""
from __future__ import annotations

from riep.core.charts import accessible_svg

BLUE, BLACK, GREY, GREEN = "#1d70b8", "#0b0c0c", "#b1b4b6", "#00703c"
WIDTH, HEIGHT = 520, 240


def trajectory_svg(title: str, unit: str, values: list[tuple[str, float]], targets: list[tuple[str, float]],
                   forecast: list[tuple[str, float, float, float]]) -> str:
    import altair as alt  # noqa: PLC0415 (Altair and vl-convert are slow to load: only pages with charts pay for them)

    order = sorted({p for p, *_ in values} | {p for p, *_ in targets} | {p for p, *_ in forecast})
    x = alt.X("period:O", title=None, sort=order)
    y_title = unit[:40]
    layers = []
    if forecast:
        band = [{"period": p, "lower": lo, "upper": hi} for p, _, lo, hi in forecast]
        layers.append(alt.Chart(alt.Data(values=band)).mark_area(color=GREY, opacity=0.5).encode(
            x=x, y=alt.Y("lower:Q", title=y_title, scale=alt.Scale(zero=False)), y2="upper:Q"))
        central = [{"period": values[-1][0], "value": values[-1][1]}] + [{"period": p, "value": c} for p, c, *_ in forecast]
        layers.append(alt.Chart(alt.Data(values=central)).mark_line(color=BLACK, strokeDash=[6, 3]).encode(
            x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))))
    layers.append(alt.Chart(alt.Data(values=[{"period": p, "value": v} for p, v in values])).mark_line(
        point=True, color=BLUE).encode(x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))))
    if targets:
        layers.append(alt.Chart(alt.Data(values=[{"period": p, "target": t} for p, t in targets])).mark_point(
            shape="diamond", size=90, color=GREEN, filled=True).encode(x=x, y="target:Q"))
    chart = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT)
    return accessible_svg(chart, title, "Blue line: values; green diamonds: targets; dashed line and grey band: the "
                                        "forecast and its interval. The table beside the chart has every figure.")
