"""The search box: one query, results from every capability, grouped, each filtered by who is asking.

Core knows no capability. Each registers a finder from its `AppConfig.ready()`:

    add_finder("projects", "Projects", find_projects, order=30)

A finder takes `(user, query, limit)` and returns up to `limit` `Result`s that this person may open — it applies
its own capability's permission rules (built on `riep.registry.scope`), so a result never leads to a refusal.
The search page (`/search/?q=…`, a plain GET form, so it works without JavaScript) shows the groups in `order`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

MIN_LENGTH = 2
MAX_LENGTH = 100
PER_GROUP = 20


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    detail: str = ""  # a line under the title: "County council · East of England"


@dataclass(frozen=True)
class Group:
    key: str
    heading: str
    results: list[Result] = field(default_factory=list)
    more: bool = False  # there were more than shown


Finder = Callable[..., "list[Result]"]
_FINDERS: dict[str, tuple[int, str, Finder]] = {}


def add_finder(key: str, heading: str, finder: Finder, order: int = 100) -> None:
    """Registers (or replaces) a capability's finder under `key`."""
    _FINDERS[key] = (order, heading, finder)


def cleaned(query: str | None) -> str:
    """The query as searched: spaces collapsed, at most MAX_LENGTH characters, no NUL."""
    return " ".join((query or "").replace("\x00", "").split())[:MAX_LENGTH]


def search(user, query: str, per_group: int = PER_GROUP) -> list[Group]:
    """Each finder's results for this person, in order; groups with nothing found are left out."""
    query = cleaned(query)
    if len(query) < MIN_LENGTH:
        return []
    groups = []
    for key, (_, heading, finder) in sorted(_FINDERS.items(), key=lambda item: (item[1][0], item[0])):
        found = list(finder(user, query, per_group + 1))
        if found:
            groups.append(Group(key, heading, found[:per_group], more=len(found) > per_group))
    return groups
