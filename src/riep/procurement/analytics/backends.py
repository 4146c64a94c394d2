"""The two engines the spend queries run on: DuckDB (in process, one machine) and Spark (a cluster, or
``local[2]`` here). Both read the same Parquet store (`store`) and run the same SQL text (`queries`).

DuckDB runs under a memory limit with a temporary directory to spill to, so a national query slows down rather
than running the machine out of memory. Spark's session is made once per process and reused.
"""
from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute  # noqa: F401 — pa.compute

from . import cube as cube_module  # (the runners' `cube` parameter would shadow the module's name)

ENGINES = ("duckdb", "spark")
MAP_SCHEMA = pa.schema([("council_gss", pa.string()), ("supplier_name", pa.string()),
                        ("supplier_ref", pa.string()), ("category_code", pa.string())])


def chosen_engine(engine: str | None) -> str:
    """The engine asked for, else the RIEP_SPEND_ENGINE environment setting, else DuckDB."""
    name = (engine or os.environ.get("RIEP_SPEND_ENGINE") or "duckdb").lower()
    if name not in ENGINES:
        raise ValueError(f"spend engine {name!r} is not one of {', '.join(ENGINES)}")
    return name


def supplier_map_table(supplier_map, check: bool = True) -> pa.Table:
    """The supplier map as an arrow table (from arrow, pandas, or a list of dicts), checked to name each council's
    published name once unless `check` is false (the cube checks it only when it joins the map)."""
    if supplier_map is None:
        return MAP_SCHEMA.empty_table()
    if isinstance(supplier_map, pa.Table):
        table = supplier_map
    elif hasattr(supplier_map, "to_dict") and hasattr(supplier_map, "columns"):
        table = pa.Table.from_pandas(supplier_map, preserve_index=False)
    else:
        rows = list(supplier_map)
        table = pa.Table.from_pylist([{k: r.get(k) for k in MAP_SCHEMA.names} for r in rows], schema=MAP_SCHEMA)
    missing = [n for n in ("council_gss", "supplier_name", "supplier_ref") if n not in table.column_names]
    if missing:
        raise ValueError(f"supplier map lacks column(s) {', '.join(missing)}")
    if "category_code" not in table.column_names:
        table = table.append_column("category_code", pa.nulls(table.num_rows, pa.string()))
    table = table.select(MAP_SCHEMA.names).cast(MAP_SCHEMA)
    repeated = _first_repeated(table) if check else None
    if repeated:
        raise ValueError(f"supplier map has {repeated[0]} {repeated[1]!r} more than once")
    return table


def _first_repeated(table: pa.Table):
    """A (council, name) the map has twice, or None — in DuckDB: pyarrow's grouping by two string columns took
    seconds on 500,000 names, DuckDB's a third of one."""
    import duckdb  # noqa: PLC0415 — the engine is loaded only when used

    con = duckdb.connect()
    try:
        con.register("supplier_map_arrow", table)
        return con.execute("SELECT council_gss, supplier_name FROM supplier_map_arrow GROUP BY ALL "
                           "HAVING COUNT(*) > 1 ORDER BY ALL LIMIT 1").fetchone()
    finally:
        con.close()


def parquet_files_exist(root: str | os.PathLike) -> bool:
    return any(Path(root).glob("council_gss=*/month=*/*.parquet"))


# ---- DuckDB -----------------------------------------------------------------------------------------------

def duckdb_run(root, supplier_map, statements: Sequence[str], *, setup: Sequence[tuple[str, str]] = (),
               memory_limit: str = "1GB", threads: int | None = None,
               temp_directory: str | None = None, cube: Sequence[str] | None = None) -> list[list[dict]]:
    """Run the statements; `setup` (name, SQL) pairs are materialised first as temporary tables. `supplier_map`: an
    arrow table, or the path of a Parquet file holding one. With `cube` (council codes, `refresh_cube`d first),
    those councils' totals joined to the map are the views ``supplier_totals`` and ``category_totals``."""
    con = _connect(memory_limit, threads, temp_directory)
    try:
        pattern = str(Path(root) / "council_gss=*" / "month=*" / "*.parquet").replace("'", "''")
        con.execute(
            f"CREATE VIEW lines AS SELECT * FROM read_parquet('{pattern}', hive_partitioning = true, "
            "hive_types = {'council_gss': 'VARCHAR', 'month': 'VARCHAR'})"
        )
        _map_view(con, supplier_map)
        for view, part in CUBE_VIEWS if cube else ():
            listed = ", ".join("'" + f.replace("'", "''") + "'" for f in cube_files(root, cube, part))
            con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet([{listed}], hive_partitioning = true, "
                        "hive_types = {'council_gss': 'VARCHAR'})")
        for name, sql in setup:
            con.execute(f"CREATE TEMP TABLE {name} AS {sql}")
        results = []
        for sql in statements:
            cursor = con.execute(sql)
            names = [d[0] for d in cursor.description]
            results.append([dict(zip(names, row)) for row in cursor.fetchall()])
        return results
    finally:
        con.close()


def _map_file(supplier_map) -> str | None:
    return os.fspath(supplier_map) if isinstance(supplier_map, (str, os.PathLike)) else None


def _connect(memory_limit: str = "1GB", threads: int | None = None, temp_directory: str | None = None):
    import duckdb  # noqa: PLC0415 — the engine is loaded only when used

    temp = temp_directory or os.path.join(tempfile.gettempdir(), "riep-duckdb")
    os.makedirs(temp, exist_ok=True)
    config = {"memory_limit": memory_limit, "temp_directory": temp, "preserve_insertion_order": "false"}
    if threads:
        config["threads"] = str(threads)
    return duckdb.connect(config=config)


def _map_view(con, supplier_map) -> None:
    """The view ``supplier_map``: over the arrow table, or over the Parquet file it names."""
    map_file = _map_file(supplier_map)
    if map_file:
        quoted = map_file.replace("'", "''")
        con.execute(f"CREATE VIEW supplier_map AS SELECT {', '.join(MAP_SCHEMA.names)} FROM read_parquet('{quoted}')")
    else:
        con.register("supplier_map_arrow", supplier_map)
        con.execute("CREATE VIEW supplier_map AS SELECT * FROM supplier_map_arrow")


def refresh_cube(root, supplier_map, councils: Sequence[str], **options) -> list[str]:
    """Bring the councils' totals joined to the supplier map up to date (with DuckDB, whichever engine queries
    them); returns the councils that have them (those with lines)."""
    con = _connect(**options)
    try:
        _map_view(con, supplier_map)
        cube_module.refresh_joined(root, con, list(councils), _map_file(supplier_map))
    finally:
        con.close()
    return [c for c in councils if all(os.path.isfile(f) for f in cube_files(root, [c]))]


def cube_files(root, councils: Sequence[str], part: str | None = None) -> list[str]:
    """The joined totals' Parquet files of the councils (`part`: "suppliers" or "categories"; None, both)."""
    parts = [part] if part else list(cube_module.JOINED)
    return [str(cube_module.cube_dir(root) / f"council_gss={c}" / f"{p}.parquet") for c in councils for p in parts]


CUBE_VIEWS = (("supplier_totals", "suppliers"), ("category_totals", "categories"))


# ---- Spark ------------------------------------------------------------------------------------------------

_spark_lock = threading.Lock()
_spark = None


def spark_session(master: str | None = None):
    """The process's Spark session: RIEP_SPARK_MASTER (a cluster's ``spark://host:7077``, ``yarn``, or
    ``local[N]``), default ``local[2]``. Locally, settings for a small machine (1 GB driver, 2 shuffle partitions,
    no UI, quick JVM start); on a cluster its own spark-defaults decide."""
    global _spark
    with _spark_lock:
        if _spark is None:
            from pyspark.sql import SparkSession  # noqa: PLC0415 — the JVM starts only for Spark runs

            master = master or os.environ.get("RIEP_SPARK_MASTER", "local[2]")
            builder = (
                SparkSession.builder.master(master)
                .appName("riep-spend")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
                .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            )
            if master.startswith("local"):
                # A short-lived JVM on a small machine spends more on compiling than on computing: C1 only, a serial
                # collector and no whole-stage code generation (together 3x faster here on small stores).
                builder = (
                    builder.config("spark.driver.memory", os.environ.get("RIEP_SPARK_DRIVER_MEMORY", "1g"))
                    .config("spark.sql.shuffle.partitions", os.environ.get("RIEP_SPARK_SHUFFLE_PARTITIONS", "2"))
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                    .config("spark.sql.codegen.wholeStage", os.environ.get("RIEP_SPARK_CODEGEN", "false"))
                )
            _spark = builder.getOrCreate()
            _spark.sparkContext.setLogLevel("ERROR")
        return _spark


def spark_run(root, supplier_map, statements: Sequence[str], *, setup: Sequence[tuple[str, str]] = (),
              master: str | None = None, cube: Sequence[str] | None = None) -> list[list[dict]]:
    """Run the statements; `setup` (name, SQL) pairs are cached first as temporary views."""
    from pyspark.sql import types as T  # noqa: PLC0415 — as above

    spark = spark_session(master)
    lines = spark.read.option("basePath", str(root)).parquet(str(Path(root) / "council_gss=*" / "month=*" / "*.parquet"))
    lines.createOrReplaceTempView("lines")
    for view, part in CUBE_VIEWS if cube else ():
        spark.read.option("basePath", str(cube_module.cube_dir(root))).parquet(
            *cube_files(root, cube, part)).createOrReplaceTempView(view)
    if _map_file(supplier_map):
        spark.read.parquet(_map_file(supplier_map)).select(*MAP_SCHEMA.names).createOrReplaceTempView("supplier_map")
    else:
        schema = T.StructType([T.StructField(name, T.StringType()) for name in MAP_SCHEMA.names])
        spark.createDataFrame(supplier_map.to_pandas(), schema=schema).createOrReplaceTempView("supplier_map")
    cached = []
    # On a cluster the setup tables are cached (each is read by several statements); locally, on small stores,
    # caching costs more jobs than it saves.
    cache = not spark.sparkContext.master.startswith("local")
    try:
        for name, sql in setup:
            frame = spark.sql(sql)
            if cache:
                frame = frame.cache()
                cached.append(frame)
            frame.createOrReplaceTempView(name)
        return [[row.asDict() for row in spark.sql(sql).collect()] for sql in statements]
    finally:
        for frame in cached:
            frame.unpersist()
