"""Every real spend file imports and its imported total equals the sum of its amount column to the penny.

    .venv/bin/python bench/check_spend_totals.py [FOLDER]      (default ../shared/data/spend, else the kept sample)

The reference sum is computed independently of the importer: Python's csv module on the amount column as each
council heads it (Lambeth: a regular expression on the raw text, as 639 of its rows have the amount fused to the
date). Prints one line per file: lines imported, imported total, reference total, time; exits 1 on any mismatch.
"""
from __future__ import annotations

import csv
import io
import os
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

AMOUNT_COLUMNS = {"darlington": "Invoice Line Value (net of VAT)", "gateshead": "Amount",
                  "newcastle": "Total (excludes VAT)", "northtyneside": "Net Amount", "leeds": "Net amount",
                  "calderdale": "Net Amount", "manchester": "Net Amount"}
COUNCILS = {"darlington": "E06000005", "gateshead": "E08000037", "newcastle": "E08000021",
            "northtyneside": "E08000022", "leeds": "E08000035", "calderdale": "E08000033", "manchester": "E08000003",
            "lambeth": "E09000022"}


def reference_total(name: str, data: bytes) -> Decimal:
    if name.startswith("lambeth_2012-06"):
        total = Decimal(0)
        for line in data.decode("utf-8").splitlines()[10:]:
            match = re.search(r"\d{2}/\d{2}/\d{4},?(\"[\d,]+\.?\d*\"|-?[\d.]+)", line)
            if match:
                total += Decimal(match.group(1).strip('"').replace(",", ""))
        return total
    column = AMOUNT_COLUMNS[name.split("_")[0]]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig").replace("\u00ef\u00bb\u00bf", ""))))
    index = rows[0].index(column)
    return sum((Decimal(r[index].strip()) for r in rows[1:] if len(r) > index and r[index].strip()), Decimal(0))


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared/data/spend"
    spend_dir = tempfile.mkdtemp(prefix="riep-spend-check-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{spend_dir}/check.sqlite3")
    os.environ["RIEP_SPEND_DIR"] = spend_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riep.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from riep.core.importing import ImportRefused
    from riep.procurement.services.importing import import_spend
    from riep.registry.models import CouncilType, Organisation

    failures = 0
    for path in sorted(folder.rglob("*.csv")):
        if "supplier_totals" in path.name:
            print(f"{path.name:36} skipped: a published sum per supplier, not payment lines")
            continue
        key = path.name.split("_")[0]
        council, _ = Organisation.objects.get_or_create(gss_code=COUNCILS[key], defaults={
            "name": key.title(), "council_type": CouncilType.METROPOLITAN})
        data = path.read_bytes()
        started = time.perf_counter()
        try:
            summary = import_spend(council, data, path.name)
        except ImportRefused as error:
            print(f"{path.name:36} REFUSED: {error}")
            failures += 1
            continue
        reference = reference_total(path.name, data)
        ok = summary.total_amount == reference
        failures += not ok
        print(f"{path.name:36} {summary.imported:>7,} lines  imported £{summary.total_amount:>16,.2f}  "
              f"column sum £{reference:>16,.2f}  {'equal' if ok else 'DIFFERENT'}  "
              f"{time.perf_counter() - started:5.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
