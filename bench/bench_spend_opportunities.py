"""Benchmark: the collaboration finder (`analytics.queries.opportunities`) over 10 million generated spend lines,
against a plain DuckDB scan-and-sum of the same Parquet (goal: 5 s or less; memory bounded by DuckDB's limit).

Run: .venv/bin/python bench/bench_spend_opportunities.py [--lines N] [--councils N] [--months N] [--spark]

The store is written straight from the generator (no CSV). The supplier map gives every (council, published
name) its true supplier and a category, as resolution and classification would. The baseline is the floor any
query over these lines pays: `SELECT council_gss, SUM(amount) ... GROUP BY council_gss` with the same join.
Ours reads the per-council totals joined to the supplier map (`analytics.cube`), made once after the imports and
again, joined part only, after a resolution run (both first runs are shown), with the map in a Parquet file as
the hub keeps it (`services.map_file`) and, beside it, in memory; the finder straight from the lines
(`from_lines=True`, how it ran at first) is timed beside it, and all must give the same answer. Times are medians
of three runs, wall and CPU (the machine is shared: CPU seconds are what its load cannot stretch). All run under the same memory limit (1 GB) with a temporary directory to spill to. --spark also times the same
query on Spark local[2] (includes starting the JVM once).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from riep.procurement.analytics import backends, cube, queries  # noqa: E402
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
            """Median wall and CPU seconds (CPU of every thread of this process: what the load cannot stretch)."""
            runs = []
            for _ in range(times):
                start, cpu = time.perf_counter(), time.process_time()
                out = run()
                runs.append((time.perf_counter() - start, time.process_time() - cpu))
            return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), out

        map_file = work / "supplier_map.parquet"
        pq.write_table(supplier_map.replace_schema_metadata({cube.MAP_VERSION_KEY: b"1"}), map_file)
        baseline, baseline_cpu, _ = timed(lambda: backends.duckdb_run(root, table, [baseline_sql], **options))
        from_lines, from_lines_cpu, by_lines = timed(lambda: queries.opportunities(
            root, supplier_map, councils, from_lines=True, **options))
        cold, cold_cpu, _ = timed(lambda: queries.opportunities(root, map_file, councils, **options), times=1)
        ours, ours_cpu, found = timed(lambda: queries.opportunities(root, map_file, councils, **options))
        in_memory, in_memory_cpu, found_in_memory = timed(lambda: queries.opportunities(root, supplier_map, councils,
                                                                                        **options))
        # a resolution run: a new map version, the same lines — the joined totals are made again, the lines' not
        pq.write_table(supplier_map.replace_schema_metadata({cube.MAP_VERSION_KEY: b"2"}), map_file)
        remap, remap_cpu, found_after = timed(lambda: queries.opportunities(root, map_file, councils, **options),
                                              times=1)
        assert found == by_lines == found_in_memory == found_after, "the council totals must give the lines' answer"
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        priced = sum(1 for o in found if "price_spread" in o)
        load = os.getloadavg()[0]
        print(f"load average {load:.1f} on {os.cpu_count()} cores; wall seconds, then CPU seconds of every thread")
        print(f"baseline DuckDB scan-and-sum over the lines : {baseline:.2f} s (CPU {baseline_cpu:.2f} s; "
              f"{total / baseline:,.0f} lines/s)")
        print(f"opportunities from the lines (the first way) : {from_lines:.2f} s (CPU {from_lines_cpu:.2f} s); "
              f"ratio to baseline {from_lines / baseline:.1f}x")
        print(f"opportunities from the joined totals (ours), the map in its Parquet file as the hub keeps it: "
              f"{ours:.2f} s (CPU {ours_cpu:.2f} s); ratio to baseline {ours / baseline:.2f}x; "
              f"{from_lines / ours:.0f}x faster than from the lines")
        print(f"  the map in memory instead (hashed per council to check the totals): {in_memory:.2f} s "
              f"(CPU {in_memory_cpu:.2f} s)")
        print(f"  first run after the imports (makes every council's totals): {cold:.2f} s (CPU {cold_cpu:.2f} s); "
              f"first after a resolution run (a new map: joined totals only): {remap:.2f} s (CPU {remap_cpu:.2f} s)")
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
