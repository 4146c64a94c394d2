"""Background jobs of the registry."""
from pathlib import Path

from riep.core.importing import ImportRefused
from riep.core.jobs import JobError, job_handler
from riep.registry.services import import_councils


@job_handler("import_councils")
def import_councils_job(params: dict, progress) -> dict:
    path = Path(params["path"])
    try:
        summary = import_councils(path.read_bytes(), params.get("file_name") or path.name, progress=progress)
    except ImportRefused as error:  # its message lists the problems; shown on the job page as it is
        raise JobError(str(error)) from None
    finally:
        if params.get("delete_after"):
            path.unlink(missing_ok=True)
    return summary.as_dict()
