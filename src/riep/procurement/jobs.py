"""Background jobs of the procurement hub: importing a spend file, resolving suppliers."""
from __future__ import annotations

from django.db.models import Q

from riep.core.jobs import job_kind
from riep.core.uploads import read_upload
from riep.procurement.models import SpendFile
from riep.procurement.permissions import councils_whose_spend_person_may_see
from riep.procurement.services.importing import import_spend, summary_as_json
from riep.procurement.services.map_file import warm_finder
from riep.procurement.services.resolution import run_resolution


def people_who_see_the_councils_spend(user) -> Q:
    return Q(subject_id__in=list(councils_whose_spend_person_may_see(user).values_list("pk", flat=True)))


@job_kind("procurement.import_spend", "Import of a spend file", visible_to=people_who_see_the_councils_spend)
def import_spend_job(params: dict, progress) -> dict:
    record = SpendFile.objects.select_related("council", "uploaded_by").get(pk=params["file_id"])
    upload = read_upload(params["upload_id"])
    summary = import_spend(record.council, upload.content, record.file_name, chosen=record.chosen or None,
                           user=record.uploaded_by, upload=upload, record=record, progress=progress)
    run_resolution(record.uploaded_by, progress)  # new names resolve at once; decisions already made still apply
    warm_finder()
    return {"file_id": record.pk, **summary_as_json(summary)}


@job_kind("procurement.resolve_suppliers", "Resolution of suppliers across councils")  # seen by whoever started it
def resolve_suppliers_job(params: dict, progress) -> dict:
    run = run_resolution(None, progress)
    warm_finder()
    return {"names": run.names, "suppliers": run.suppliers, "borderline": run.borderline}
