"""Real `riep worker` processes on a database of their own (a temporary SQLite file, or a throwaway PostgreSQL
database on the PostgreSQL leg): progress seen from another connection, two workers at once, SIGKILL, SIGTERM."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.needs_db
ROOT = Path(__file__).resolve().parents[2]
FAST = {"RIEP_JOB_HEARTBEAT_SECONDS": "0.3", "RIEP_JOB_STALE_AFTER_SECONDS": "2", "RIEP_JOB_STALE_CHECK_SECONDS": "0.5"}


class WorkerDatabase:
    def __init__(self, url: str, tmp: Path, sqlite_path: Path | None = None):
        self.url, self.tmp, self.sqlite_path = url, tmp, sqlite_path
        self.env = {**os.environ, **FAST, "DATABASE_URL": url, "PYTHONPATH": str(ROOT),
                    "DJANGO_SETTINGS_MODULE": "riep.settings", "RIEP_LOG_LEVEL": "INFO"}

    def run(self, *args, check=True) -> str:
        done = subprocess.run([sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120)
        assert not check or done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def enqueue(self, kind: str, *params: dict) -> list[int]:
        return [int(line) for line in self.run("-m", "tests.core.enqueue_job", kind, *map(json.dumps, params)).split()]

    def worker(self, *args) -> subprocess.Popen:
        log = open(self.tmp / f"worker-{uuid.uuid4().hex[:6]}.log", "w")
        process = subprocess.Popen([sys.executable, "-m", "riep.cli", "worker", *args], cwd=ROOT, env=self.env,
                                   stdout=log, stderr=subprocess.STDOUT)
        process.log_path = log.name
        return process

    def query(self, sql: str) -> list[tuple]:
        """Read (or write) with a plain connection of the test's own: not the worker's, not Django's."""
        if self.sqlite_path:
            conn = sqlite3.connect(self.sqlite_path)
            try:
                with conn:
                    cursor = conn.execute(sql)
                    return cursor.fetchall() if cursor.description else []
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def job(self, pk: int) -> dict:
        keys = ("status", "progress_done", "progress_total", "attempts", "heartbeat_at", "error", "message")
        return dict(zip(keys, self.query(f"SELECT {', '.join(keys)} FROM core_job WHERE id = {pk}")[0]))

    def rows(self, tag: str) -> int:
        return self.query(f"SELECT COUNT(*) FROM core_upload WHERE name LIKE '{tag}-%'")[0][0]


def _throwaway_postgres(url: str):
    import psycopg

    name = f"riep_worker_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return name, urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def worker_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("worker-db")
    session_url = os.environ.get("DATABASE_URL", "")
    dropped = None
    if session_url.startswith("postgres"):
        dropped, url = _throwaway_postgres(session_url)
        database = WorkerDatabase(url, tmp)
    else:
        database = WorkerDatabase(f"sqlite:///{tmp / 'jobs.sqlite3'}", tmp, sqlite_path=tmp / "jobs.sqlite3")
    database.run("-m", "riep.cli", "manage", "migrate", "-v0")
    yield database
    if dropped:
        import psycopg

        with psycopg.connect(session_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{dropped}" WITH (FORCE)')


def _wait(condition, timeout=60, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("waited too long")


def _stop(process, sig=signal.SIGTERM, timeout=60) -> int:
    if process.poll() is None:
        process.send_signal(sig)
    return process.wait(timeout=timeout)


def test_progress_and_heartbeat_move_while_the_task_runs_seen_from_another_connection(worker_db):
    [job] = worker_db.enqueue("tests.slow_rows", {"tag": "watch", "rows": 20, "pause": 0.1})
    [silent] = worker_db.enqueue("tests.silent", {"seconds": 2})
    worker = worker_db.worker("--once")
    try:
        seen = []
        while (state := worker_db.job(job))["status"] != "succeeded":
            if state["status"] == "running":
                seen.append(state["progress_done"])
            assert worker.poll() is None or state["status"] == "succeeded", Path(worker.log_path).read_text()
            time.sleep(0.05)
        moving = sorted(set(seen))
        # The long read phase is seen moving (on SQLite the short write phase holds the one write lock, so the bar
        # may jump from the end of the read to finished; on PostgreSQL it is seen too).
        assert len([done for done in moving if 0 < done <= 20]) >= 4, moving
        beats = set()
        _wait(lambda: worker_db.job(silent)["status"] == "running")
        while worker_db.job(silent)["status"] == "running":  # no progress calls at all, and still a heartbeat
            state = worker_db.job(silent)
            if state["status"] == "running":
                beats.add(state["heartbeat_at"])
                assert state["progress_done"] == 0
            time.sleep(0.05)
        assert len(beats) >= 3, beats
        assert worker.wait(timeout=60) == 0
    finally:
        _stop(worker, signal.SIGKILL)
    assert worker_db.job(job)["attempts"] == 1 and worker_db.rows("watch") == 20


def test_two_workers_at_once_never_run_the_same_job_twice(worker_db):
    ids = worker_db.enqueue("tests.record_run", *({"tag": "twice", "n": n, "pause": 0.05} for n in range(16)))
    workers = [worker_db.worker("--once") for _ in range(2)]
    codes = [w.wait(timeout=120) for w in workers]
    assert codes == [0, 0], [Path(w.log_path).read_text()[-2000:] for w in workers]
    runs = worker_db.query("SELECT name FROM core_upload WHERE name LIKE 'twice-%'")
    per_job = {}
    for (name,) in runs:
        n = name.split("-")[1]
        per_job[n] = per_job.get(n, 0) + 1
    assert sorted(per_job.values()) == [1] * 16, per_job
    assert len({name.rsplit("pid", 1)[1] for (name,) in runs}) == 2  # both workers took some
    states = worker_db.query(f"SELECT status, attempts FROM core_job WHERE id IN ({', '.join(map(str, ids))})")
    assert set(states) == {("succeeded", 1)}


def test_sigkill_mid_job_runs_it_once_more_and_leaves_no_partial_rows(worker_db):
    marker = worker_db.tmp / "half-written"
    [job] = worker_db.enqueue("tests.slow_rows", {"tag": "killed", "rows": 20, "pause": 0.1, "marker": str(marker)})
    first = worker_db.worker()
    try:
        _wait(marker.exists)  # half way through its all-or-nothing write
    finally:
        _stop(first, signal.SIGKILL)
    assert worker_db.job(job)["status"] == "running" and worker_db.rows("killed") == 0  # the write was rolled back
    second = worker_db.worker()
    try:
        _wait(lambda: worker_db.job(job)["status"] == "succeeded", timeout=90)
    finally:
        code = _stop(second)
    state = worker_db.job(job)
    assert state["attempts"] == 2 and worker_db.rows("killed") == 20 and code == 0, Path(second.log_path).read_text()


def test_a_job_whose_work_committed_before_the_kill_finishes_without_writing_twice(worker_db):
    [job] = worker_db.enqueue("tests.slow_rows", {"tag": "committed", "rows": 10, "pause": 0.02})
    worker_db.run("-m", "riep.cli", "worker", "--once")
    # As if the worker had died after the import committed, before the job was marked finished:
    worker_db.query(f"UPDATE core_job SET status = 'running', heartbeat_at = '2000-01-01 00:00:00' WHERE id = {job}")
    worker_db.run("-m", "riep.cli", "worker", "--once")
    state = worker_db.job(job)
    assert state["status"] == "succeeded" and state["attempts"] == 2 and worker_db.rows("committed") == 10
    summary = worker_db.query(f"SELECT result FROM core_job WHERE id = {job}")[0][0]
    assert "10 rows unchanged" in (summary if isinstance(summary, str) else json.dumps(summary))


def test_sigterm_lets_the_running_job_finish_then_the_worker_exits_0(worker_db):
    [job] = worker_db.enqueue("tests.slow_rows", {"tag": "term", "rows": 15, "pause": 0.1})
    worker = worker_db.worker()
    _wait(lambda: worker_db.job(job)["progress_done"] >= 3)
    code = _stop(worker, signal.SIGTERM)
    state = worker_db.job(job)
    assert code == 0, Path(worker.log_path).read_text()
    assert state["status"] == "succeeded" and state["attempts"] == 1 and worker_db.rows("term") == 15
    idle = worker_db.worker()  # waiting for work: SIGTERM stops it at once, cleanly
    _wait(lambda: "Starting worker" in Path(idle.log_path).read_text())
    time.sleep(0.5)
    assert _stop(idle, signal.SIGTERM, timeout=10) == 0
