"""The worker: django-tasks-db's own loop, plus the watch for jobs whose worker died.

django_tasks_db's `Worker` claims the next task with SELECT ... FOR UPDATE SKIP LOCKED (on SQLite, an exclusive
transaction), so two workers never claim the same task, and it stops cleanly on SIGTERM or Ctrl+C: a running
task finishes first, and a second signal stops it by force. On top of it each worker checks for stale jobs when it
starts and then every STALE_CHECK_SECONDS in a thread of its own, also while it is busy with a long job.
"""
from __future__ import annotations

import contextlib
import logging
import threading

from django.db import DatabaseError, connection, connections
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands import db_worker

from riep.core.jobs import runner
from riep.core.jobs.monitor import job_setting

log = logging.getLogger("riep.jobs")


class StaleJobWatch(threading.Thread):
    def __init__(self):
        super().__init__(name="stale-job-watch", daemon=True)
        self._stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self._stopping.wait(job_setting("STALE_CHECK_SECONDS")):
                try:
                    runner.recover_stale_jobs()
                except DatabaseError as error:  # e.g. SQLite busy: the next check tries again
                    log.debug("stale-job check skipped (%s)", error)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stopping.set()


class JobWorker(db_worker.Worker):
    def __init__(self, *, once: bool = False, interval: float = 1.0):
        super().__init__(queue_names=[DEFAULT_TASK_QUEUE_NAME], interval=interval, batch=once,
                         backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=False, max_tasks=None,
                         worker_id=get_random_string(32), excluded_queue_names=[])

    @property
    def jobs_run(self) -> int:
        return self._run_tasks

    def run(self) -> None:
        runner.recover_stale_jobs()
        watch = StaleJobWatch()
        watch.start()
        try:
            with _keep_connection_inside_a_transaction():
                super().run()
        finally:
            watch.stop()


@contextlib.contextmanager
def _keep_connection_inside_a_transaction():
    """The library's loop closes old connections between tasks; inside a transaction (a test running the worker in
    its own transaction, in process) closing would lose it, so there the loop keeps its connection."""
    if not connection.in_atomic_block:
        yield
        return
    original = db_worker.close_old_connections
    db_worker.close_old_connections = lambda **kwargs: None
    try:
        yield
    finally:
        db_worker.close_old_connections = original


def work(once: bool = False, poll_seconds: float = 1.0, observer=None, handle_signals: bool = False) -> int:
    """Runs the worker in this process (the CLI, tests). Returns how many jobs it ran.

    With `handle_signals` (the CLI), SIGTERM, SIGINT and SIGQUIT stop it cleanly: the running job finishes, then
    this returns (the library ends a wait for work with SystemExit(0), which is a clean stop too)."""
    worker = JobWorker(once=once, interval=poll_seconds)
    if observer is not None:
        runner.observers.append(observer)
    if handle_signals:
        worker.configure_signals()
    try:
        worker.run()
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise
    finally:
        if handle_signals:
            worker.reset_signals()
        if observer is not None:
            runner.observers.remove(observer)
    return worker.jobs_run
