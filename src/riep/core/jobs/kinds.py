"""The kinds of job: each capability registers its own, with a name in words and who may see its jobs.

    @job_kind("registry.import_councils", "Import of the council register", visible_to=admins_see_all)
    def import_councils_job(params: dict, progress) -> dict: ...

The decorator turns the handler into a django-tasks `Task` (stored on the queue by its import path, so the worker
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


def job_kind(kind: str, name: str, *, visible_to: VisibilityRule = nobody_else):
    """Registers `handler(params: dict, progress) -> dict` as a kind of job (see riep.core.jobs.runner)."""
    from django_tasks import task

    from riep.core.jobs.runner import execute

    def register(handler):
        def run(job_id: int):
            return execute(job_id, handler)

        # The task is stored by its import path: make it the handler's, where the module keeps the Task.
        run.__module__, run.__qualname__, run.__name__ = handler.__module__, handler.__qualname__, handler.__name__
        run.__doc__ = handler.__doc__
        job_task = task(run)
        _KINDS[kind] = JobKind(kind, name, job_task, handler, visible_to)
        return job_task

    return register


def get_kind(kind: str) -> JobKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise KeyError(f"no kind of job called '{kind}' is registered") from None


def registered_kinds() -> list[str]:
    return sorted(_KINDS)


def all_kinds() -> list[JobKind]:
    return [_KINDS[k] for k in sorted(_KINDS)]
