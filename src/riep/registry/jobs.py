"""Background jobs of the registry."""
from django.db.models import Q

from riep.core.jobs import JobError, job_kind
from riep.core.permissions import Role
from riep.core.uploads import as_temporary_file, read_upload
from riep.registry.councils_file import CouncilFileError
from riep.registry.services import import_councils


def partnership_admins_see_all(user) -> Q:
    """The register is the whole platform's: its administrators see every import of it."""
    return Q() if user.role == Role.PARTNERSHIP_ADMIN else Q(pk__in=[])


@job_kind("registry.import_councils", "Import of the council register", visible_to=partnership_admins_see_all)
def import_councils_job(params: dict, progress) -> dict:
    upload = read_upload(params["upload_id"])
    try:
        with as_temporary_file(upload) as path:  # today's importer reads a path
            summary = import_councils(path, progress=progress)
    except CouncilFileError as error:
        raise JobError(str(error)) from None
    return {"summary": str(summary), **summary.as_dict()}
