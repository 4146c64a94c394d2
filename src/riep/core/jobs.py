"""Enqueue and run background jobs.

A job handler is a function `handler(job_params: dict, progress: Progress) -> dict` registered with
`@job_handler("kind")`. The worker claims the oldest waiting job with a conditional UPDATE (safe on
SQLite and PostgreSQL alike), runs it, and records progress and the result. A worker that dies
leaves a stale heartbeat; the next worker start puts such jobs back in the queue (up to MAX_ATTEMPTS).
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Callable

from django.db import close_old_connections, connection
from django.utils import timezone

from riep.core.models import Job, JobStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
STALE_AFTER = dt.timedelta(minutes=2)
_HANDLERS: dict[str, Callable] = {}


class JobError(Exception):
    """A job failed for a reason the user can act on; its message is shown as is."""


def job_handler(kind: str):
    def register(func):
        _HANDLERS[kind] = func
        return func

    return register


def registered_kinds() -> list[str]:
    _load_handlers()
    return sorted(_HANDLERS)


def enqueue(kind: str, params: dict, user=None) -> Job:
    _load_handlers()
    if kind not in _HANDLERS:
        raise KeyError(f"no job handler for '{kind}'")
    return Job.objects.create(kind=kind, params=params, created_by=user if getattr(user, "pk", None) else None)


class Progress:
    """Passed to handlers: call it with (done, total, message). Writes at most every 0.5 s."""

    def __init__(self, job: Job, on_update: Callable[[Job], None] | None = None):
        self.job = job
        self._last_write = 0.0
        self._on_update = on_update

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        self.job.progress_done = done
        if total is not None:
            self.job.progress_total = total
        if message:
            self.job.message = message[:500]
        now = time.monotonic()
        if now - self._last_write >= 0.5 or (total is not None and done >= total):
            self._last_write = now
            Job.objects.filter(pk=self.job.pk).update(
                progress_done=self.job.progress_done, progress_total=self.job.progress_total,
                message=self.job.message, heartbeat_at=timezone.now(),
            )
        if self._on_update:
            self._on_update(self.job)


def requeue_stale_jobs() -> int:
    cutoff = timezone.now() - STALE_AFTER
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=JobStatus.FAILED, error="The worker stopped while running this job too many times.",
        finished_at=timezone.now(),
    )
    requeued = stale.update(status=JobStatus.QUEUED, message="Restarted after the worker stopped")
    return failed + requeued


def claim_next_job() -> Job | None:
    for candidate in Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at", "pk").values_list("pk", flat=True)[:5]:
        now = timezone.now()
        claimed = Job.objects.filter(pk=candidate, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, heartbeat_at=now,
        )
        if claimed:
            job = Job.objects.get(pk=candidate)
            Job.objects.filter(pk=candidate).update(attempts=job.attempts + 1)
            return job
    return None


def run_job(job: Job, on_update: Callable[[Job], None] | None = None) -> Job:
    _load_handlers()
    handler = _HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise JobError(f"No handler for job kind '{job.kind}'")
        result = handler(job.params, Progress(job, on_update))
        job.status, job.result, job.error = JobStatus.SUCCEEDED, result or {}, ""
        if job.progress_total:
            job.progress_done = job.progress_total
    except JobError as error:
        job.status, job.error = JobStatus.FAILED, str(error)
    except Exception as error:  # keep the worker alive; the traceback goes to the operator's log, not the page
        log.exception("job %s failed", job.pk)
        job.status = JobStatus.FAILED
        job.error = f"Unexpected error: {error}. The details are in the worker's log (job {job.pk})."
    job.finished_at = timezone.now()
    job.save()
    return job


def work(once: bool = False, poll_seconds: float = 1.0, on_update=None, on_start=None, should_stop=lambda: False) -> int:
    """The worker loop. Returns how many jobs it ran."""
    ran = 0
    requeue_stale_jobs()
    while not should_stop():
        if not connection.in_atomic_block:  # (tests run the loop inside a transaction)
            close_old_connections()
        job = claim_next_job()
        if job is None:
            if once:
                break
            time.sleep(poll_seconds)
            continue
        if on_start:
            on_start(job)
        run_job(job, on_update)
        ran += 1
    return ran


def _load_handlers() -> None:
    # Handlers live beside each capability's services; importing them registers them.
    import riep.registry.jobs  # noqa: F401
    import riep.ledger.jobs  # noqa: F401
    import riep.care.jobs  # noqa: F401
    import riep.impact.jobs  # noqa: F401
