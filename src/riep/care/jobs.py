"""Background job of the care calculator: importing and pricing a council's placements file."""
from __future__ import annotations

from riep.core.jobs import JobError, job_handler


@job_handler("care_import_placements")
def import_placements_job(params: dict, progress) -> dict:
    from riep.care.models import PlacementImport
    from riep.care.services import ImportRefused, run_import

    record = PlacementImport.objects.select_related("council", "uploaded_by").get(pk=params["import_id"])
    progress(0, 1, f"Reading {record.file_name}")
    try:
        summary = run_import(record, progress)
    except ImportRefused as error:
        listed = "\n".join(f"row {p.row}, {p.field}: {p.message}" if p.field else f"row {p.row}: {p.message}"
                           for p in error.problems)
        raise JobError(f"Nothing was imported: {len(error.problems)} problem(s) in {record.file_name}.\n{listed}") from None
    return {"import_id": record.pk, "created": summary.created, "changed": summary.changed,
            "unchanged": summary.unchanged, "summary": str(summary)}
