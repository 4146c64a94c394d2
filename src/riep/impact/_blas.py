"""Run BLAS single-threaded while the engine works.

Synthetic-control fits are thousands of tiny linear-algebra calls. On a small machine OpenBLAS's
worker threads cost more than they save: measured here, one 7-variable L-BFGS-B solve takes 10.7 ms
with the default threads and 1.6 ms with one. threadpoolctl is the usual tool but is not a project
dependency, so this does the same thing for the OpenBLAS builds that numpy and scipy wheels ship,
through their exported ``*_set_num_threads`` functions. Best effort: anything unexpected is a no-op.
The setting is process-wide, so it is restored on exit.
"""
from __future__ import annotations

import ctypes
import threading
from contextlib import contextmanager
from typing import Iterator

_SETTERS = (
    ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
    ("scipy_openblas_set_num_threads", "scipy_openblas_get_num_threads"),
    ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
    ("openblas_set_num_threads", "openblas_get_num_threads"),
)
_lock = threading.Lock()
_depth = 0
_saved: list[tuple[object, int]] = []
_libs: list[tuple[object, object]] | None = None


def _find() -> list[tuple[object, object]]:
    global _libs
    if _libs is not None:
        return _libs
    found = []
    try:
        import numpy  # noqa: F401  (make sure the libraries are loaded)
        import scipy.linalg  # noqa: F401

        paths = set()
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1] if line.strip() else ""
                if "openblas" in path.rsplit("/", 1)[-1].lower() and ".so" in path:
                    paths.add(path)
        for path in sorted(paths):
            lib = ctypes.CDLL(path)
            for setter, getter in _SETTERS:
                if hasattr(lib, setter) and hasattr(lib, getter):
                    found.append((getattr(lib, setter), getattr(lib, getter)))
                    break
    except Exception:  # not Linux, no OpenBLAS, or an unfamiliar build: leave threads alone
        found = []
    _libs = found
    return found


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    global _depth
    with _lock:
        if _depth == 0:
            _saved.clear()
            for setter, getter in _find():
                try:
                    _saved.append((setter, int(getter())))
                    setter(1)
                except Exception:
                    pass
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                for setter, n in _saved:
                    try:
                        setter(n)
                    except Exception:
                        pass
