"""Issue 16, faults: the database goes away under a running server and comes back.

A real `riep serve` (Gunicorn) on a PostgreSQL cluster of the test's own: while the database is down, the API
answers 503 in its error shape and a page answers the plain 503 page (never a 500 or a traceback), both with
Retry-After; once it is back, the same server answers again, with everything saved before still there.
"""
import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from riep.core.errors import DATABASE_UNAVAILABLE
from tests.core.served import free_port, riep_serve

ROOT = Path(__file__).resolve().parents[2]
PG = ROOT / "scripts" / "pg-throwaway.sh"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not (shutil.which("initdb") or Path("/usr/lib/postgresql/15/bin/initdb").exists()), reason="needs PostgreSQL")]


def _bash(script: str) -> str:
    return subprocess.run(["bash", "-c", f"source {PG}; {script}"], capture_output=True, text=True,
                          check=True).stdout


class Cluster:
    """The throwaway cluster of scripts/pg-throwaway.sh, stopped and started again in place."""

    def __init__(self):
        self.port = free_port()
        self.url, self.tmp = _bash(f"PG_PORT={self.port} pg_throwaway_start >/dev/null; echo $PG_URL $PG_TMP").split()

    def _ctl(self, *args):
        _bash(f'pg_as_owner "$(pg_bin pg_ctl)" -D {self.tmp}/data {" ".join(args)} >/dev/null')

    def stop(self):
        self._ctl("-m", "immediate", "-w", "stop")  # as a crash would: no goodbye to the connections

    def start(self):
        self._ctl("-l", f"{self.tmp}/server.log", "-w", "-o",
                  f"\"-k {self.tmp} -p {self.port} -c listen_addresses='' -c fsync=off\"", "start")

    def remove(self):
        _bash(f"PG_TMP={self.tmp} pg_throwaway_stop")


def _get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _post(url: str, fields: dict, cookie: str):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST",
                                     headers={"Cookie": cookie, "Referer": url})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def cluster():
    running = Cluster()
    yield running
    running.remove()


def test_a_database_restart_gives_503s_then_the_same_server_answers_with_nothing_lost(cluster, tmp_path):
    env = {**os.environ, "DATABASE_URL": cluster.url, "DJANGO_SETTINGS_MODULE": "riep.settings",
           "RIEP_DB_CONN_MAX_AGE": "600"}  # kept connections: the health check must notice they died

    def riep(*args, **kwargs):
        return subprocess.run([sys.executable, "-m", "riep.cli", *args], env=env, capture_output=True, text=True,
                              check=True, **kwargs).stdout

    subprocess.run([sys.executable, "-m", "tests.core.schema_only"], cwd=ROOT, env=env, check=True)
    riep("import", "councils", str(ROOT / "src/riep/registry/data/uk_local_authorities_current.csv"))
    riep("user", "create", "--email", "reviewer@example.org", "--role", "government_reviewer", "--name", "Rae View")
    token = riep("token", "create", "--email", "reviewer@example.org").strip().split()[-1]
    auth = {"Authorization": f"Bearer {token}"}
    with open(tmp_path / "serve.log", "w") as log, riep_serve(env, log) as (base, _):
        status, _, before = _get(f"{base}/api/v1/councils", **auth)
        assert status == 200 and len(json.loads(before)) > 300, before
        status, headers, _ = _get(f"{base}/accounts/sign-in/")
        cookie = headers["Set-Cookie"].split(";")[0]
        csrf = cookie.split("=", 1)[1]

        cluster.stop()
        status, headers, body = _get(f"{base}/api/v1/councils", **auth)
        assert status == 503 and headers["Retry-After"] == "30", body
        assert json.loads(body)["detail"] == DATABASE_UNAVAILABLE
        status, page = _post(f"{base}/accounts/sign-in/", {"csrfmiddlewaretoken": csrf, "username": "x@example.org",
                                                            "password": "not the password"}, cookie)
        assert status == 503 and "Sorry, the service is unavailable" in page and "Traceback" not in page, page

        cluster.start()
        status, _, after = _get(f"{base}/api/v1/councils", **auth)
        assert status == 200 and json.loads(after) == json.loads(before)
