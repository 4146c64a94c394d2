"""The analytic queries on DuckDB, checked against sums worked out in Python from the lines written."""
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from riep.procurement.analytics import queries

from .conftest import COUNCILS


def _oracle(store):
    ref = {(r["council_gss"], r["supplier_name"]): r["supplier_ref"] for r in store["supplier_map"].to_pylist()}
    spend, lines = defaultdict(Decimal), Counter()
    for council, month, name, amount, redacted in store["lines"]:
        if not redacted:
            spend[ref[(council, name)], council, month] += amount
            lines[ref[(council, name)], council, month] += 1
    return spend, lines


def test_spend_by_supplier_council_month_is_exact(store):
    spend, lines = _oracle(store)
    rows = queries.spend_by_supplier_council_month(store["root"], store["supplier_map"])
    assert {(r["supplier_ref"], r["council_gss"], r["month"]): r["spend"] for r in rows} == dict(spend)
    assert {(r["supplier_ref"], r["council_gss"], r["month"]): r["lines"] for r in rows} == dict(lines)
    assert all(isinstance(r["spend"], Decimal) and r["spend"].as_tuple().exponent == -2 for r in rows)


def test_spend_by_supplier_filters_by_council_and_month(store):
    spend, _ = _oracle(store)
    rows = queries.spend_by_supplier(store["root"], store["supplier_map"], councils=COUNCILS[:2], months=["2021-04"])
    expected = defaultdict(Decimal)
    for (ref, council, month), value in spend.items():
        if council in COUNCILS[:2] and month == "2021-04":
            expected[ref] += value
    assert {r["supplier_ref"]: r["spend"] for r in rows} == dict(expected)
    assert [r["spend"] for r in rows] == sorted((r["spend"] for r in rows), reverse=True)


def test_opportunities_find_shared_suppliers_and_the_price_spread(store):
    found = queries.opportunities(store["root"], store["supplier_map"], COUNCILS)
    hillside = next(o for o in found if o["kind"] == "supplier" and o["supplier_ref"] == "HILLSIDE")
    assert hillside["councils"] == 2 and hillside["spend"] == Decimal("6150.00") and hillside["lines"] == 8
    prices = {c["council_gss"]: (c["unit_price"], c["unit_lines"]) for c in hillside["by_council"]}
    assert prices == {"E08000021": (Decimal("700.00"), 4), "E08000037": (Decimal("650.00"), 3)}
    assert hillside["price_spread"] == Decimal("50.00")
    assert hillside["saving_at_lowest_price"] == Decimal("200.00")
    assert [o["spend"] for o in found] == sorted((o["spend"] for o in found), reverse=True)
    assert all(o["councils"] >= 2 for o in found)
    categories = {o["category_code"] for o in found if o["kind"] == "category"}
    assert {"371000", "261400", "321017"} <= categories
    # a partnership of one council has no opportunities; three councils need three buyers
    assert queries.opportunities(store["root"], store["supplier_map"], COUNCILS[:1]) == []
    assert all(o["councils"] >= 3 for o in queries.opportunities(store["root"], store["supplier_map"], COUNCILS, 3))


def test_council_summary_adds_up_and_keeps_redacted_lines_apart(store):
    council = COUNCILS[1]
    summary = queries.council_summary(store["root"], council, store["supplier_map"])
    mine = [line for line in store["lines"] if line[0] == council]
    assert sum(r["spend"] for r in summary["by_month"]) == sum(line[3] for line in mine)
    assert sum(r["lines"] for r in summary["by_month"]) == len(mine)
    assert sum(r["redacted_lines"] for r in summary["by_month"]) == sum(1 for line in mine if line[4])
    redacted = [r for r in summary["by_supplier"] if r["redacted"]]
    assert len(redacted) == 1 and redacted[0]["supplier_name"] is None and redacted[0]["supplier_ref"] is None
    assert sum(r["spend"] for r in summary["by_category"]) == sum(line[3] for line in mine if not line[4])


def test_bad_filters_and_engines_are_refused(store):
    with pytest.raises(ValueError, match="council"):
        queries.spend_by_supplier(store["root"], store["supplier_map"], councils=["E0'; DROP"])
    with pytest.raises(ValueError, match="month"):
        queries.spend_by_supplier(store["root"], store["supplier_map"], months=["2021-13"])
    with pytest.raises(ValueError, match="not one of"):
        queries.spend_by_supplier(store["root"], store["supplier_map"], engine="oracle")


def test_an_empty_store_answers_empty(tmp_path):
    assert queries.spend_by_supplier(tmp_path, []) == []
    assert queries.council_summary(tmp_path, "E08000021")["by_month"] == []


def test_duckdb_runs_under_a_memory_limit_that_spills(store, tmp_path):
    rows = queries.spend_by_supplier(store["root"], store["supplier_map"], memory_limit="64MB",
                                     temp_directory=str(tmp_path / "spill"), threads=1)
    assert rows == queries.spend_by_supplier(store["root"], store["supplier_map"])
