"""Background jobs of the registry."""
from pathlib import Path

from riep.core.jobs import JobError, job_handler
from riep.registry.councils_file import CouncilFileError
from riep.registry.services import import_councils


@job_handler("import_councils")
def import_councils_job(params: dict, progress) -> dict:
    try:
        summary = import_councils(Path(params["path"]), progress=progress)
    except CouncilFileError as error:
        raise JobError(str(error)) from None
    finally:
        if params.get("delete_after"):
            Path(params["path"]).unlink(missing_ok=True)
    return {"summary": str(summary), **summary.as_dict()}
