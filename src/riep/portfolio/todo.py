"""The signed-in person's to-do lists on the dashboard, from every capability that has work waiting for them.

The portfolio owns the dashboard but sits below the capabilities, so it cannot import them. Each capability
registers a builder from its app's `ready()`; a builder takes the user and returns the `ToDoList`s that apply to
them (none when their role has nothing to do there). The ledger adds returns to validate, returns sent back and
gains missing evidence.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable


@dataclass(frozen=True)
class ToDoItem:
    text: str
    url: str


@dataclass(frozen=True)
class ToDoList:
    heading: str
    items: tuple[ToDoItem, ...]
    empty: str  # what to say when there is nothing to do
    more: int = 0  # items not shown
    more_url: str = ""


Builder = Callable[..., Iterable[ToDoList]]
_BUILDERS: list[Builder] = []


def add_todo_lists(builder: Builder) -> None:
    if builder not in _BUILDERS:
        _BUILDERS.append(builder)


def todo_lists(user) -> list[ToDoList]:
    return [todo for build in _BUILDERS for todo in build(user)]


# Data freshness: when each kind of file was last imported (riep.core.imported_files records every import). A
# capability names its kinds from its app's ready(), with the page where a new file is imported.
@dataclass(frozen=True)
class FreshnessSource:
    label: str  # "Last spend file"
    kind: str  # the importer's kind, e.g. "procurement.spend_file"
    url: str  # where a new one is imported


_FRESHNESS: list[FreshnessSource] = []


def add_freshness_source(label: str, kind: str, url: str) -> None:
    source = FreshnessSource(label, kind, url)
    if source not in _FRESHNESS:
        _FRESHNESS.append(source)


def freshness_items() -> list[ToDoItem]:
    from riep.core.imported_files.models import ImportedFile  # noqa: PLC0415 (a model: only once apps are ready)

    items = []
    for source in _FRESHNESS:
        last = ImportedFile.objects.filter(kind=source.kind).order_by("-imported_at").first()
        when = f"{last.imported_at:%d %B %Y}".lstrip("0") + f" ({last.file_name}, {last.rows:,} rows)" if last else "never imported"
        items.append(ToDoItem(f"{source.label}: {when}", source.url))
    return items
