"""CSV: UTF-8 with a byte-order mark (so Excel shows £ and − correctly), produced row by row.

`csv_chunks` yields bytes a few kilobytes at a time and never holds more than one chunk, so a streamed
response of ten million rows runs in constant memory.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO

from .cells import csv_text
from .definition import Table, neutralise

BOM = "\ufeff"
CHUNK = 64 * 1024  # characters gathered before a chunk is handed to the response


class _Line:
    """A file-like object whose write() returns the text, so csv.writer formats one row at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(table: Table) -> Iterator[str]:
    """The header, each row (taken from `table.rows` lazily), then the totals row, as CSV lines."""
    writer = csv.writer(_Line())
    columns = table.columns
    yield BOM + writer.writerow([neutralise(c.label) for c in columns])
    for row in table.rows:
        yield writer.writerow([csv_text(c, row.get(c.key)) for c in columns])
    if table.footer:
        yield writer.writerow([csv_text(c, table.footer.get(c.key)) for c in columns])


def csv_chunks(table: Table, chunk: int = CHUNK) -> Iterator[bytes]:
    parts: list[str] = []
    size = 0
    for line in csv_lines(table):
        parts.append(line)
        size += len(line)
        if size >= chunk:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    if parts:
        yield "".join(parts).encode("utf-8")


def write_csv(table: Table, target: IO[bytes]) -> None:
    """Writes the table to a binary stream (a file opened "wb", a BytesIO)."""
    for part in csv_chunks(table):
        target.write(part)
