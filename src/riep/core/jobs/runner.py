"""Enqueue a job, run it in the worker, recover jobs whose worker died.

A job is a `Job` row (what people see) and a django-tasks result row (the queue) linked one to one. The task's only
argument is the job's id; its parameters stay on the job.

Outcome and re-runs. The job's outcome is written straight after its work, on the worker's own connection, and
only by the attempt that is still current (`attempts` matches), so a slow worker taken for dead can never overwrite
a newer attempt. The work and the outcome are not one transaction: the importers commit their own short
all-or-nothing write, and holding one transaction open around a whole job (parsing, minutes of model fitting) would
hold SQLite's one write lock all that time, so the progress writes beside it would never land. Instead every handler
is safe to run twice: the importers are idempotent by content (a second run finds every row unchanged and writes
nothing) and the analysis and report jobs overwrite their one result. So a worker killed after the work committed
but before the job was marked finished leaves a job that looks stale, is re-queued once, and its second attempt
finishes without writing the data twice.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from riep.core.errors import UserError
from riep.core.jobs.kinds import JobKind, VisibilityRule, get_kind, nobody_else, register_kind
from riep.core.jobs.monitor import JobMonitor, Progress, job_setting
from riep.core.models import Job, JobStatus

log = logging.getLogger("riep.jobs")
MAX_ATTEMPTS = 2  # a job whose worker died is run once more; if that worker dies too, the job fails
LOST_TWICE = ("The worker stopped twice while running this job, so it was not tried again. "
              "Start it again; if it stops again, ask the operator to look at the worker's log (job {pk}).")

# The worker's view of running jobs (the CLI's Rich bars): objects with on_start(job), on_update(job), on_finish(job).
observers: list = []


def enqueue(kind: str, params: dict | None = None, user=None, *, subject=None, subject_label: str = "") -> Job:
    """Queues a job of a registered kind. `subject` (a model instance or id) is what it is about, for visibility."""
    registered = get_kind(kind)
    subject_id = getattr(subject, "pk", subject)
    label = subject_label or (str(subject) if hasattr(subject, "pk") else "")
    with transaction.atomic():  # the record and its task row appear together, or neither does
        job = Job.objects.create(kind=kind, name=registered.name, params=params or {},
                                 created_by=user if getattr(user, "pk", None) else None,
                                 subject_id=subject_id, subject_label=label[:200])
        result = registered.task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_result_id=result.id)
        job.task_result_id = result.id
    return job


def execute(job_id: int, handler: Callable) -> dict | None:
    """Runs one attempt of a job (called by the task the worker claimed)."""
    now = timezone.now()
    started = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now,
        finished_at=None, error="")
    job = Job.objects.filter(pk=job_id).first()
    if job is None:  # deleted while it waited (a demo reset): nothing to run
        return None
    if not started:  # already finished (its worker died after marking it, before the queue heard): nothing to do
        return job.result or None
    progress = Progress(job, [o.on_update for o in observers if hasattr(o, "on_update")])
    _notify("on_start", job)
    monitor = JobMonitor(progress)
    monitor.start()
    try:
        result = handler(dict(job.params), progress) or {}
    except UserError as error:
        _finish(job, monitor, JobStatus.FAILED, error=str(error))
        raise
    except Exception as error:  # a bug: the traceback goes to the worker's log (and the task row), not the page
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, monitor, JobStatus.FAILED, error=(
            f"Something went wrong while running this job ({type(error).__name__}). Nothing more was done. "
            f"The details are in the worker's log under reference job {job.pk}."))
        raise
    except BaseException:  # the worker was stopped by force (a second Ctrl+C or SIGTERM) in the middle
        _finish(job, monitor, JobStatus.FAILED, error="The worker was stopped while running this job. Start it again.")
        raise
    _finish(job, monitor, JobStatus.SUCCEEDED, result=result)
    return result


def _finish(job: Job, monitor: JobMonitor, status: str, *, result: dict | None = None, error: str = "") -> None:
    monitor.stop()
    done, total, message = monitor.progress.snapshot()
    if status == JobStatus.SUCCEEDED and total:
        done = total
    job.status, job.result, job.error, job.progress_done, job.progress_total = status, result or {}, error, done, total
    job.finished_at = timezone.now()
    Job.objects.filter(pk=job.pk, attempts=job.attempts).update(
        status=status, result=job.result, error=error, progress_done=done, progress_total=total, message=message,
        finished_at=job.finished_at, heartbeat_at=job.finished_at)
    _notify("on_finish", job)


def _notify(event: str, job: Job) -> None:
    for observer in observers:
        if hasattr(observer, event):
            getattr(observer, event)(job)


def recover_stale_jobs() -> int:
    """Jobs whose heartbeat stopped (their worker died): back in the queue once, then failed. Safe to run in every
    worker at once: each change is conditional on the state it saw, so only one worker makes it."""

    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=job_setting("STALE_AFTER_SECONDS"))
    changed = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).only("pk", "attempts", "heartbeat_at", "task_result"):
        with transaction.atomic():
            seen = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at)
            if job.attempts >= MAX_ATTEMPTS:
                won = seen.update(status=JobStatus.FAILED, error=LOST_TWICE.format(pk=job.pk), finished_at=now)
                task_change = {"status": TaskResultStatus.FAILED, "finished_at": now,
                               "exception_class_path": "riep.core.jobs.WorkerLost", "traceback": ""}
            else:
                won = seen.update(status=JobStatus.QUEUED, message="Restarted: the worker running it stopped", heartbeat_at=None)
                task_change = {"status": TaskResultStatus.READY}
            if won:
                DBTaskResult.objects.filter(pk=job.task_result_id).update(**task_change)
                log.warning("job %s lost its worker (attempt %s): %s", job.pk, job.attempts,
                            "failed" if job.attempts >= MAX_ATTEMPTS else "queued again")
            changed += won
    # Claimed by a worker that died before the job started: the queue says running, the job still waits.
    DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff,
                                job__status=JobStatus.QUEUED).update(status=TaskResultStatus.READY)
    return changed


def job_kind(kind: str, name: str, *, visible_to: VisibilityRule = nobody_else):
    """Registers `handler(params: dict, progress) -> dict` as a kind of job (see riep.core.jobs.runner)."""
    def register(handler):
        def run(job_id: int):
            return execute(job_id, handler)

        # The task is stored by its import path: make it the handler's, where the module keeps the Task.
        run.__module__, run.__qualname__, run.__name__ = handler.__module__, handler.__qualname__, handler.__name__
        run.__doc__ = handler.__doc__
        job_task = task(run)
        register_kind(JobKind(kind, name, job_task, handler, visible_to))
        return job_task

    return register
