"""Background jobs of the ledger: importing a file of gains and building the value report."""
from __future__ import annotations

from pathlib import Path

from django.db.models import Q

from riep.accounts.models import User
from riep.core.fy import parse_period
from riep.core.jobs import JobError, job_kind
from riep.core.permissions import Role
from riep.core.uploads import read_upload
from riep.ledger import report
from riep.ledger.importer import import_gains
from riep.registry.models import Membership, Partnership


def partnership_admins_see_their_people(user) -> Q:
    """A file of gains spans councils: administrators see the imports of the people of their partnerships (staff of
    those partnerships and officers of their member councils)."""

    if user.role != Role.PARTNERSHIP_ADMIN:
        return Q(pk__in=[])
    partnerships = user.partnerships.all()
    councils = Membership.objects.filter(partnership__in=partnerships).values("organisation_id")
    return Q(created_by__in=User.objects.filter(Q(partnerships__in=partnerships) | Q(councils__in=councils)))


def people_of_the_partnership(user) -> Q:
    """A value report is about one partnership (its subject): the people who work for it see it."""
    return Q(subject_id__in=user.partnerships.values("pk"))


def _importing_user(params: dict):
    """The user an import runs as. Pages and the API always pass one ("user_id"), so the importer applies their
    permissions row by row; only a job marked {"operator": true} (enqueued by the operator) runs without."""

    if params.get("operator") is True and "user_id" not in params:
        return None
    user = User.objects.filter(pk=params.get("user_id"), is_active=True).first() if params.get("user_id") else None
    if user is None:
        raise JobError("Nothing was imported: the import names no active user to run as, so no permissions could be checked.")
    return user


@job_kind("ledger.import_gains", "Import of efficiency gains", visible_to=partnership_admins_see_their_people)
def import_job(params: dict, progress) -> dict:
    user = _importing_user(params)
    upload = read_upload(params["upload_id"])
    # A refusal (ImportRefused, a UserError) lists its problems and is shown on the job page as it is.
    summary = import_gains(bytes(upload.content), upload.name, user=user,
                           reason=params.get("reason", "Imported from file"), progress=progress)
    return {**summary.as_dict(), **summary.references}


@job_kind("ledger.value_report", "Value report", visible_to=people_of_the_partnership)
def value_report_job(params: dict, progress) -> dict:
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
