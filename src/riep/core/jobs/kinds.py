"""The kinds of job: each capability registers its own, with a name in words and who may see its jobs.

    @job_kind("registry.import_councils", "Import of the council register", visible_to=admins_see_all)
    def import_councils_job(params: dict, progress) -> dict: ...

The decorator (`riep.core.jobs.job_kind`, in runner.py beside what it runs) turns the handler into a django-tasks `Task` (stored on the queue by its import path, so the worker
finds it by importing the capability's `jobs` module; each capability imports it in its `AppConfig.ready()`).
Core never imports a capability: it only knows the kinds that registered.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.db.models import Q

# visible_to(user) -> a filter on this kind's jobs that the user may see besides their own (Q(pk__in=[]) for none).
VisibilityRule = Callable[[object], Q]


def nobody_else(user) -> Q:
    return Q(pk__in=[])


@dataclass(frozen=True)
class JobKind:
    kind: str
    name: str
    task: object  # the django-tasks Task that runs it
    handler: Callable
    visible_to: VisibilityRule


_KINDS: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> None:
    _KINDS[kind.kind] = kind


def get_kind(kind: str) -> JobKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise KeyError(f"no kind of job called '{kind}' is registered") from None


def all_kinds() -> list[JobKind]:
    return [_KINDS[k] for k in sorted(_KINDS)]
