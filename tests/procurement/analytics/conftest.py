"""A small spend store shared by the query tests: generated lines for four councils over three months, plus one
hand-written file whose unit prices and totals are known."""
import hashlib
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest

from riep.procurement.analytics.store import write_file_lines
from riep.procurement.engine.generate import spend_files

COUNCILS = ["E06000005", "E08000021", "E08000022", "E08000037"]
MONTHS = ["2021-03", "2021-04", "2021-05"]


def _sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(scope="package")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("spend-store")
    lines = []  # (council, month, supplier_name, amount, redacted) for the oracle
    names = set()
    for council, month, table in spend_files(COUNCILS, MONTHS, 120, n_suppliers=60, seed=5):
        write_file_lines(root, council, _sha(council + month), table.drop_columns(["supplier_entity"]))
        for name, entity, amount, redacted in zip(table["supplier_name"].to_pylist(),
                                                  table["supplier_entity"].to_pylist(),
                                                  table["amount"].to_pylist(), table["redacted"].to_pylist()):
            lines.append((council, month, name, amount, redacted))
            if not redacted:
                names.add((council, name, entity))
    # Two councils buying the same placement at their own weekly prices: 4 x 700.00 and 3 x 650.00.
    known = [("E08000021", "2021-04", "HILLSIDE CARE HOME LTD", "700.00")] * 4 + \
        [("E08000021", "2021-04", "HILLSIDE CARE HOME LTD", "1400.00")] + \
        [("E08000037", "2021-05", "Hillside Care Home Limited", "650.00")] * 3
    for council in ("E08000021", "E08000037"):
        rows = [{"line_number": n, "payment_date": date(int(m[:4]), int(m[5:]), 7), "amount": Decimal(a),
                 "supplier_name": s} for n, (c, m, s, a) in enumerate(known, 1) if c == council]
        write_file_lines(root, council, _sha("known" + council), rows, file_id=999)
        lines += [(c, m, s, Decimal(a), False) for c, m, s, a in known if c == council]
    names |= {("E08000021", "HILLSIDE CARE HOME LTD", "HILLSIDE"), ("E08000037", "Hillside Care Home Limited", "HILLSIDE")}
    category = defaultdict(lambda: "321017")
    supplier_map = pa.Table.from_pylist([
        {"council_gss": c, "supplier_name": n, "supplier_ref": e, "category_code": category[e] if e == "HILLSIDE"
         else ("371000" if int(e[1:]) % 2 else "261400")}
        for c, n, e in sorted(names)])
    return {"root": root, "lines": lines, "supplier_map": supplier_map}
