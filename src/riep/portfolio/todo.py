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
