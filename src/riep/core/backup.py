"""`riep backup` and `riep restore`: the database and every stored file in one archive, and back.

The archive (a .tar.gz) holds `manifest.json` (when, which database engine, each table's row count, each file's
SHA-256), the database — SQLite through its online backup API, so a running platform is copied consistently
without stopping it; PostgreSQL through `pg_dump --format=custom` — and the folders of stored files (uploaded
evidence under MEDIA_ROOT, and any folder a capability names in `RIEP_BACKUP_FOLDERS`, by the setting that holds it). Restore checks the
manifest first, replaces the database and the folders, then counts the rows again against the manifest.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from riep.core.errors import UserError

FORMAT = 1


@dataclass
class BackupSummary:
    archive: Path
    engine: str
    tables: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # path inside the archive -> sha256

    def __str__(self) -> str:
        rows = sum(self.tables.values())
        return (f"{self.archive}: {len(self.tables)} tables ({rows:,} rows) and {len(self.files):,} stored files "
                f"from the {self.engine} database.")


def folders() -> dict[str, Path]:
    """Name in the archive -> folder on disk, for every folder of stored files."""
    named = {"media": Path(settings.MEDIA_ROOT)}
    for name, setting in getattr(settings, "RIEP_BACKUP_FOLDERS", {}).items():
        named[name] = Path(getattr(settings, setting))
    return named


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise UserError(f"Backups are made for SQLite and PostgreSQL, not {vendor}.")
    return vendor


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for version in ("17", "16", "15"):
        candidate = Path(f"/usr/lib/postgresql/{version}/bin/{name}")
        if candidate.exists():
            return str(candidate)
    raise UserError(f"{name} is not installed: install the PostgreSQL client tools (Debian: postgresql-client).")


def _pg_environment() -> tuple[list[str], dict]:
    params = connection.get_connection_params()  # what Django itself connects with (host may come from OPTIONS)
    args = ["--dbname", params.get("dbname") or connection.settings_dict["NAME"]]
    for option, key in (("--username", "user"), ("--host", "host"), ("--port", "port")):
        if params.get(key):
            args += [option, str(params[key])]
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return args, env


def _dump_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # consistent while others write (WAL)
        finally:
            destination.close()
        return
    args, env = _pg_environment()
    done = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise UserError(f"pg_dump could not copy the database: {done.stderr.strip()}")


def backup(destination: Path) -> BackupSummary:
    """Writes the archive to `destination` (a file, or a folder to put a dated file in)."""
    engine = _engine()
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / f"riep-backup-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
    summary = BackupSummary(destination, engine, tables=table_counts())
    with tempfile.TemporaryDirectory(prefix="riep-backup-") as work:
        database = Path(work) / ("database.sqlite3" if engine == "sqlite" else "database.pgdump")
        _dump_database(engine, database)
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(database, arcname=database.name)
            for name, folder in folders().items():
                for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []:
                    inside = f"{name}/{path.relative_to(folder).as_posix()}"
                    summary.files[inside] = _sha256(path)
                    archive.add(path, arcname=inside)
            manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                        "engine": engine, "database": database.name, "tables": summary.tables,
                        "files": summary.files}
            manifest_path = Path(work) / "manifest.json"
            manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
            archive.add(manifest_path, arcname="manifest.json")
        partial.replace(destination)  # a half-written archive never has the final name
    return summary


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, json.JSONDecodeError, TypeError):
        raise UserError("This is not a RIEP backup: it has no readable manifest.json.") from None
    if manifest.get("format") != FORMAT:
        raise UserError(f"This backup is in format {manifest.get('format')}; this version restores format {FORMAT}.")
    return manifest


def restore(source: Path) -> BackupSummary:
    """Replaces the database and the stored files with the archive's, then checks the row counts."""
    engine = _engine()
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise UserError(f"{source} is not a backup archive we can read: {error}") from None
    with archive, tempfile.TemporaryDirectory(prefix="riep-restore-") as work:
        manifest = _read_manifest(archive)
        if manifest["engine"] != engine:
            raise UserError(f"This backup is of a {manifest['engine']} database; this platform runs on {engine}. "
                            "Restore it on the same kind of database.")
        archive.extractall(work, filter="data")  # the "data" filter refuses absolute paths and links outside
        for inside, digest in manifest["files"].items():
            if _sha256(Path(work) / inside) != digest:
                raise UserError(f"The backup is damaged: {inside} does not match its checksum. Nothing was restored.")
        _restore_database(engine, Path(work) / manifest["database"])
        for name, folder in folders().items():
            copied = Path(work) / name
            if folder.exists():
                shutil.rmtree(folder)
            if copied.exists():
                shutil.copytree(copied, folder)
    counts = table_counts()
    if counts != manifest["tables"]:
        differ = sorted(t for t in set(counts) | set(manifest["tables"]) if counts.get(t) != manifest["tables"].get(t))
        raise UserError(f"The restored database does not match the backup's manifest in: {', '.join(differ)}.")
    return BackupSummary(Path(source), engine, counts, manifest["files"])


def _restore_database(engine: str, dump: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        backup_copy = sqlite3.connect(dump)
        try:
            backup_copy.backup(connection.connection)  # page by page into the live file, in one step
        finally:
            backup_copy.close()
        return
    for other in connections.all():
        other.close()  # pg_restore --clean drops tables: no open transaction of ours may hold them
    args, env = _pg_environment()
    done = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                           *args, str(dump)], env=env, capture_output=True, text=True)
    if done.returncode:
        raise UserError(f"pg_restore could not restore the database: {done.stderr.strip()}")
