"""Per-council totals kept beside the spend store, so that the collaboration finder reads thousands of rows, not
millions of lines.

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


def refresh(root, con) -> list[str]:
    """Bring every council's totals up to date (with the DuckDB connection `con`); returns the councils rebuilt."""
    root = Path(root)
    cube = cube_dir(root)
    councils = {p.name: p for p in root.glob("council_gss=*") if p.is_dir()}
    for gone in (p for p in cube.glob("council_gss=*") if p.name not in councils):
        shutil.rmtree(gone, ignore_errors=True)
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
        token = uuid.uuid4().hex
        statements = {
            "names": f"""SELECT supplier_name, SUM(amount) AS spend, COUNT(*) AS lines FROM {lines}
                         WHERE NOT redacted GROUP BY supplier_name""",
            "amounts": f"""SELECT supplier_name, amount, COUNT(*) AS n FROM {lines}
                           WHERE NOT redacted AND amount > 0 GROUP BY supplier_name, amount HAVING COUNT(*) >= 2""",
        }
        for part, sql in statements.items():
            temporary = target / f".{part}.{token}.tmp"
            con.execute(f"COPY ({sql}) TO '{_quoted(temporary)}' (FORMAT parquet, COMPRESSION zstd)")
            os.replace(temporary, target / f"{part}.parquet")
        temporary = target / f".fingerprint.{token}.tmp"
        temporary.write_text(mark)
        os.replace(temporary, stamp)
        rebuilt.append(folder_name.split("=", 1)[1])
    return rebuilt


def glob_of(root, part: str) -> str:
    return str(cube_dir(root) / "council_gss=*" / f"{part}.parquet")
