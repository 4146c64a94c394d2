"""The supplier map kept as a Parquet file beside the spend lines, for the collaboration finder: reading every
published name from the database (hundreds of thousands, nationally) costs seconds on each page view, reading the
file nothing — and the finder's per-council totals joined to it (`analytics.cube`) are rebuilt only when it changes.

Whatever might change the map (a resolution run, a category set by hand, an import's names) calls `map_changed`,
which gives `SupplierMapVersion` a new token in the same transaction. The file carries the token it was made at
(in its Parquet metadata); `supplier_map_file` hands it out only while the tokens agree, else writes it again
first. So a file made before a change is never used, and one made inside a transaction that rolled back is not
either (its token went with the transaction)."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.utils import timezone

from riep.procurement.analytics import backends, cube
from riep.procurement.models import SupplierMapVersion
from riep.procurement.services.storage import spend_dir
from riep.procurement.services.suppliers import supplier_map


def map_changed() -> None:
    SupplierMapVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex,
                                                                "changed_at": timezone.now()})


def map_path() -> Path:
    return spend_dir() / "_map" / "supplier_map.parquet"


def supplier_map_file() -> Path | None:
    """The map's file, up to date (written first if it was not); None before anything made a map."""
    token = SupplierMapVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        return None
    path = map_path()
    try:
        if cube.map_file_version(path) == f"version {token}":
            return path
    except (OSError, pa.ArrowInvalid):
        pass  # not there, or not a Parquet file: written below
    # read after the token: if a change commits in between, the file is newer than its token and is written again
    table = pa.Table.from_pylist(supplier_map(), schema=backends.MAP_SCHEMA)
    table = table.replace_schema_metadata({cube.MAP_VERSION_KEY: token.encode()})
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".supplier_map.{uuid.uuid4().hex}.tmp"
    try:
        pq.write_table(table, temporary, compression="zstd")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def warm_finder() -> None:
    """After a resolution run (in its job, committed): the map's file and every council's totals joined to it made
    now, so the next opportunities page does not wait for them."""
    path = supplier_map_file()
    if path is not None:
        councils = sorted(p.name.split("=", 1)[1] for p in spend_dir().glob("council_gss=*") if p.is_dir())
        backends.refresh_cube(spend_dir(), path, councils)
