"""Progress and heartbeat of a running job, written by a thread of their own on a connection of their own.

Why a thread: Django gives every thread its own database connection, so these writes are never part of the
task's transaction and another connection (the job page) sees them at once, however the task uses transactions.
The task's `progress(...)` call only sets numbers in memory, so it never waits for or fails on the database.

- PostgreSQL: the monitor's short UPDATEs of the job row commit beside the task's work; rows differ, so no waits.
- SQLite (one writer at a time): WAL mode lets readers read while anyone writes; while the task holds the write
  lock (an importer's short all-or-nothing write) the monitor's UPDATE waits its turn in its own thread, and if it
  fails ("database is locked") it is skipped and the next tick writes the newer numbers. Importers parse and
  validate before that short write, so the bar moves through the long phase. Settings use IMMEDIATE transactions,
  so the monitor's commits never invalidate a task transaction that read before it wrote.

The heartbeat is written every HEARTBEAT_SECONDS whether or not the task reports progress, so a task that is silent
for minutes still looks alive; a job whose heartbeat is older than STALE_AFTER_SECONDS has lost its worker.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from riep.core.models import Job, JobStatus

log = logging.getLogger(__name__)
FLUSH_SECONDS = 0.5


def job_setting(name: str) -> float:
    return float(getattr(settings, "RIEP_JOBS", {}).get(name, {"HEARTBEAT_SECONDS": 5, "STALE_AFTER_SECONDS": 60,
                                                                "STALE_CHECK_SECONDS": 15}[name]))


class Progress:
    """Handed to a job's handler: call it with (done, total, message). Cheap: it only records the numbers."""

    def __init__(self, job: Job, listeners: list[Callable[[Job], None]] = ()):
        self.job = job
        self.lock = threading.Lock()
        self._listeners = list(listeners)

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        with self.lock:
            self.job.progress_done = max(0, int(done))
            if total is not None:
                self.job.progress_total = max(0, int(total))
            if message:
                self.job.message = str(message)[:500]
        for listener in self._listeners:
            listener(self.job)

    def snapshot(self) -> tuple[int, int, str]:
        with self.lock:
            return self.job.progress_done, self.job.progress_total, self.job.message


class JobMonitor(threading.Thread):
    """Writes a running job's progress (when it changed, at most every 0.5 s) and its heartbeat (always)."""

    def __init__(self, progress: Progress):
        super().__init__(name=f"job-{progress.job.pk}-monitor", daemon=True)
        self.progress = progress
        self.heartbeat_seconds = job_setting("HEARTBEAT_SECONDS")
        self._stopping = threading.Event()
        self._written: tuple | None = None
        self._last_beat = time.monotonic()

    def run(self) -> None:
        try:
            while not self._stopping.wait(min(FLUSH_SECONDS, self.heartbeat_seconds)):
                self.flush()
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join(timeout=30)

    def flush(self) -> None:
        state = self.progress.snapshot()
        beat_due = time.monotonic() - self._last_beat >= self.heartbeat_seconds
        if state == self._written and not beat_due:
            return
        done, total, message = state
        job = self.progress.job
        try:
            Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
                progress_done=done, progress_total=total, message=message, heartbeat_at=timezone.now())
        except DatabaseError as error:  # never the task's problem: the next tick writes newer numbers
            log.debug("job %s: progress not written this time (%s)", job.pk, error)
            return
        self._written, self._last_beat = state, time.monotonic()
