"""The per-council totals the collaboration finder reads: the same answer as the lines, rebuilt when a council's
files change."""
import hashlib
from datetime import date
from decimal import Decimal

import duckdb
import pyarrow.parquet as pq
import pytest

from riep.procurement.analytics import cube, queries
from riep.procurement.analytics.store import remove_file, write_file_lines

from .conftest import COUNCILS


def test_totals_give_the_lines_answer(store):
    for limit in (500, None, 3):
        from_totals = queries.opportunities(store["root"], store["supplier_map"], COUNCILS, limit=limit)
        assert from_totals == queries.opportunities(store["root"], store["supplier_map"], COUNCILS, limit=limit,
                                                    from_lines=True)
    assert (cube.cube_dir(store["root"]) / "council_gss=E08000021" / "names.parquet").is_file()


def _lines(name, amounts, month="2021-04"):
    return [{"line_number": n, "payment_date": date(2021, int(month[5:]), 3), "amount": Decimal(a),
             "supplier_name": name} for n, a in enumerate(amounts, 1)]


def test_totals_follow_each_import_and_removal(tmp_path):
    sha = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(3)]
    supplier_map = [{"council_gss": c, "supplier_name": "ACME", "supplier_ref": "S1", "category_code": "1"}
                    for c in ("E08000021", "E08000037")]
    write_file_lines(tmp_path, "E08000021", sha[0], _lines("ACME", ["100.00", "100.00", "100.00", "-5.00"]))
    write_file_lines(tmp_path, "E08000037", sha[1], _lines("ACME", ["90.00"]))
    con = duckdb.connect()
    assert cube.refresh(tmp_path, con) == ["E08000021", "E08000037"]
    assert cube.refresh(tmp_path, con) == []  # nothing changed: nothing rebuilt
    amounts = pq.read_table(cube.cube_dir(tmp_path) / "council_gss=E08000021" / "amounts.parquet").to_pylist()
    assert amounts == [{"supplier_name": "ACME", "amount": Decimal("100.00"), "n": 3}]  # paid once: left out

    (found,) = [o for o in queries.opportunities(tmp_path, supplier_map, ["E08000021", "E08000037"])
                if o["kind"] == "supplier"]
    assert found["spend"] == Decimal("385.00") and found["lines"] == 5

    write_file_lines(tmp_path, "E08000037", sha[2], _lines("ACME", ["80.00"] * 3, "2021-05"))
    assert cube.refresh(tmp_path, con) == ["E08000037"]
    (found,) = [o for o in queries.opportunities(tmp_path, supplier_map, ["E08000021", "E08000037"])
                if o["kind"] == "supplier"]
    assert found["spend"] == Decimal("625.00") and found["price_spread"] == Decimal("20.00")

    remove_file(tmp_path, sha[1], "E08000037")
    remove_file(tmp_path, sha[2], "E08000037")
    assert queries.opportunities(tmp_path, supplier_map, ["E08000021", "E08000037"]) == []
    assert not (cube.cube_dir(tmp_path) / "council_gss=E08000037").exists()


def _acme_store(tmp_path):
    sha = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(2)]
    write_file_lines(tmp_path, "E08000021", sha[0], _lines("ACME", ["100.00"] * 3) + _lines("ACME LTD", ["40.00"], "2021-05"))
    write_file_lines(tmp_path, "E08000037", sha[1], _lines("Acme Limited", ["90.00"] * 3))
    return ["E08000021", "E08000037"]


def _map(*rows):
    return [{"council_gss": c, "supplier_name": n, "supplier_ref": r, "category_code": k} for c, n, r, k in rows]


def test_a_changed_supplier_map_is_never_answered_from_older_totals(tmp_path):
    councils = _acme_store(tmp_path)
    apart = _map(("E08000021", "ACME", "S1", "1"), ("E08000021", "ACME LTD", "S1", "1"),
                 ("E08000037", "Acme Limited", "S2", "1"))
    assert [o["kind"] for o in queries.opportunities(tmp_path, apart, councils)] == ["category"]
    # a resolution decision: the two councils' names are one supplier — same lines, new map
    together = apart[:2] + _map(("E08000037", "Acme Limited", "S1", "1"))
    found = queries.opportunities(tmp_path, together, councils)
    assert found == queries.opportunities(tmp_path, together, councils, from_lines=True)
    (supplier,) = [o for o in found if o["kind"] == "supplier"]
    assert supplier["spend"] == Decimal("610.00") and supplier["price_spread"] == Decimal("10.00")
    # a category set by hand moves the spend to another category
    recategorised = [{**r, "category_code": "2"} if r["council_gss"] == "E08000037" else r for r in together]
    assert {o["category_code"] for o in queries.opportunities(tmp_path, recategorised, councils)} == {None}
    assert queries.opportunities(tmp_path, apart, councils) == queries.opportunities(tmp_path, apart, councils,
                                                                                    from_lines=True)


def test_a_map_in_a_parquet_file_is_followed_when_the_file_is_replaced(tmp_path):
    import pyarrow as pa

    councils = _acme_store(tmp_path / "store")
    path = tmp_path / "map.parquet"
    apart = _map(("E08000021", "ACME", "S1", "1"), ("E08000037", "Acme Limited", "S2", "1"))
    pq.write_table(pa.Table.from_pylist(apart), path)
    assert not [o for o in queries.opportunities(tmp_path / "store", path, councils) if o["kind"] == "supplier"]
    together = apart[:1] + _map(("E08000037", "Acme Limited", "S1", "1"))
    pq.write_table(pa.Table.from_pylist(together), tmp_path / "next.parquet")
    (tmp_path / "next.parquet").replace(path)
    found = queries.opportunities(tmp_path / "store", path, councils)
    assert [o["supplier_ref"] for o in found if o["kind"] == "supplier"] == ["S1"]
    assert found == queries.opportunities(tmp_path / "store", together, councils, from_lines=True)


def test_a_map_naming_a_published_name_twice_is_refused(tmp_path):
    councils = _acme_store(tmp_path)
    twice = _map(("E08000021", "ACME", "S1", "1"), ("E08000021", "ACME", "S2", "1"),
                 ("E08000037", "Acme Limited", "S1", "1"))
    with pytest.raises(ValueError, match="'ACME' more than once"):
        queries.opportunities(tmp_path, twice, councils)


def test_a_partnership_of_some_councils_reads_only_theirs(store):
    some = COUNCILS[1:3]
    assert queries.opportunities(store["root"], store["supplier_map"], some) == queries.opportunities(
        store["root"], store["supplier_map"], some, from_lines=True)
