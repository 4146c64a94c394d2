"""Background jobs of the ledger: importing a file of gains and building the value report."""
from __future__ import annotations

from pathlib import Path

from riep.core.jobs import JobError, job_handler


@job_handler("ledger.import")
def import_job(params: dict, progress) -> dict:
    from riep.ledger.importer import ImportFailed, import_gains

    try:
        summary = import_gains(Path(params["path"]), reason=params.get("reason", "Imported from file"), progress=progress)
    except ImportFailed as error:
        raise JobError("Nothing was imported. " + "; ".join(f"row {r}: {m}" for r, m in error.problems[:50])) from None
    return {"created": summary.created, "changed": summary.changed, "unchanged": summary.unchanged, "summary": str(summary)}


@job_handler("ledger.value_report")
def value_report_job(params: dict, progress) -> dict:
    from riep.core.fy import parse_period
    from riep.ledger import report
    from riep.registry.models import Partnership

    partnership = Partnership.objects.get(code__iexact=params["partnership"])
    first, last = parse_period(params["period"])
    progress(0, 2, "Building the report")
    built = report.build_value_report(partnership, first, last)
    output = Path(params["output"])
    output.write_bytes(report.report_pdf(built) if params.get("format") == "pdf" else report.report_xlsx(built))
    progress(2, 2, "Written")
    return {"output": str(output), "additional_net": str(built.totals["additional_net"])}
