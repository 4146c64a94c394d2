"""Background job of the care calculator: importing and pricing a council's placements file."""
from __future__ import annotations

from riep.core.importing import ImportRefused
from riep.core.jobs import JobError, job_handler


@job_handler("care_import_placements")
def import_placements_job(params: dict, progress) -> dict:
    from riep.care.models import PlacementImport
    from riep.care.services import run_import

    record = PlacementImport.objects.select_related("council", "uploaded_by").get(pk=params["import_id"])
    progress(0, 1, f"Reading {record.file_name}")
    try:
        summary = run_import(record, progress)
    except ImportRefused as error:  # its message lists the problems; the import page lists them all
        raise JobError(str(error)) from None
    return {"import_id": record.pk, **summary.as_dict()}
