"""The fast path for a clean file: a CSV already in the store's columns (a generated file, an export from
another hub, a file the importer has already mapped), read by pyarrow's multi-threaded CSV reader with exact
decimal amounts and written to the store. The importer proper (mapping, dates in any format, row errors) is the
hub's; this is for volume.
"""
from __future__ import annotations

import os

import pyarrow as pa
import pyarrow.csv as pv

from .store import AMOUNT, SCHEMA, write_file_lines

_TYPES = {field.name: field.type for field in SCHEMA}
_TYPES["amount"] = AMOUNT


def read_clean_csv(path: str | os.PathLike, *, block_size: int = 1 << 20) -> pa.Table:
    """A clean CSV (header row of store column names; ISO dates; amounts in pounds with at most two places).
    Blocks of 1 MB so that a month's file of a few MB is parsed on every core, not on one."""
    with open(path, "rb") as fh:
        header = [name.strip().strip('"') for name in fh.readline().decode("utf-8-sig").split(",")]
    types = {name: _TYPES[name] for name in header if name in _TYPES}
    return pv.read_csv(
        path,
        read_options=pv.ReadOptions(block_size=block_size),
        convert_options=pv.ConvertOptions(column_types=types, include_columns=list(types), strings_can_be_null=True),
    )


def ingest_clean_csv(root, council_gss: str, file_sha: str, path, *, file_id: int | None = None) -> dict[str, int]:
    """Read a clean CSV and store its lines; returns lines written per month."""
    return write_file_lines(root, council_gss, file_sha, read_clean_csv(path), file_id=file_id)
