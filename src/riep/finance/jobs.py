"""Background jobs of the finance returns: importing a workbook uploaded through a page or the API."""
from django.db.models import Q

from riep.core.jobs import job_kind
from riep.core.permissions import Role
from riep.core.uploads import read_upload
from riep.finance.importer import import_return


def administrators_see_all(user) -> Q:
    """The returns are the whole platform's (every council's figures): administrators see every import of them."""
    return Q() if user.role == Role.PARTNERSHIP_ADMIN else Q(pk__in=[])


@job_kind("finance.import_return", "Import of a revenue return (RS or RA)", visible_to=administrators_see_all)
def import_return_job(params: dict, progress) -> dict:
    upload = read_upload(params["upload_id"])
    return import_return(bytes(upload.content), upload.name, upload_id=upload.pk, progress=progress).as_dict()
