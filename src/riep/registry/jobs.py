"""Background jobs of the registry."""
from django.db.models import Q

from riep.core.jobs import job_kind
from riep.core.permissions import Role
from riep.core.uploads import read_upload
from riep.registry.services import import_councils


def partnership_admins_see_all(user) -> Q:
    """The register is the whole platform's: its administrators see every import of it."""
    return Q() if user.role == Role.PARTNERSHIP_ADMIN else Q(pk__in=[])


@job_kind("registry.import_councils", "Import of the council register", visible_to=partnership_admins_see_all)
def import_councils_job(params: dict, progress) -> dict:
    upload = read_upload(params["upload_id"])
    # A refusal (ImportRefused, a UserError) lists its problems and is shown on the job page as it is.
    summary = import_councils(bytes(upload.content), upload.name, progress=progress)
    return summary.as_dict()
