"""Background jobs of the ledger: importing a file of gains and building the value report."""
from __future__ import annotations

from pathlib import Path

from riep.core.importing import ImportRefused
from riep.core.jobs import JobError, job_handler


def _importing_user(params: dict):
    """The user an import runs as. Pages and the API always pass one ("user_id"), so the importer applies their
    permissions row by row; only a job marked {"operator": true} (enqueued by the operator) runs without."""
    from riep.accounts.models import User

    if params.get("operator") is True and "user_id" not in params:
        return None
    user = User.objects.filter(pk=params.get("user_id"), is_active=True).first() if params.get("user_id") else None
    if user is None:
        raise JobError("Nothing was imported: the import names no active user to run as, so no permissions could be checked.")
    return user


@job_handler("ledger.import")
def import_job(params: dict, progress) -> dict:
    from riep.ledger.importer import import_gains

    path = Path(params["path"])
    try:
        user = _importing_user(params)
        if not path.exists():
            raise JobError(f"Nothing was imported: the uploaded file {path.name} is no longer there. Upload it again.")
        summary = import_gains(path.read_bytes(), params.get("file_name") or path.name, user=user, reason=params.get("reason", "Imported from file"),
                               progress=progress)
    except ImportRefused as error:  # its message lists the problems; shown on the job page as it is
        raise JobError(str(error)) from None
    finally:
        if params.get("delete_after") and path.exists():
            path.unlink()
    return {**summary.as_dict(), **summary.references}


@job_handler("ledger.value_report")
def value_report_job(params: dict, progress) -> dict:
    from riep.core.fy import parse_period
    from riep.ledger import report
    from riep.registry.models import Partnership

    partnership = Partnership.objects.filter(code__iexact=params.get("partnership", "")).first()
    if partnership is None:
        raise JobError(f"No report was written: there is no partnership with code ‘{params.get('partnership', '')}’.")
    try:
        first, last = parse_period(params.get("period", ""))
    except ValueError as error:
        raise JobError(f"No report was written: the period ‘{params.get('period', '')}’ is not valid ({error}).") from None
    progress(0, 2, "Building the report")
    built = report.build_value_report(partnership, first, last)
    output = Path(params["output"])
    if not output.parent.is_dir():
        raise JobError(f"No report was written: the folder {output.parent} does not exist.")
    output.write_bytes(report.report_pdf(built) if params.get("format") == "pdf" else report.report_xlsx(built))
    progress(2, 2, "Written")
    return {"output": str(output), "additional_net": str(built.totals["additional_net"]),
            "summary": f"Value report of {partnership.name} for {first} to {last} written to {output.name}"}
