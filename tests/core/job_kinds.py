"""Kinds of job for the tests only (registered when this module is imported; the worker imports it by task path).

`python -m tests.core.enqueue_job KIND '{"json": "params"}' ...` queues them (for worker subprocesses).
"""
from __future__ import annotations

import os
import time

from django.db import transaction
from django.db.models import Q

from riep.core.errors import UserError
from riep.core.jobs import job_kind
from riep.core.uploads import store_bytes


def _rows(tag: str):
    from riep.core.models import Upload

    return Upload.objects.filter(name__startswith=f"{tag}-")


@job_kind("tests.slow_rows", "Slow import of test rows", visible_to=lambda user: Q(pk__in=[]))
def slow_rows(params: dict, progress) -> dict:
    """Like an importer: a slow read with progress, then one short all-or-nothing write; idempotent by content."""
    tag, count, pause = params["tag"], params.get("rows", 20), params.get("pause", 0.1)
    for done in range(1, count + 1):
        progress(done, 2 * count, "Reading")
        time.sleep(pause)
    if _rows(tag).count() == count:
        return {"summary": f"{count} rows unchanged", "created": 0}
    with transaction.atomic():
        for i in range(count):
            store_bytes(b"row", f"{tag}-{i}")
            if i == count // 2 and params.get("marker"):  # tells a test that half the rows are written, uncommitted
                open(params["marker"], "w").close()
            progress(count + i + 1, 2 * count, "Writing")
            time.sleep(pause / 4)
    return {"summary": f"{count} rows created", "created": count}


@job_kind("tests.record_run", "Test run recorder")
def record_run(params: dict, progress) -> dict:
    """Deliberately not idempotent: every run leaves a row, so a job run twice shows."""
    time.sleep(params.get("pause", 0.05))
    store_bytes(b"run", f"{params['tag']}-{params['n']}-pid{os.getpid()}")
    return {"summary": "ran"}


@job_kind("tests.silent", "Silent test job")
def silent(params: dict, progress) -> dict:
    time.sleep(params.get("seconds", 2))
    return {"summary": "slept"}


@job_kind("tests.broken", "Broken test job")
def broken(params: dict, progress) -> dict:
    raise RuntimeError("disk full")


@job_kind("tests.refused", "Refused test job")
def refused(params: dict, progress) -> dict:
    progress(1, 4, "Checking")
    raise UserError("Nothing was imported: row 3, amount: ‘abc’ is not a number.")

