"""Charts as static SVG: an Altair chart rendered offline by vl-convert (no JavaScript in the page), with its text
alternative (role="img", an aria-label, <title> and <desc>). The page puts the chart's data table beside it.

Rendering takes tens of milliseconds, so the SVG of a chart is remembered by its specification: the same chart on
the same figures (a report many people open) is drawn once per process, and any change of a figure is a new chart.
"""
from __future__ import annotations

import html
import json
from functools import lru_cache


def accessible_svg(chart, title: str, desc: str) -> str:
    svg = _render(chart.to_json())
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(title)}" ', 1)
    head_end = svg.index(">", svg.index("<svg")) + 1
    return svg[:head_end] + f"<title>{html.escape(title)}</title><desc>{html.escape(desc)}</desc>" + svg[head_end:]


@lru_cache(maxsize=256)
def _render(spec: str) -> str:
    import vl_convert as vlc  # noqa: PLC0415 (slow to load: only pages with charts pay for it)

    return vlc.vegalite_to_svg(json.loads(spec))
