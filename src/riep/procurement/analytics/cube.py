"""Per-council totals kept beside the spend store, so that the collaboration finder reads thousands of rows, not
millions of lines: first from the lines alone (below), then joined to the supplier map (`refresh_joined`).

For each council, over all its months (redacted lines left out, as every supplier query does):

    <root>/_cube/council_gss=<GSS>/names.parquet    supplier_name, spend, lines        (one row per name)
    <root>/_cube/council_gss=<GSS>/amounts.parquet  supplier_name, amount, n           (amounts > 0 paid 2+ times)
    <root>/_cube/council_gss=<GSS>/fingerprint      what the totals were made from

Dropping amounts paid once loses nothing: the finder only looks for amounts a name repeats (`queries`). The
totals are rebuilt, council by council, when the council's Parquet files differ from the fingerprint (a file
imported, replaced or removed) — so a query after an import pays once for that council, and later ones not at all.
The folder starts with ``_``, so neither the store's globs nor Spark's partition discovery see it as lines.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

CUBE = "_cube"
PARTS = ("names", "amounts")


def cube_dir(root) -> Path:
    return Path(root) / CUBE


def _fingerprint(council_dir: Path) -> str:
    digest = hashlib.sha1()
    for path in sorted(council_dir.glob("month=*/*.parquet")):
        stat = path.stat()
        digest.update(f"{path.parent.name}/{path.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def refresh(root, con, only=None) -> list[str]:
    """Bring every council's totals (or those of the councils `only` names) up to date, with the DuckDB connection
    `con`; returns the councils rebuilt."""
    root = Path(root)
    cube = cube_dir(root)
    councils = {p.name: p for p in root.glob("council_gss=*") if p.is_dir()}
    for gone in (p for p in cube.glob("council_gss=*") if p.name not in councils):
        shutil.rmtree(gone, ignore_errors=True)
    if only is not None:
        wanted = {f"council_gss={c}" for c in only}
        councils = {k: v for k, v in councils.items() if k in wanted}
    rebuilt = []
    for folder_name, council_dir in sorted(councils.items()):
        target = cube / folder_name
        mark = _fingerprint(council_dir)
        stamp = target / "fingerprint"
        if stamp.is_file() and stamp.read_text() == mark and all((target / f"{p}.parquet").is_file() for p in PARTS):
            continue
        if not any(council_dir.glob("month=*/*.parquet")):
            shutil.rmtree(target, ignore_errors=True)
            continue
        target.mkdir(parents=True, exist_ok=True)
        lines = f"read_parquet('{_quoted(council_dir)}/month=*/*.parquet', hive_partitioning = false)"
        statements = {
            "names": f"""SELECT supplier_name, SUM(amount) AS spend, COUNT(*) AS lines FROM {lines}
                         WHERE NOT redacted GROUP BY supplier_name""",
            "amounts": f"""SELECT supplier_name, amount, COUNT(*) AS n FROM {lines}
                           WHERE NOT redacted AND amount > 0 GROUP BY supplier_name, amount HAVING COUNT(*) >= 2""",
        }
        _write_parts(con, target, statements, stamp, mark)
        rebuilt.append(folder_name.split("=", 1)[1])
    return rebuilt


def _write_parts(con, target: Path, statements: dict, stamp: Path, mark: str) -> None:
    """Each statement's result to `target/<part>.parquet` through a temporary file, then the stamp that vouches for
    them. The old stamp goes first: while rebuilding, it must not vouch for a mix of old and new files."""
    token = uuid.uuid4().hex
    stamp.unlink(missing_ok=True)
    for part, sql in statements.items():
        temporary = target / f".{part}.{token}.tmp"
        con.execute(f"COPY ({sql}) TO '{_quoted(temporary)}' (FORMAT parquet, COMPRESSION zstd)")
        os.replace(temporary, target / f"{part}.parquet")
    temporary = target / f".{stamp.name}.{token}.tmp"
    temporary.write_text(mark)
    os.replace(temporary, stamp)


def glob_of(root, part: str) -> str:
    return str(cube_dir(root) / "council_gss=*" / f"{part}.parquet")


# ---- the totals joined to the supplier map ----------------------------------------------------------------
# Per council, what the finder answers with — each supplier's spend, lines and unit price, each category's spend,
# lines and suppliers — so a partnership's opportunities read one row per council and supplier, never the names.
#
#     <root>/_cube/council_gss=<GSS>/suppliers.parquet   supplier_ref, spend, lines, unit_price, unit_lines
#     <root>/_cube/council_gss=<GSS>/categories.parquet  category_code, spend, lines, suppliers
#     <root>/_cube/council_gss=<GSS>/joined              the council's totals' fingerprint and the map's
#
# The map's part of the stamp is, for a map in a Parquet file, the version its writer recorded in it (else the
# file's size, time and inode); for a map in memory, a hash of the council's own map rows. So totals made with an
# older map — before a resolution run or a category set by hand — are never read. (Counts are cast to BIGINT: a
# HUGEINT sum would be written to Parquet as a float.)

JOINED = ("suppliers", "categories")
UNIT_MIN_LINES = 3  # a repeated amount counts as a unit price when it appears at least this often (`queries`)
MAP_VERSION_KEY = b"riep.map_version"


def map_file_version(path) -> str:
    """What a map's Parquet file says it is: the version its writer put in its metadata (`MAP_VERSION_KEY`), else
    its size, modification time and inode (a file replaced whole is a new inode)."""
    import pyarrow.parquet as pq  # noqa: PLC0415 — only for maps in files

    metadata = pq.read_schema(path).metadata or {}
    if MAP_VERSION_KEY in metadata:
        return f"version {metadata[MAP_VERSION_KEY].decode()}"
    stat = os.stat(path)
    return f"file {path} {stat.st_size} {stat.st_mtime_ns} {stat.st_ino}"


def _map_stamps(con, councils: list[str], map_file: str | None) -> dict[str, str]:
    if map_file:
        return dict.fromkeys(councils, map_file_version(map_file))
    rows = con.execute("""SELECT council_gss, COUNT(*), bit_xor(hash(supplier_name, supplier_ref, category_code)),
                                 CAST(SUM(hash(supplier_name, supplier_ref, category_code)) AS VARCHAR)
                          FROM supplier_map GROUP BY council_gss""").fetchall()
    found = {gss: f"rows {n} {x} {s}" for gss, n, x, s in rows}
    return {c: found.get(c, "rows 0") for c in councils}


def _check_map(con) -> None:
    """A map naming a council's published name twice would count its spend twice: refused."""
    repeated = con.execute("SELECT council_gss, supplier_name FROM supplier_map GROUP BY ALL HAVING COUNT(*) > 1 "
                           "ORDER BY ALL LIMIT 1").fetchone()
    if repeated:
        raise ValueError(f"supplier map has {repeated[0]} {repeated[1]!r} more than once")


def refresh_joined(root, con, councils, map_file: str | None = None) -> list[str]:
    """Bring the named councils' joined totals up to date with the lines (`refresh` first) and the supplier map
    (the view ``supplier_map`` on `con`, read from `map_file` when the map is one); returns the councils rebuilt."""
    root = Path(root)
    refresh(root, con, councils)
    cube = cube_dir(root)
    present = [c for c in councils if (cube / f"council_gss={c}" / "fingerprint").is_file()]
    stamps = _map_stamps(con, present, map_file)
    stale = {}
    for gss in present:
        target = cube / f"council_gss={gss}"
        mark = f"{(target / 'fingerprint').read_text()}\n{stamps[gss]}\n{UNIT_MIN_LINES}"
        stamp = target / "joined"
        if not (stamp.is_file() and stamp.read_text() == mark and all((target / f"{p}.parquet").is_file()
                                                                     for p in JOINED)):
            stale[gss] = mark
    if not stale:
        return []
    _check_map(con)
    # the stale councils' map rows once, in DuckDB's own format ordered by council: each council's joins below
    # then read only its own rows, not the whole map again
    listed = ", ".join(f"'{gss}'" for gss in stale)
    con.execute(f"CREATE OR REPLACE TEMP TABLE stale_map AS SELECT * FROM supplier_map "
                f"WHERE council_gss IN ({listed}) ORDER BY council_gss")
    rebuilt: list[str] = []
    for gss, mark in stale.items():
        target = cube / f"council_gss={gss}"
        stamp = target / "joined"
        names, amounts = (f"read_parquet('{_quoted(target / f'{p}.parquet')}')" for p in PARTS)
        council_map = f"(SELECT * FROM stale_map WHERE council_gss = '{gss}')"
        statements = {
            "suppliers": f"""
                WITH j AS (SELECT m.supplier_ref, n.spend, n.lines FROM {names} n
                           JOIN {council_map} m ON n.supplier_name = m.supplier_name WHERE m.supplier_ref IS NOT NULL),
                s AS (SELECT supplier_ref, SUM(spend) AS spend, CAST(SUM(lines) AS BIGINT) AS lines FROM j
                      GROUP BY supplier_ref),
                a AS (SELECT m.supplier_ref, a.amount, CAST(SUM(a.n) AS BIGINT) AS n FROM {amounts} a
                      JOIN {council_map} m ON a.supplier_name = m.supplier_name WHERE m.supplier_ref IS NOT NULL
                      GROUP BY m.supplier_ref, a.amount HAVING SUM(a.n) >= {UNIT_MIN_LINES}),
                modal AS (SELECT supplier_ref, amount, n,
                                 ROW_NUMBER() OVER (PARTITION BY supplier_ref ORDER BY n DESC, amount ASC) AS rk FROM a)
                SELECT s.supplier_ref, s.spend, s.lines, modal.amount AS unit_price, modal.n AS unit_lines
                FROM s LEFT JOIN modal ON modal.supplier_ref = s.supplier_ref AND modal.rk = 1""",
            "categories": f"""
                SELECT m.category_code, SUM(n.spend) AS spend, CAST(SUM(n.lines) AS BIGINT) AS lines,
                       COUNT(DISTINCT m.supplier_ref) AS suppliers
                FROM {names} n JOIN {council_map} m ON n.supplier_name = m.supplier_name
                WHERE m.category_code IS NOT NULL GROUP BY m.category_code""",
        }
        _write_parts(con, target, statements, stamp, mark)
        rebuilt.append(gss)
    con.execute("DROP TABLE stale_map")
    return rebuilt
