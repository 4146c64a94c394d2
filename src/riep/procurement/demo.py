"""The demo's procurement hub: the North East councils' real spend files for April 2021 (North Tyneside's second
payment stream), imported as published, suppliers resolved, opportunities for the North East RIEP.
Contains public sector information licensed under the Open Government Licence v3.0 (see data/spend/SOURCE.md)."""
from __future__ import annotations

import gzip
from importlib import resources

from django.conf import settings

from riep.procurement.models import (
    BorderlinePair,
    ColumnMapping,
    JointContractSaving,
    ResolutionDecision,
    ResolutionRun,
    SpendFile,
    Supplier,
    SupplierName,
)
from riep.procurement.services.importing import import_spend
from riep.procurement.services.map_file import map_changed
from riep.procurement.services.resolution import run_resolution
from riep.procurement.services.storage import spend_dir
from riep.registry.models import Organisation

# file (in data/spend, gzipped), publishing council's GSS code
DEMO_FILES = [
    ("darlington_2021-04", "E06000005"),
    ("gateshead_2021-04", "E08000037"),
    ("newcastle_2021-04", "E08000021"),
    ("northtyneside_2021-04_p", "E08000022"),
]


def spend_file(name: str) -> bytes:
    return gzip.decompress((resources.files("riep.procurement") / "data" / "spend" / f"{name}.csv.gz").read_bytes())


def delete_procurement_rows() -> None:
    """Before a demo reset: the hub's records and its spend lines (a reset demo starts from an empty store)."""
    from riep.procurement.analytics import store  # noqa: PLC0415 -- only a reset needs it

    for model in (BorderlinePair, ResolutionDecision, ResolutionRun, JointContractSaving, SupplierName, Supplier,
                  ColumnMapping, SpendFile):
        model.objects.all().delete()
    map_changed()
    for path in {p for p in spend_dir().glob("council_gss=*/month=*/*.parquet")}:
        store.remove_file(spend_dir(), path.stem, path.parent.parent.name.split("=", 1)[1])


def load_procurement_demo(force: bool = False) -> str:
    """Imports the North East files (skipping any council not in the register) and resolves their suppliers.
    `RIEP_DEMO_SPEND = False` (the test suite's shared demo) leaves them out unless `force`."""
    if not (force or getattr(settings, "RIEP_DEMO_SPEND", True)):
        return "no spend files (RIEP_DEMO_SPEND is off)"
    delete_procurement_rows()
    lines = 0
    for name, gss in DEMO_FILES:
        council = Organisation.objects.filter(gss_code=gss).first()
        if council is not None:
            lines += import_spend(council, spend_file(name), f"{name}.csv").imported
    run = run_resolution()
    return f"{lines:,} spend lines; {run.suppliers:,} suppliers"
