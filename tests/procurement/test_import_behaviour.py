"""The import's promises: all or nothing, every refused row named, the same file twice changes nothing, a mapping
the hub is unsure of waits for a person, a confirmed mapping is remembered, redacted payees stay redacted."""
from decimal import Decimal

import pyarrow.parquet as pq
import pytest

from riep.core.importing import ImportRefused
from riep.procurement.models import ColumnMapping, FileStatus, SpendFile, SupplierName
from riep.procurement.services.importing import chosen_from_map, import_spend, parse_map_options
from riep.procurement.services.storage import spend_dir
from tests.procurement.test_import_real_files import council

GOOD = ("Payment Date,Transaction Number,Net Amount,Supplier (Beneficiary) Name\n"
        "01/04/2021,T1,\"£1,200.00\",NORTHUMBRIAN WATER LTD\n"
        "01/04/2021,T1,300.00 ,NORTHUMBRIAN WATER LTD\n"  # one invoice split over two lines
        "02/04/2021,T2,-250.00,Northumbrian Water Limited\n"  # a credit note
        "02/04/2021,T3,80.79,Redacted Personal Data\n").encode()


def stored_lines():
    return pq.read_table(spend_dir()).to_pylist() if any(spend_dir().rglob("*.parquet")) else []


@pytest.mark.django_db
def test_a_clean_file_imports_every_line_exactly():
    summary = import_spend(council("E08000021"), GOOD, "april.csv")
    assert (summary.imported, summary.total_amount) == (4, Decimal("1330.79"))
    lines = stored_lines()
    assert sorted(line["amount"] for line in lines) == [Decimal("-250.00"), Decimal("80.79"), Decimal("300.00"),
                                                        Decimal("1200.00")]
    assert [line["transaction_number"] for line in lines].count("T1") == 2
    record = SpendFile.objects.get(pk=summary.file_id)
    assert record.lines_below_threshold == 3 and record.redacted_lines == 1 and record.vat_basis == "net"
    # the redacted payee is kept as a redacted line, never as a supplier name
    assert not SupplierName.objects.filter(raw_name__icontains="redacted").exists()
    assert any(line["redacted"] for line in lines)


@pytest.mark.django_db
def test_the_same_file_twice_changes_nothing():
    where = council("E08000021")
    first = import_spend(where, GOOD, "april.csv")
    again = import_spend(where, GOOD, "april-copy.csv")
    assert again.imported == 0 and again.first_imported_at is not None
    assert again.total_amount == first.total_amount
    assert len(stored_lines()) == 4
    assert SupplierName.objects.get(raw_name="NORTHUMBRIAN WATER LTD").lines == 2


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_file_and_every_bad_row_is_named():
    bad = GOOD + b"31/02/2021,T4,10.00,Acme Ltd\n03/04/2021,T5,ten pounds,Acme Ltd\n03/04/2021,T6,,Acme Ltd\n"
    with pytest.raises(ImportRefused) as refused:
        import_spend(council("E08000021"), bad, "april.csv")
    found = [(p.row, p.field) for p in refused.value.problems]
    assert found == [(6, "Payment Date"), (7, "Net Amount"), (8, "Net Amount")]
    assert stored_lines() == [] and not SupplierName.objects.exists()
    assert SpendFile.objects.get().status == FileStatus.REFUSED


@pytest.mark.django_db
def test_an_unsure_mapping_waits_for_a_person_and_is_then_remembered():
    where = council("E08000021")
    odd = b"When,Who,How much\n24/12/2010,Acme Widgets Ltd,100.00\n25/12/2010,Beta Supplies Ltd,200.50\n"
    with pytest.raises(ImportRefused, match="supplier"):
        import_spend(where, odd, "odd.csv")
    chosen = chosen_from_map(odd, "odd.csv", parse_map_options(["supplier_name=Who", "amount=3", "payment_date=when"]))
    summary = import_spend(where, odd, "odd.csv", chosen=chosen)
    assert summary.imported == 2 and summary.mapping["supplier_name"] == "Who"
    assert ColumnMapping.objects.filter(council=where).count() == 1
    # the next month's file with the same headers needs no confirmation
    later = b"When,Who,How much\n24/01/2011,Acme Widgets Ltd,100.00\n"
    assert import_spend(where, later, "odd-2.csv").imported == 1


def test_map_options_name_real_fields():
    with pytest.raises(ValueError, match="FIELD one of"):
        parse_map_options(["supplier=Who"])
    with pytest.raises(ValueError, match="no column is headed"):
        chosen_from_map(GOOD, "april.csv", {"supplier_name": "Payee"})
