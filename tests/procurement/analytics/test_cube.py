"""The per-council totals the collaboration finder reads: the same answer as the lines, rebuilt when a council's
files change."""
import hashlib
from datetime import date
from decimal import Decimal

import duckdb
import pyarrow.parquet as pq

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
