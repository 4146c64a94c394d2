"""A small static SVG per indicator: the council's value each year over its peers' band (lower to upper quartile)
and median. Drawn directly (no JavaScript, no chart library: a page draws up to seven of these). Each SVG has
role="img", a <title> and a <desc>; the page puts the same numbers in a table beside it."""
from __future__ import annotations

import html
from decimal import Decimal

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 360, 170, 56, 12, 12, 28
BLUE, GREY, BLACK, LIGHT = "#1d70b8", "#b1b4b6", "#0b0c0c", "#dbe8f3"


def _label(value: Decimal, unit: str) -> str:
    return f"{value:.1f} yrs" if unit == "years" else f"{value * 100:.0f}%"


def indicator_svg(title: str, unit: str, points: list[dict]) -> str:
    """points: [{"year", "value", "median", "low", "high"}] with Decimal or None values."""
    numbers = [p[k] for p in points for k in ("value", "median", "low", "high") if p.get(k) is not None]
    if not numbers:
        return ""
    top, bottom = max(numbers), min(min(numbers), Decimal(0))
    if top == bottom:
        top = bottom + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points), 1)

    def y(v: Decimal) -> float:
        return TOP + float((top - v) / (top - bottom)) * plot_h

    parts = [f'<line x1="{LEFT}" y1="{y(bottom):.1f}" x2="{WIDTH - RIGHT}" y2="{y(bottom):.1f}" stroke="{GREY}"/>',
             f'<text x="{LEFT - 6}" y="{y(top) + 4:.1f}" text-anchor="end" font-size="11">{_label(top, unit)}</text>',
             f'<text x="{LEFT - 6}" y="{y(bottom) + 4:.1f}" text-anchor="end" font-size="11">{_label(bottom, unit)}</text>']
    described = []
    for i, p in enumerate(points):
        cx = LEFT + step * (i + 0.5)
        parts.append(f'<text x="{cx:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11">{html.escape(p["year"])}</text>')
        if p.get("low") is not None and p.get("high") is not None:
            parts.append(f'<rect x="{cx - step * 0.3:.1f}" y="{y(p["high"]):.1f}" width="{step * 0.6:.1f}" '
                         f'height="{max(y(p["low"]) - y(p["high"]), 1):.1f}" fill="{LIGHT}" stroke="{GREY}"/>')
        if p.get("median") is not None:
            parts.append(f'<line x1="{cx - step * 0.3:.1f}" x2="{cx + step * 0.3:.1f}" y1="{y(p["median"]):.1f}" '
                         f'y2="{y(p["median"]):.1f}" stroke="{BLACK}" stroke-dasharray="4 2"/>')
        if p.get("value") is not None:
            parts.append(f'<circle cx="{cx:.1f}" cy="{y(p["value"]):.1f}" r="5" fill="{BLUE}"/>')
            described.append(f'{p["year"]}: {_label(p["value"], unit)}')
        else:
            described.append(f'{p["year"]}: not available')
    desc = ("The council's value (blue dot) each year against its peers' middle half (shaded band) and median "
            "(dashed line). " + "; ".join(described) + ". The table beside the chart has every figure.")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(title)}" width="{WIDTH}" '
            f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Arial, sans-serif" fill="{BLACK}">'
            f'<title>{html.escape(title)}</title><desc>{html.escape(desc)}</desc>{"".join(parts)}</svg>')
