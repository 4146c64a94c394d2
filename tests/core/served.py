"""A real `riep serve` (Gunicorn) for the fault tests, on a free loopback port, stopped with its workers."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def riep_serve(env: dict, log=subprocess.DEVNULL):
    """Yields (base URL, process) once the sign-in page answers. The server leads its own process group, so a test
    can kill master and workers at once (`os.killpg(process.pid, signal.SIGKILL)`); whatever is left is stopped."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "riep.cli", "serve", "--port", str(port), "--workers", "1"],
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/accounts/sign-in/", timeout=10):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("riep serve did not answer within 30 s")
        yield base, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
