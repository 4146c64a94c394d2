"""Spend lines straight from the Parquet store, filtered and paged (the API) or streamed (downloads of millions of
lines, fetched in batches so memory stays flat). Redacted payees' lines are listed with no supplier name."""
from __future__ import annotations

import re
from typing import Iterator

from riep.core.tables import DATE, MONEY, Column, Table
from riep.procurement.models import Supplier
from riep.procurement.services.storage import spend_dir

BATCH = 10_000
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
COLUMNS = ("council_gss", "month", "payment_date", "amount", "supplier_name", "redacted", "supplier_id_published",
           "department", "expense_type", "purpose", "transaction_number", "capital_revenue", "file_id",
           "line_number")


def _query(councils: list[str], month: str | None, supplier: Supplier | None) -> tuple[str, list]:
    if not any(spend_dir().glob("council_gss=*/month=*/*.parquet")):
        return "", []
    where, params = ["council_gss IN (SELECT unnest(?))"], [councils]
    if month:
        if not MONTH.match(month):
            raise ValueError("month must be YYYY-MM, for example 2021-04")
        where.append("month = ?")
        params.append(month)
    if supplier is not None:
        pairs = list(supplier.names.values_list("council__gss_code", "raw_name"))
        where.append("NOT redacted AND (council_gss || chr(31) || supplier_name) IN (SELECT unnest(?))")
        params.append([f"{gss}\x1f{name}" for gss, name in pairs])
    source = f"read_parquet('{spend_dir()}/council_gss=*/month=*/*.parquet', hive_partitioning = true)"
    select = ", ".join("CASE WHEN redacted THEN NULL ELSE supplier_name END AS supplier_name"
                       if c == "supplier_name" else c for c in COLUMNS)
    return (f"SELECT {select} FROM {source} WHERE {' AND '.join(where)} "
            "ORDER BY council_gss, payment_date, file_id, line_number"), params


def _connect():
    import duckdb  # noqa: PLC0415 -- only line queries need it

    return duckdb.connect(config={"memory_limit": "512MB", "threads": 2})


def page_of_lines(councils: list[str], *, month: str | None = None, supplier: Supplier | None = None,
                  offset: int = 0, limit: int = 100) -> tuple[int, list[dict]]:
    sql, params = _query(councils, month, supplier)
    if not sql:
        return 0, []
    with _connect() as connection:
        total = connection.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0]
        rows = connection.execute(f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}", params).fetchall()
    return total, [dict(zip(COLUMNS, row)) for row in rows]


def stream_lines(councils: list[str], *, month: str | None = None, supplier: Supplier | None = None
                 ) -> Iterator[dict]:
    sql, params = _query(councils, month, supplier)
    if not sql:
        return
    with _connect() as connection:
        result = connection.execute(sql, params)
        while batch := result.fetchmany(BATCH):
            for row in batch:
                yield dict(zip(COLUMNS, row))


def lines_table(councils: list[str], caption: str, **filters) -> Table:
    """Every line (a generator: the CSV and XLSX stream it)."""
    return Table("lines", caption, [
        Column("council_gss", "Council"), Column("payment_date", "Payment date", DATE),
        Column("amount", "Amount", MONEY), Column("supplier_name", "Supplier as published"),
        Column("redacted", "Redacted payee"), Column("department", "Department"),
        Column("expense_type", "Expense type"), Column("purpose", "Purpose"),
        Column("transaction_number", "Transaction number"), Column("capital_revenue", "Capital or revenue")],
        stream_lines(councils, **filters))
