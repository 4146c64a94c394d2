"""The hub's analytic queries over the spend store, on DuckDB or Spark (`engine=`), in one SQL text for both.

Every query joins the published lines to the *supplier map* — one row per council and supplier name as
published: ``council_gss, supplier_name, supplier_ref, category_code`` — which is how resolution and
classification reach the lines without rewriting them. Redacted lines never count towards a supplier.
Money comes back as exact ``Decimal`` (SUM over decimal(14,2) in both engines); rows come back as dicts, sorted
in Python so both engines give the same order.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from . import backends
from .cube import UNIT_MIN_LINES

_GSS = re.compile(r"[EWSN]\d{8}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
# A repeated amount counts as a unit price when it appears at least UNIT_MIN_LINES times (`cube`)...
UNIT_MIN_SHARE = 0.25    # ...and on at least this share of the council's lines with that supplier


def _in_list(column: str, values: Sequence[str] | None, pattern: re.Pattern, what: str) -> str:
    if values is None:
        return ""
    values = list(values)
    bad = [v for v in values if not isinstance(v, str) or not pattern.fullmatch(v)]
    if bad:
        raise ValueError(f"{what} {bad[0]!r} is not valid")
    if not values:
        return " AND FALSE"
    return f" AND {column} IN ({', '.join(repr(v) for v in values)})"


def _where(councils=None, months=None, alias: str = "l") -> str:
    return (f"NOT {alias}.redacted" + _in_list(f"{alias}.council_gss", councils, _GSS, "council")
            + _in_list(f"{alias}.month", months, _MONTH, "month"))


def _map(supplier_map, check: bool = True):
    """An arrow table of the map, or the path of the Parquet file holding it (read where it is)."""
    if isinstance(supplier_map, (str, os.PathLike)):
        return supplier_map
    return backends.supplier_map_table(supplier_map, check)


def _run(root, supplier_map, statements: Sequence[str], engine: str | None, options: dict,
         setup: Sequence[tuple[str, str]] = (), cube: Sequence[str] | None = None) -> list[list[dict]]:
    name = backends.chosen_engine(engine)
    if not backends.parquet_files_exist(root):
        return [[] for _ in statements]
    table = _map(supplier_map)
    if name == "spark":
        return backends.spark_run(root, table, statements, setup=setup, cube=cube, **options)
    return backends.duckdb_run(root, table, statements, setup=setup, cube=cube, **options)


# Lines are first summed per council, published name and month — millions of lines become as many rows as there
# are names — and only then joined to the supplier map, so the join never touches the lines themselves.
_BY_NAME_MONTH = """
    SELECT l.council_gss, l.supplier_name, l.month, SUM(l.amount) AS spend, COUNT(*) AS lines
    FROM lines l WHERE {where} GROUP BY l.council_gss, l.supplier_name, l.month
"""
_JOINED = """
    SELECT a.council_gss, a.month, a.spend, a.lines, m.supplier_ref, m.category_code
    FROM ({by_name}) a JOIN supplier_map m ON a.council_gss = m.council_gss AND a.supplier_name = m.supplier_name
"""


def _joined(councils, months) -> str:
    return _JOINED.format(by_name=_BY_NAME_MONTH.format(where=_where(councils, months)))


def _money_key(row: dict, *names: str):
    return tuple((row[n] is None, row[n] or "") for n in names)


def spend_by_supplier(root, supplier_map, councils=None, months=None, *, engine: str | None = None,
                      **options) -> list[dict]:
    """Per supplier_ref: spend (net of credit notes), lines, councils — largest spend first."""
    sql = f"""
        SELECT supplier_ref, SUM(spend) AS spend, SUM(lines) AS lines, COUNT(DISTINCT council_gss) AS councils
        FROM ({_joined(councils, months)}) j
        GROUP BY supplier_ref
    """
    (rows,) = _run(root, supplier_map, [sql], engine, options)
    return sorted(rows, key=lambda r: (-r["spend"], r["supplier_ref"]))


def spend_by_supplier_council_month(root, supplier_map, councils=None, months=None, *, engine: str | None = None,
                                    **options) -> list[dict]:
    """Per supplier_ref, council and month: spend and lines."""
    sql = f"""
        SELECT supplier_ref, council_gss, month, SUM(spend) AS spend, SUM(lines) AS lines
        FROM ({_joined(councils, months)}) j
        GROUP BY supplier_ref, council_gss, month
    """
    (rows,) = _run(root, supplier_map, [sql], engine, options)
    return sorted(rows, key=lambda r: (r["supplier_ref"], r["council_gss"], r["month"]))


def _ranked(totals: str, key: str, where: str, min_councils: int, top: str) -> str:
    """Buyers (councils with positive net spend on it) of each supplier or category, and the top `limit` of those
    bought by min_councils or more, by addressable spend, then reference."""
    return f"""
        buyers AS (SELECT * FROM {totals} WHERE {key} IS NOT NULL AND spend > 0{where}),
        chosen AS (SELECT {key} AS ref, SUM(spend) AS total FROM buyers GROUP BY {key}
                   HAVING COUNT(*) >= {int(min_councils)} {top})"""


def _opportunity_sql(councils, months, min_councils: int, limit: int | None):
    """From the lines (of the months asked for): setup tables and two statements, suppliers then categories, each
    already cut to those bought by min_councils or more and ranked to the top `limit`, one row per buying council.
    Lines are summed per council and published name (and, for unit prices, per repeated amount) before they meet
    the supplier map."""
    top = f"ORDER BY total DESC, ref LIMIT {int(limit)}" if limit is not None else ""
    setup = [
        ("opp_names", f"""SELECT a.council_gss, m.supplier_ref, m.category_code, a.spend, a.lines
            FROM (SELECT l.council_gss, l.supplier_name, SUM(l.amount) AS spend, COUNT(*) AS lines
                  FROM lines l WHERE {_where(councils, months)} GROUP BY l.council_gss, l.supplier_name) a
            JOIN supplier_map m ON a.council_gss = m.council_gss AND a.supplier_name = m.supplier_name"""),
        # each supplier's spend per council, summed once: it chooses the suppliers and is their answer
        ("opp_suppliers", """SELECT supplier_ref, council_gss, SUM(spend) AS spend, SUM(lines) AS lines
            FROM opp_names WHERE supplier_ref IS NOT NULL GROUP BY supplier_ref, council_gss"""),
        ("opp_chosen", f"""SELECT supplier_ref AS ref, SUM(spend) AS total FROM opp_suppliers
            WHERE spend > 0 GROUP BY supplier_ref HAVING COUNT(*) >= {int(min_councils)} {top}"""),
        # amounts (> 0) a published name paid on two or more lines, only for the chosen suppliers' names: the one
        # grouping by amount
        ("opp_repeats", f"""WITH k AS (SELECT m.council_gss, m.supplier_name, m.supplier_ref FROM supplier_map m
                                      JOIN opp_chosen c ON m.supplier_ref = c.ref)
            SELECT l.council_gss, k.supplier_ref, l.amount, COUNT(*) AS n
            FROM lines l JOIN k ON l.council_gss = k.council_gss AND l.supplier_name = k.supplier_name
            WHERE {_where(councils, months)} AND l.amount > 0
            GROUP BY l.council_gss, l.supplier_name, k.supplier_ref, l.amount HAVING COUNT(*) >= 2"""),
    ]
    by_supplier = f"""
        WITH buyers AS (SELECT * FROM opp_suppliers WHERE spend > 0),
        chosen AS (SELECT * FROM opp_chosen),
        amounts AS (SELECT r.supplier_ref AS ref, r.council_gss, r.amount, SUM(r.n) AS n
                    FROM opp_repeats r
                    GROUP BY r.supplier_ref, r.council_gss, r.amount HAVING SUM(r.n) >= {UNIT_MIN_LINES}),
        modal AS (SELECT ref, council_gss, amount, n,
                         ROW_NUMBER() OVER (PARTITION BY ref, council_gss ORDER BY n DESC, amount ASC) AS rk
                  FROM amounts)
        SELECT b.supplier_ref AS ref, c.total, b.council_gss, b.spend, b.lines, m.amount AS unit_price,
               m.n AS unit_lines
        FROM buyers b JOIN chosen c ON b.supplier_ref = c.ref
        LEFT JOIN modal m ON m.ref = b.supplier_ref AND m.council_gss = b.council_gss AND m.rk = 1
    """
    categories = """(SELECT category_code, council_gss, SUM(spend) AS spend, SUM(lines) AS lines,
                            COUNT(DISTINCT supplier_ref) AS suppliers
                     FROM opp_names GROUP BY category_code, council_gss)"""
    by_category = f"""
        WITH {_ranked(categories, "category_code", "", min_councils, top)}
        SELECT b.category_code AS ref, c.total, b.council_gss, b.spend, b.lines, b.suppliers
        FROM buyers b JOIN chosen c ON b.category_code = c.ref
    """
    return setup, by_supplier, by_category


def _cube_opportunity_sql(councils, min_councils: int, limit: int | None):
    """The same two statements over all months, from the councils' totals joined to the supplier map (`cube`):
    each supplier's spend, lines and unit price per council are already there."""
    top = f"ORDER BY total DESC, ref LIMIT {int(limit)}" if limit is not None else ""
    where = _in_list("council_gss", councils, _GSS, "council")
    by_supplier = f"""
        WITH {_ranked("supplier_totals", "supplier_ref", where, min_councils, top)}
        SELECT b.supplier_ref AS ref, c.total, b.council_gss, b.spend, b.lines, b.unit_price, b.unit_lines
        FROM buyers b JOIN chosen c ON b.supplier_ref = c.ref
    """
    by_category = f"""
        WITH {_ranked("category_totals", "category_code", where, min_councils, top)}
        SELECT b.category_code AS ref, c.total, b.council_gss, b.spend, b.lines, b.suppliers
        FROM buyers b JOIN chosen c ON b.category_code = c.ref
    """
    return by_supplier, by_category


def opportunities(root, supplier_map, councils, min_councils: int = 2, months=None, *, limit: int | None = 500,
                  engine: str | None = None, from_lines: bool = False, **options) -> list[dict]:
    """Suppliers and categories that two or more of the councils buy, largest addressable spend first: the top
    `limit` of each kind (None: all).

    Each: ``kind`` ("supplier" or "category"), ``supplier_ref`` or ``category_code``, ``councils`` (how many buy
    it), ``spend`` (the addressable spend: those councils' net spend on it), ``lines``, ``by_council`` (each
    buying council's ``spend``, ``lines`` and, for suppliers, its ``unit_price`` — the amount it pays most often,
    where that repeats on at least three lines and a quarter of its lines (counting amounts a published name
    repeats) — and ``unit_lines``), and for suppliers
    where two or more councils have a unit price: ``unit_price_min``, ``unit_price_max``, ``price_spread``
    (max − min) and ``saving_at_lowest_price`` (what the repeated lines would have cost less at the lowest
    council's price). A council "buys" a supplier or category when its net spend on it is positive.
    Over all months (``months`` None) the councils' totals joined to the supplier map (`cube`) are read instead of
    the lines (the same answer; ``from_lines=True`` forces the lines). `supplier_map` may be the path of a Parquet
    file holding it: then it is read only when a council's totals need rebuilding.
    """
    if councils is None or len(councils) < max(min_councils, 1):
        return []
    if months is None and not from_lines:  # over all months, the council totals give the same answer sooner
        _in_list("council_gss", councils, _GSS, "council")  # codes checked before they name any folder
        if not backends.parquet_files_exist(root):
            return []
        duckdb_options = options if backends.chosen_engine(engine) == "duckdb" else {}
        present = backends.refresh_cube(root, _map(supplier_map, check=False), councils, **duckdb_options)
        if len(present) < max(min_councils, 1):
            return []
        supplier_sql, category_sql = _cube_opportunity_sql(present, min_councils, limit)
        # the totals already carry the map: the statements read only them
        supplier_rows, category_rows = _run(root, None, [supplier_sql, category_sql], engine, options, cube=present)
    else:
        setup, supplier_sql, category_sql = _opportunity_sql(councils, months, min_councils, limit)
        supplier_rows, category_rows = _run(root, supplier_map, [supplier_sql, category_sql], engine, options,
                                            setup)
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for kind, rows in (("supplier", supplier_rows), ("category", category_rows)):
        for row in rows:
            grouped[(kind, row["ref"])].append(row)
    out = []
    for (kind, ref), rows in grouped.items():
        by_council = []
        for r in sorted(rows, key=lambda r: (-r["spend"], r["council_gss"])):
            entry = {"council_gss": r["council_gss"], "spend": r["spend"], "lines": r["lines"]}
            if kind == "supplier":
                unit = r["unit_price"] if r["unit_lines"] and r["unit_lines"] >= UNIT_MIN_SHARE * r["lines"] else None
                entry["unit_price"] = unit
                entry["unit_lines"] = r["unit_lines"] if unit is not None else 0
            else:
                entry["suppliers"] = r["suppliers"]
            by_council.append(entry)
        item = {"kind": kind, "supplier_ref": ref if kind == "supplier" else None,
                "category_code": ref if kind == "category" else None, "councils": len(by_council),
                "spend": rows[0]["total"], "lines": sum(e["lines"] for e in by_council), "by_council": by_council}
        priced = [e for e in by_council if e.get("unit_price") is not None]
        if len(priced) >= 2:
            low = min(e["unit_price"] for e in priced)
            high = max(e["unit_price"] for e in priced)
            item.update(unit_price_min=low, unit_price_max=high, price_spread=high - low,
                        saving_at_lowest_price=sum(((e["unit_price"] - low) * e["unit_lines"] for e in priced),
                                                   Decimal(0)))
        out.append(item)
    out.sort(key=lambda o: (-o["spend"], o["kind"], o["supplier_ref"] or o["category_code"]))
    return out


def council_summary(root, council_gss: str, supplier_map=None, months=None, *, engine: str | None = None,
                    **options) -> dict[str, list[dict]]:
    """One council's spend ``by_month`` (spend, lines, credit notes, redacted lines), ``by_category`` and
    ``by_supplier`` (redacted lines as one row with ``redacted`` true and no supplier)."""
    council = _in_list("l.council_gss", [council_gss], _GSS, "council")
    month_filter = _in_list("l.month", months, _MONTH, "month")
    left = ("FROM lines l LEFT JOIN supplier_map m ON l.council_gss = m.council_gss "
            "AND l.supplier_name = m.supplier_name WHERE TRUE" + council + month_filter)
    by_month = f"""
        SELECT l.month, SUM(l.amount) AS spend, COUNT(*) AS lines,
               SUM(CASE WHEN l.amount < 0 THEN 1 ELSE 0 END) AS credit_notes,
               SUM(CASE WHEN l.redacted THEN 1 ELSE 0 END) AS redacted_lines,
               SUM(CASE WHEN l.redacted THEN l.amount ELSE 0 END) AS redacted_spend
        {left} GROUP BY l.month
    """
    by_category = f"""
        SELECT m.category_code, SUM(l.amount) AS spend, COUNT(*) AS lines {left} AND NOT l.redacted
        GROUP BY m.category_code
    """
    by_supplier = f"""
        SELECT CASE WHEN l.redacted THEN NULL ELSE m.supplier_ref END AS supplier_ref,
               CASE WHEN l.redacted THEN NULL ELSE l.supplier_name END AS supplier_name,
               l.redacted, SUM(l.amount) AS spend, COUNT(*) AS lines
        {left}
        GROUP BY CASE WHEN l.redacted THEN NULL ELSE m.supplier_ref END,
                 CASE WHEN l.redacted THEN NULL ELSE l.supplier_name END, l.redacted
    """
    months_rows, category_rows, supplier_rows = _run(root, supplier_map, [by_month, by_category, by_supplier],
                                                     engine, options)
    for row in months_rows:
        row["redacted_spend"] = Decimal(row["redacted_spend"]).quantize(Decimal("0.01"))
    return {
        "by_month": sorted(months_rows, key=lambda r: r["month"]),
        "by_category": sorted(category_rows, key=lambda r: (-r["spend"],) + _money_key(r, "category_code")),
        "by_supplier": sorted(supplier_rows, key=lambda r: (-r["spend"],) + _money_key(r, "supplier_ref",
                                                                                         "supplier_name")),
    }
