"""Run BLAS single-threaded while the engine works.

Synthetic-control fits are thousands of tiny linear-algebra calls. On a small machine OpenBLAS's
worker threads cost more than they save: measured here, one 7-variable L-BFGS-B solve takes 10.7 ms
with the default threads and 1.6 ms with one. threadpoolctl limits the BLAS pools of numpy and scipy
for the duration and restores them afterwards (the setting is process-wide while it lasts).
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from threadpoolctl import ThreadpoolController


@lru_cache(maxsize=1)
def _controller() -> ThreadpoolController:
    # Finding the loaded BLAS libraries takes ~2 ms; do it once, not on every fit.
    return ThreadpoolController()


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    with _controller().limit(limits=1, user_api="blas"):
        yield
