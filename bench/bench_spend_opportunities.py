"""Benchmark: the collaboration finder (`analytics.queries.opportunities`) over 10 million generated spend lines,
against a plain DuckDB scan-and-sum of the same Parquet (goal: 5 s or less; memory bounded by DuckDB's limit).

Run: .venv/bin/python bench/bench_spend_opportunities.py [--lines N] [--councils N] [--months N] [--spark]

The store is written straight from the generator (no CSV). The supplier map gives every (council, published
name) its true supplier and a category, as resolution and classification would. The baseline is the floor any
query over these lines pays: `SELECT council_gss, SUM(amount) ... GROUP BY council_gss` with the same join.
Ours reads the per-council totals (`analytics.cube`), built once after the imports (that first run is shown
too); the finder straight from the lines (`from_lines=True`, how it ran before) is timed beside it, and both
must give the same answer. Times are medians of three runs. All run under the same memory limit (1 GB) with a temporary directory to spill to. --spark also times the same
query on Spark local[2] (includes starting the JVM once).
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

import pyarrow as pa  # noqa: E402

from riep.procurement.analytics import backends, queries  # noqa: E402
from riep.procurement.analytics.store import write_file_lines  # noqa: E402
from riep.procurement.engine.generate import CATEGORIES, months_between, spend_files  # noqa: E402

COUNCILS = [f"E08{n:06d}" for n in range(1, 400)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--councils", type=int, default=40)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--spark", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="riep-bench-opps-"))
    try:
        councils = COUNCILS[: args.councils]
        months = months_between("2021-04", "2040-12")[: args.months]
        per_file = max(1, args.lines // (len(councils) * len(months)))
        root = work / "store"
        names: dict[tuple[str, str], str] = {}
        total = 0
        start = time.perf_counter()
        for council, month, table in spend_files(councils, months, per_file, n_suppliers=20_000, seed=7):
            write_file_lines(root, council, hashlib.sha256(f"{council}{month}".encode()).hexdigest(),
                             table.drop_columns(["supplier_entity"]))
            total += table.num_rows
            distinct = table.select(["supplier_name", "supplier_entity"]).group_by(
                ["supplier_name", "supplier_entity"]).aggregate([])
            for name, entity in zip(distinct["supplier_name"].to_pylist(), distinct["supplier_entity"].to_pylist()):
                if entity:
                    names[(council, name)] = entity
        codes = [c for c, _l, _u in CATEGORIES]
        supplier_map = pa.Table.from_pylist([
            {"council_gss": c, "supplier_name": n, "supplier_ref": e, "category_code": codes[int(e[1:]) % len(codes)]}
            for (c, n), e in names.items()])
        print(f"store: {total:,} lines, {len(councils)} councils x {len(months)} months, "
              f"{supplier_map.num_rows:,} supplier-map rows; written in {time.perf_counter() - start:.0f} s")

        options = {"memory_limit": args.memory_limit, "temp_directory": str(work / "spill")}
        baseline_sql = """SELECT l.council_gss, SUM(l.amount) AS spend, COUNT(*) AS lines FROM lines l
            JOIN supplier_map m ON l.council_gss = m.council_gss AND l.supplier_name = m.supplier_name
            WHERE NOT l.redacted GROUP BY l.council_gss"""
        table = backends.supplier_map_table(supplier_map)

        def timed(run, times=3):
            seconds = []
            for _ in range(times):
                start = time.perf_counter()
                out = run()
                seconds.append(time.perf_counter() - start)
            return statistics.median(seconds), out

        baseline, _ = timed(lambda: backends.duckdb_run(root, table, [baseline_sql], **options))
        from_lines, by_lines = timed(lambda: queries.opportunities(root, supplier_map, councils, from_lines=True,
                                                                   **options))
        start = time.perf_counter()
        queries.opportunities(root, supplier_map, councils, **options)  # builds the council totals
        cold = time.perf_counter() - start
        ours, found = timed(lambda: queries.opportunities(root, supplier_map, councils, **options))
        assert found == by_lines, "the council totals must give the lines' answer"
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        priced = sum(1 for o in found if "price_spread" in o)
        print(f"baseline DuckDB scan-and-sum over the lines: {baseline:.2f} s ({total / baseline:,.0f} lines/s)")
        print(f"opportunities from the lines (before)       : {from_lines:.2f} s; ratio to baseline "
              f"{from_lines / baseline:.1f}x")
        print(f"opportunities from council totals (ours)    : {ours:.2f} s; ratio to baseline {ours / baseline:.2f}x; "
              f"{from_lines / ours:.1f}x faster than from the lines; first run after the imports (builds the "
              f"totals) {cold:.2f} s")
        print(f"  {len(found):,} opportunities, {priced:,} with a unit-price spread; top: {found[0]['kind']} "
              f"{found[0]['supplier_ref'] or found[0]['category_code']} £{found[0]['spend']:,} across "
              f"{found[0]['councils']} councils; identical to the lines' answer")
        print(f"goal <= 5 s: {'met' if ours <= 5 else 'NOT met'} ({ours:.2f} s, median of 3); "
              f"DuckDB memory limit {args.memory_limit}; peak memory of this process {peak:,.0f} MB")
        if args.spark:
            start = time.perf_counter()
            on_spark = queries.opportunities(root, supplier_map, councils, engine="spark")
            first = time.perf_counter() - start
            start = time.perf_counter()
            queries.opportunities(root, supplier_map, councils, engine="spark")
            print(f"Spark local[2]: {first:.1f} s first run (JVM start), {time.perf_counter() - start:.1f} s second; "
                  f"identical to DuckDB: {on_spark == found}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
