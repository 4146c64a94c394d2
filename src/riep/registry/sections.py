"""Sections that other capabilities add to a council's or a partnership's page: its projects, its savings, …

The registry sits below the capabilities, so it cannot import them. Each capability registers a builder from its
app's `ready()`; a builder takes the request and the council (or partnership) and returns a `PageSection`, or
None when it has nothing to show there. Sections appear in the order their apps are installed, and their tables
download as CSV and XLSX like the page's own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from riep.core.tables import Table


@dataclass(frozen=True)
class PageSection:
    heading: str
    table: Table
    intro: str = ""
    more: tuple[str, str] | None = None  # (link text, URL) to where the rest is, shown under the table


Builder = Callable[..., "PageSection | None"]
_BUILDERS: dict[str, list[Builder]] = {"council": [], "partnership": []}


def add_council_section(builder: Builder) -> None:
    if builder not in _BUILDERS["council"]:
        _BUILDERS["council"].append(builder)


def add_partnership_section(builder: Builder) -> None:
    if builder not in _BUILDERS["partnership"]:
        _BUILDERS["partnership"].append(builder)


def council_sections(request, council) -> list[PageSection]:
    return [s for s in (build(request, council) for build in _BUILDERS["council"]) if s is not None]


def partnership_sections(request, partnership) -> list[PageSection]:
    return [s for s in (build(request, partnership) for build in _BUILDERS["partnership"]) if s is not None]
