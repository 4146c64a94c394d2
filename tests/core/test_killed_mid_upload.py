"""Issue 16, faults: the server killed mid-upload leaves no partial file behind (Django's default handler spooled
uploads over 2.5 MB to the temporary folder, where an interrupted 6 MB upload stayed), and no Upload row.

A real `riep serve` (Gunicorn) with a temporary folder of its own receives half of an 8 MB multipart POST, is
killed with SIGKILL, master and workers, while reading it, and the folder and the database are then looked at.
"""
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.core.served import riep_serve

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
pytestmark = pytest.mark.slow


def test_a_server_killed_mid_upload_leaves_no_partial_file_and_no_upload(tmp_path):
    database, server_tmp = tmp_path / "riep.sqlite3", tmp_path / "server-tmp"
    server_tmp.mkdir()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "riep.settings",
           "TMPDIR": str(server_tmp)}
    subprocess.run([sys.executable, "-m", "tests.core.schema_only"], cwd=ROOT, env=env, check=True)
    with riep_serve(env) as (base, server):
        with urllib.request.urlopen(f"{base}/accounts/sign-in/", timeout=10) as page:
            cookie = page.headers["Set-Cookie"].split(";")[0]
        csrf, port = cookie.split("=", 1)[1], base.rsplit(":", 1)[1]
        boundary = "riepboundary"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{csrf}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"placements.csv\"\r\n"
                "Content-Type: text/csv\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", int(port))) as conn:
            conn.sendall((f"POST /accounts/sign-in/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
                          f"Referer: {base}/accounts/sign-in/\r\n"
                          f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                          f"Content-Length: {len(head) + 8 * MB}\r\n\r\n").encode() + head)
            for _ in range(16):  # half of the file's 8 MB, in 256 KB pieces, then the server dies while reading
                conn.sendall(b"x" * (256 * 1024))
            time.sleep(1.0)
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    left = [p for p in server_tmp.rglob("*") if p.is_file()]
    assert left == [], f"partial files left behind: {[(p.name, p.stat().st_size) for p in left]}"
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM core_upload").fetchone()[0] == 0
