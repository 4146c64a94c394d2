"""Background jobs of the performance toolkit: importing a file of indicator values."""
from __future__ import annotations

from django.db.models import Q

from riep.accounts.models import User
from riep.core.jobs import JobError, job_kind
from riep.core.uploads import read_upload
from riep.performance.services.importer import import_values


def own_imports(user) -> Q:
    """A file of figures is seen by whoever imported it (its problems name councils they act for)."""
    return Q(created_by=user)


@job_kind("performance.import_values", "Import of indicator values", visible_to=own_imports)
def import_job(params: dict, progress) -> dict:
    user = User.objects.filter(pk=params.get("user_id"), is_active=True).first()
    if user is None:
        raise JobError("Nothing was imported: the import names no active user to run as.")
    upload = read_upload(params["upload_id"])
    summary = import_values(bytes(upload.content), upload.name, user=user, indicator=params.get("indicator", ""),
                            progress=progress)
    return summary.as_dict()
