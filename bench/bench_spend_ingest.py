"""Benchmark: ingest of clean generated spend files into the Parquet store, against DuckDB's own read_csv of the
same files (the engine limit; goal: at least 50% of its rows/second, and 10 million lines in 60 s or less).

Run: .venv/bin/python bench/bench_spend_ingest.py [--lines N] [--councils N] [--months N]

Both sides read the same CSV files from the page cache (each file is read once before timing). Ours: pyarrow's
CSV reader with exact decimals (`analytics.ingest.read_clean_csv`), then `store.write_file_lines` (zstd Parquet,
partitioned by council and month, written to a temporary name and renamed). DuckDB: `CREATE TABLE AS SELECT *
FROM read_csv([...])` with the same column types, into its own in-memory table. Peak memory is the process's.
"""
from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pyarrow.csv as pv  # noqa: E402

from riep.procurement.analytics.ingest import ingest_clean_csv  # noqa: E402
from riep.procurement.engine.generate import months_between, spend_files  # noqa: E402

COUNCILS = [f"E08{n:06d}" for n in range(1, 400)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=10_000_000, help="total lines (default 10 million)")
    parser.add_argument("--councils", type=int, default=20)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; medians are printed")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="riep-bench-ingest-"))
    try:
        months = months_between("2021-04", "2030-12")[: args.months]
        per_file = max(1, args.lines // (args.councils * args.months))
        files = []
        start = time.perf_counter()
        for council, month, table in spend_files(COUNCILS[: args.councils], months, per_file, n_suppliers=5000, seed=1):
            path = work / "csv" / f"{council}_{month}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            pv.write_csv(table.drop_columns(["supplier_entity"]), path)
            files.append((council, path))
        total_lines = sum(sum(1 for _ in open(p, "rb")) - 1 for _c, p in files)  # also warms the page cache
        size = sum(p.stat().st_size for _c, p in files)
        print(f"generated {total_lines:,} lines in {len(files)} files ({size / 1e6:,.0f} MB) "
              f"in {time.perf_counter() - start:.1f} s")

        import duckdb

        paths = ", ".join(f"'{p}'" for _c, p in files)
        types = ("{'file_id': 'BIGINT', 'line_number': 'BIGINT', 'payment_date': 'DATE', 'amount': 'DECIMAL(14,2)', "
                 "'supplier_name': 'VARCHAR', 'redacted': 'BOOLEAN', 'company_number': 'VARCHAR', "
                 "'expense_type': 'VARCHAR', 'transaction_number': 'VARCHAR'}")
        duck_times, ours_times = [], []
        root = work / "store"
        for _ in range(args.repeat):  # alternating, so both sides see the same load on a shared machine
            con = duckdb.connect(config={"memory_limit": "2GB", "temp_directory": str(work / "duck-tmp")})
            start = time.perf_counter()
            con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv([{paths}], header = true, columns = {types})")
            duck_times.append(time.perf_counter() - start)
            duck_rows = con.execute("SELECT COUNT(*) FROM t").fetchone()[0]
            con.close()
            shutil.rmtree(root, ignore_errors=True)
            start = time.perf_counter()
            ours_rows = 0
            for n, (council, path) in enumerate(files):
                written = ingest_clean_csv(root, council, hashlib.sha256(str(path).encode()).hexdigest(), path,
                                           file_id=n)
                ours_rows += sum(written.values())
            ours_times.append(time.perf_counter() - start)
        duck_seconds, ours_seconds = statistics.median(duck_times), statistics.median(ours_times)
        store_mb = sum(p.stat().st_size for p in root.rglob("*.parquet")) / 1e6
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert ours_rows == duck_rows == total_lines, (ours_rows, duck_rows, total_lines)

        print(f"baseline DuckDB read_csv : {duck_rows:>12,} lines in {duck_seconds:6.1f} s = "
              f"{duck_rows / duck_seconds:>12,.0f} lines/s")
        print(f"ours CSV -> Parquet store: {ours_rows:>12,} lines in {ours_seconds:6.1f} s = "
              f"{ours_rows / ours_seconds:>12,.0f} lines/s  ({store_mb:,.0f} MB of Parquet)")
        ratio = duck_seconds / ours_seconds
        print(f"ratio (ours / DuckDB rows per second): {ratio:.0%}  (goal >= 50%)")
        per_10m = ours_seconds * 10_000_000 / ours_rows
        print(f"10 million lines at this rate: {per_10m:.0f} s  (goal <= 60 s)")
        print(f"peak memory of this process: {peak:,.0f} MB; medians of {args.repeat} runs each "
              f"(DuckDB {', '.join(f'{t:.1f}' for t in duck_times)} s; ours {', '.join(f'{t:.1f}' for t in ours_times)} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
