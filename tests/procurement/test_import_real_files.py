"""Each real spend file kept in the repository imports, and its imported total equals the sum of its amount column
to the penny. The reference sums are computed here independently of the importer: the standard csv module on the
amount column named by hand for each file (Lambeth: a regular expression on the raw text, since 639 of its rows
have the amount fused to the date)."""
import csv
import io
import re
from decimal import Decimal

import pytest

from riep.procurement.models import FileStatus, SpendFile, SupplierName
from riep.procurement.services.importing import import_spend
from riep.registry.models import CouncilType, Organisation
from tests.procurement.conftest import sample_file

# file, council GSS, the amount column as published, lines expected
FILES = [
    ("darlington_2010-12", "E06000005", "Invoice Line Value (net of VAT)", 794),
    ("darlington_2021-04", "E06000005", "Invoice Line Value (net of VAT)", 1679),
    ("gateshead_2010-12", "E08000037", "Amount", 5166),
    ("gateshead_2021-04", "E08000037", "Amount", 12461),
    ("newcastle_2021-04", "E08000021", "Total (excludes VAT)", 5617),
    ("northtyneside_2021-04_i", "E08000022", "Net Amount", 16960),
    ("northtyneside_2021-04_p", "E08000022", "Net Amount", 13911),
    ("leeds_2010-12_raw", "E08000035", "Net amount", 10303),
    ("calderdale_2022-08_clean", "E08000033", "Net Amount", 1956),
    ("manchester_2022-05_clean", "E08000003", "Net Amount", 3564),
]


def reference_total(data: bytes, column: str) -> Decimal:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig").replace("\u00ef\u00bb\u00bf", ""))))
    index = rows[0].index(column)
    return sum((Decimal(r[index].strip()) for r in rows[1:] if len(r) > index and r[index].strip()), Decimal(0))


def lambeth_reference_total(data: bytes) -> Decimal:
    total = Decimal(0)
    for line in data.decode("utf-8").splitlines()[10:]:
        match = re.search(r"\d{2}/\d{2}/\d{4},?(\"[\d,]+\.?\d*\"|-?[\d.]+)", line)
        if match:
            total += Decimal(match.group(1).strip('"').replace(",", ""))
    return total


def council(gss: str) -> Organisation:
    return Organisation.objects.get_or_create(gss_code=gss, defaults={"name": f"Council {gss}",
                                                                      "council_type": CouncilType.METROPOLITAN})[0]


@pytest.mark.django_db
@pytest.mark.parametrize("name, gss, column, lines", FILES)
def test_real_file_imports_and_its_total_matches_its_amount_column(name, gss, column, lines):
    data = sample_file(name)
    summary = import_spend(council(gss), data, f"{name}.csv")
    assert summary.imported == lines
    assert summary.total_amount == reference_total(data, column)
    record = SpendFile.objects.get(pk=summary.file_id)
    assert record.status == FileStatus.IMPORTED and record.total_amount == summary.total_amount


@pytest.mark.django_db
def test_lambeth_fused_rows_are_recovered_and_the_total_matches():
    data = sample_file("lambeth_2012-06_payments_raw")
    summary = import_spend(council("E09000022"), data, "lambeth_2012-06_payments_raw.csv")
    assert summary.imported == 3155  # 3,157 rows below the header less its total row and a row of daggers
    assert summary.total_amount == lambeth_reference_total(data)
    record = SpendFile.objects.get(pk=summary.file_id)
    assert record.threshold == 500 and record.vat_basis == "net"
    assert any("639 rows had a date fused" in note for note in record.notes)
    assert any("file's own total, £40,292,334.84" in note and "equals" in note for note in record.notes)
    assert SupplierName.objects.filter(council__gss_code="E09000022", raw_name="Catch22").exists()
