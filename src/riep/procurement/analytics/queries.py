"""The hub's analytic queries over the spend store, on DuckDB or Spark (`engine=`), in one SQL text for both.

Every query joins the published lines to the *supplier map* — one row per council and supplier name as
published: ``council_gss, supplier_name, supplier_ref, category_code`` — which is how resolution and
classification reach the lines without rewriting them. Redacted lines never count towards a supplier.
Money comes back as exact ``Decimal`` (SUM over decimal(14,2) in both engines); rows come back as dicts, sorted
in Python so both engines give the same order.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from . import backends

_GSS = re.compile(r"[EWSN]\d{8}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
UNIT_MIN_LINES = 3       # a repeated amount counts as a unit price when it appears at least this often...
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


def _run(root, supplier_map, statements: Sequence[str], engine: str | None, options: dict) -> list[list[dict]]:
    name = backends.chosen_engine(engine)
    if not backends.parquet_files_exist(root):
        return [[] for _ in statements]
    table = backends.supplier_map_table(supplier_map)
    if name == "spark":
        return backends.spark_run(root, table, statements, **options)
    return backends.duckdb_run(root, table, statements, **options)


_JOINED = """
    SELECT l.council_gss, l.month, l.amount, m.supplier_ref, m.category_code
    FROM lines l JOIN supplier_map m ON l.council_gss = m.council_gss AND l.supplier_name = m.supplier_name
    WHERE {where}
"""


def _money_key(row: dict, *names: str):
    return tuple((row[n] is None, row[n] or "") for n in names)


def spend_by_supplier(root, supplier_map, councils=None, months=None, *, engine: str | None = None,
                      **options) -> list[dict]:
    """Per supplier_ref: spend (net of credit notes), lines, councils — largest spend first."""
    sql = f"""
        SELECT supplier_ref, SUM(amount) AS spend, COUNT(*) AS lines, COUNT(DISTINCT council_gss) AS councils
        FROM ({_JOINED.format(where=_where(councils, months))}) j
        GROUP BY supplier_ref
    """
    (rows,) = _run(root, supplier_map, [sql], engine, options)
    return sorted(rows, key=lambda r: (-r["spend"], r["supplier_ref"]))


def spend_by_supplier_council_month(root, supplier_map, councils=None, months=None, *, engine: str | None = None,
                                    **options) -> list[dict]:
    """Per supplier_ref, council and month: spend and lines."""
    sql = f"""
        SELECT supplier_ref, council_gss, month, SUM(amount) AS spend, COUNT(*) AS lines
        FROM ({_JOINED.format(where=_where(councils, months))}) j
        GROUP BY supplier_ref, council_gss, month
    """
    (rows,) = _run(root, supplier_map, [sql], engine, options)
    return sorted(rows, key=lambda r: (r["supplier_ref"], r["council_gss"], r["month"]))


def _opportunity_sql(councils, months) -> tuple[str, str]:
    joined = _JOINED.format(where=_where(councils, months))
    by_supplier = f"""
        WITH j AS ({joined}),
        per AS (SELECT supplier_ref, council_gss, SUM(amount) AS spend, COUNT(*) AS lines
                FROM j GROUP BY supplier_ref, council_gss),
        amounts AS (SELECT supplier_ref, council_gss, amount, COUNT(*) AS n
                    FROM j WHERE amount > 0 GROUP BY supplier_ref, council_gss, amount HAVING COUNT(*) >= {UNIT_MIN_LINES}),
        ranked AS (SELECT supplier_ref, council_gss, amount, n,
                          ROW_NUMBER() OVER (PARTITION BY supplier_ref, council_gss ORDER BY n DESC, amount ASC) AS rk
                   FROM amounts)
        SELECT p.supplier_ref, p.council_gss, p.spend, p.lines, r.amount AS unit_price, r.n AS unit_lines
        FROM per p LEFT JOIN ranked r
          ON r.supplier_ref = p.supplier_ref AND r.council_gss = p.council_gss AND r.rk = 1
    """
    by_category = f"""
        SELECT category_code, council_gss, SUM(amount) AS spend, COUNT(*) AS lines,
               COUNT(DISTINCT supplier_ref) AS suppliers
        FROM ({joined}) j WHERE category_code IS NOT NULL
        GROUP BY category_code, council_gss
    """
    return by_supplier, by_category


def opportunities(root, supplier_map, councils, min_councils: int = 2, months=None, *, engine: str | None = None,
                  **options) -> list[dict]:
    """Suppliers and categories that two or more of the councils buy, largest addressable spend first.

    Each: ``kind`` ("supplier" or "category"), ``supplier_ref`` or ``category_code``, ``councils`` (count),
    ``spend`` (the addressable spend: these councils' net spend on it), ``lines``, ``by_council`` (each council's
    ``spend``, ``lines`` and, for suppliers, its ``unit_price`` — the amount it pays most often, where that
    repeats on at least a quarter of its lines — and ``unit_lines``), and for suppliers where two or more councils
    have a unit price: ``unit_price_min``, ``unit_price_max``, ``price_spread`` (max − min) and
    ``saving_at_lowest_price`` (what the repeated lines would have cost less at the lowest council's price).
    """
    if councils is None or len(councils) < min_councils:
        return []
    supplier_sql, category_sql = _opportunity_sql(councils, months)
    supplier_rows, category_rows = _run(root, supplier_map, [supplier_sql, category_sql], engine, options)
    out = []
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in supplier_rows:
        grouped[("supplier", row["supplier_ref"])].append(row)
    for row in category_rows:
        grouped[("category", row["category_code"])].append(row)
    for (kind, ref), rows in grouped.items():
        buying = [r for r in rows if r["spend"] > 0]
        if len(buying) < min_councils:
            continue
        by_council = []
        for r in sorted(buying, key=lambda r: (-r["spend"], r["council_gss"])):
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
                "spend": sum((e["spend"] for e in by_council), Decimal(0)),
                "lines": sum(e["lines"] for e in by_council), "by_council": by_council}
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
