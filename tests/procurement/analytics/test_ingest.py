"""The clean-file fast path: a CSV in the store's columns, read with exact decimals, stored by month."""
import hashlib
from decimal import Decimal

import pyarrow.parquet as pq

from riep.procurement.analytics.ingest import ingest_clean_csv, read_clean_csv
from riep.procurement.analytics.store import file_paths


def test_a_clean_csv_is_read_exactly_and_stored(tmp_path):
    path = tmp_path / "clean.csv"
    path.write_text('"line_number","payment_date","amount","supplier_name","redacted","unknown"\n'
                    "1,2021-04-30,1234567.89,ACME LTD,false,x\n"
                    "2,2021-05-01,-0.10,Redacted Personal Data,true,y\n", encoding="utf-8")
    table = read_clean_csv(path)
    assert table["amount"].to_pylist() == [Decimal("1234567.89"), Decimal("-0.10")]
    assert "unknown" not in table.column_names
    sha = hashlib.sha256(b"clean").hexdigest()
    assert ingest_clean_csv(tmp_path / "store", "E08000021", sha, path, file_id=3) == {"2021-04": 1, "2021-05": 1}
    may = [p for p in file_paths(tmp_path / "store", sha) if "month=2021-05" in str(p)]
    assert pq.read_table(may[0]).to_pylist()[0]["redacted"] is True
