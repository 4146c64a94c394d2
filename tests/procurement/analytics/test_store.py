"""The Parquet store: layout, exact amounts, atomic and idempotent writes by file hash."""
import hashlib
from datetime import date
from decimal import Decimal

import pyarrow.parquet as pq
import pytest

from riep.procurement.analytics.store import SCHEMA, StoreError, file_paths, remove_file, write_file_lines

GSS = "E08000021"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def line(n, day, amount, name="ACME LTD", **extra):
    return {"line_number": n, "payment_date": day, "amount": Decimal(amount), "supplier_name": name, **extra}


def test_lines_land_in_council_and_month_partitions_without_repeating_them(tmp_path):
    rows = [line(1, date(2021, 4, 30), "100.10"), line(2, date(2021, 5, 1), "-20.05", purpose="credit note"),
            line(3, date(2021, 4, 2), "500.00", "Redacted Personal Data", redacted=True)]
    written = write_file_lines(tmp_path, GSS, sha("a"), rows, file_id=7)
    assert written == {"2021-04": 2, "2021-05": 1}
    april = tmp_path / f"council_gss={GSS}" / "month=2021-04" / f"{sha('a')}.parquet"
    table = pq.read_table(april)
    assert table.schema.equals(SCHEMA)
    assert "council_gss" not in table.column_names and "month" not in table.column_names
    assert table["line_number"].to_pylist() == [1, 3]
    assert table["amount"].to_pylist() == [Decimal("100.10"), Decimal("500.00")]
    assert table["file_id"].to_pylist() == [7, 7]
    assert table["redacted"].to_pylist() == [False, True]
    assert table["supplier_name"].to_pylist() == ["ACME LTD", "Redacted Personal Data"]
    assert table["purpose"].to_pylist() == [None, None]
    assert not list(tmp_path.rglob(".*.tmp"))


def test_writing_the_same_file_again_replaces_only_its_own_lines(tmp_path):
    write_file_lines(tmp_path, GSS, sha("a"), [line(1, date(2021, 4, 1), "1.00"), line(2, date(2021, 6, 1), "2.00")])
    write_file_lines(tmp_path, GSS, sha("b"), [line(1, date(2021, 4, 9), "3.00")])
    write_file_lines(tmp_path, GSS, sha("a"), [line(1, date(2021, 4, 1), "1.00")])
    assert [p.parent.name for p in file_paths(tmp_path, sha("a"))] == ["month=2021-04"]
    assert not (tmp_path / f"council_gss={GSS}" / "month=2021-06").exists()  # emptied partitions go
    assert len(file_paths(tmp_path, sha("b"))) == 1
    assert remove_file(tmp_path, sha("a"), GSS) == 1
    assert file_paths(tmp_path, sha("a")) == [] and len(file_paths(tmp_path, sha("b"))) == 1


def test_removing_one_councils_file_keeps_another_councils_identical_file(tmp_path):
    other = "E08000037"  # the same bytes published by two councils (a shared service's file)
    for council in (GSS, other):
        write_file_lines(tmp_path, council, sha("shared"), [line(1, date(2021, 4, 1), "1.00")])
    assert remove_file(tmp_path, sha("shared"), GSS) == 1
    assert [p.parts[-3] for p in file_paths(tmp_path, sha("shared"))] == [f"council_gss={other}"]
    with pytest.raises(StoreError, match="council_gss"):
        remove_file(tmp_path, sha("shared"), "")  # never "every council's copy"


@pytest.mark.parametrize("bad, message", [
    ({"amount": Decimal("1.005")}, "line 1: amount .* pounds and pence"),
    ({"amount": 1.5}, "line 1: amount"),
    ({"payment_date": None}, "line 1: payment_date is missing"),
    ({"payment_date": "2021-04-01"}, "line 1: payment_date '2021-04-01' is not a date"),
])
def test_bad_lines_are_refused_naming_the_line_and_nothing_is_written(tmp_path, bad, message):
    rows = [line(1, date(2021, 4, 1), "1.00") | bad]
    with pytest.raises(StoreError, match=message):
        write_file_lines(tmp_path, GSS, sha("a"), rows)
    assert not list(tmp_path.rglob("*.parquet"))


def test_council_and_hash_are_checked(tmp_path):
    with pytest.raises(StoreError, match="not a GSS code"):
        write_file_lines(tmp_path, "../x", sha("a"), [])
    with pytest.raises(StoreError, match="SHA-256"):
        write_file_lines(tmp_path, GSS, "abc", [])


def test_a_failed_write_leaves_the_previous_version(tmp_path, monkeypatch):
    write_file_lines(tmp_path, GSS, sha("a"), [line(1, date(2021, 4, 1), "1.00")])
    import riep.procurement.analytics.store as store

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store.pq, "write_table", broken)
    with pytest.raises(OSError):
        write_file_lines(tmp_path, GSS, sha("a"), [line(1, date(2021, 4, 1), "9.00")])
    monkeypatch.undo()
    (path,) = file_paths(tmp_path, sha("a"))
    assert pq.read_table(path)["amount"].to_pylist() == [Decimal("1.00")]
    assert not list(tmp_path.rglob(".*.tmp"))
