"""Background job of the care calculator: importing and pricing a council's placements file."""
from __future__ import annotations

from django.db.models import Q

from riep.care.models import PlacementImport
from riep.care.permissions import care_council_ids
from riep.care.services import run_import
from riep.core.jobs import job_kind


def people_who_see_the_councils_placements(user) -> Q:
    """The job is about a council (its subject): whoever may see that council's placements sees its imports."""
    return Q(subject_id__in=care_council_ids(user))


@job_kind("care.import_placements", "Import of care placements", visible_to=people_who_see_the_councils_placements)
def import_placements_job(params: dict, progress) -> dict:
    record = PlacementImport.objects.select_related("council", "uploaded_by", "upload").get(pk=params["import_id"])
    progress(0, 1, f"Reading {record.file_name}")
    summary = run_import(record, progress)  # reads the bytes of record.upload; a refusal lists its problems
    return {"import_id": record.pk, **summary.as_dict()}
