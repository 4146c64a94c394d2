"""Writes during a large import (issue 16): a 150,000-placement care import, while another connection writes
every 50 ms, as sign-ins and API PATCHes do.

Baseline, in the same run: the same file written in one transaction, as every import was before. Prints, per
database (a SQLite file as in production; PostgreSQL on a throwaway cluster when its binaries are here), the
import's time and the writes' median, 95th percentile and slowest wait, and how many waited over a second.

    .venv/bin/python bench/bench_write_wait.py [--rows 150000] [--sqlite-only]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = ROOT / "scripts" / "pg-throwaway.sh"


def probe(url: str, rows: int, one_transaction: bool) -> dict:
    args = [sys.executable, "-m", "tests.care.write_wait_probe", str(rows)] + (["--one-transaction"] * one_transaction)
    run = subprocess.run(args, cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True,
                         check=False)
    if run.returncode:
        raise SystemExit(run.stderr[-3000:])
    return json.loads(run.stdout.strip().splitlines()[-1])


def describe(label: str, report: dict) -> str:
    waits = sorted(w["seconds"] for w in report["writes"])
    p95 = waits[int(0.95 * (len(waits) - 1))]
    slow = sum(1 for w in waits if w >= 1.0)
    failed = sum(1 for w in report["writes"] if w.get("error"))
    outcome = report["import"].get("error") or f"{report['import']['added']:,} added"
    return (f"  {label:<28} import {report['import']['seconds']:7.1f} s ({outcome}); {len(waits):5d} writes: "
            f"median {statistics.median(waits) * 1000:7.1f} ms, p95 {p95 * 1000:8.1f} ms, "
            f"slowest {waits[-1]:6.2f} s, {slow} over 1 s, {failed} failed (database is locked)")


def compare(name: str, urls, rows: int) -> None:
    print(f"{name}:")
    for label, one in (("one transaction (baseline)", True), ("short transactions (now)", False)):
        print(describe(label, probe(next(urls), rows, one)), flush=True)


def sqlite_urls(folder: Path):
    for i in range(2):
        yield f"sqlite:///{folder / f'wait-{i}.sqlite3'}"


def postgres_urls():
    started = subprocess.run(["bash", "-c", f"source {PG}; PG_PORT=55431 pg_throwaway_start >/dev/null; "
                                            "echo $PG_URL; echo $PG_TMP"], capture_output=True, text=True, check=True)
    url, tmp = started.stdout.split()
    try:
        for i in range(2):
            subprocess.run(["psql", url, "-qc", f"CREATE DATABASE wait_{i}"], check=True)
            yield url.replace("/riep?", f"/wait_{i}?")
    finally:
        subprocess.run(["bash", "-c", f"source {PG}; PG_TMP={tmp} pg_throwaway_stop"], check=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    print(f"Writes during a {args.rows:,}-placement import (one write every 50 ms from another connection)")
    with tempfile.TemporaryDirectory() as folder:
        compare("SQLite (WAL, IMMEDIATE, 20 s busy timeout)", sqlite_urls(Path(folder)), args.rows)
    if not args.sqlite_only and (shutil.which("initdb") or Path("/usr/lib/postgresql/15/bin/initdb").exists()):
        urls = postgres_urls()
        try:
            compare("PostgreSQL", urls, args.rows)
        finally:
            urls.close()


if __name__ == "__main__":
    main()
