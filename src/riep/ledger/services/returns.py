"""NI 179 returns and their sign-off: a council submits, a programme manager validates (locking it), sends back or reopens."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from riep.core.fy import FinancialYear
from riep.core.tables import COUNT, FINANCIAL_YEAR, LINK, MONEY, PERCENTAGE, Column, Table
from riep.ledger.calc.ni179 import Ni179Result
from riep.ledger.models import Ni179Return, ReturnStatus
from riep.ledger.permissions import require_record_gains_for, require_validate_return_for
from riep.ledger.services.gains import council_code, ni179_for_council
from riep.ledger.services.saving import LedgerLocked
from riep.registry.models import Organisation


def get_return(council: Organisation, year: FinancialYear) -> Ni179Return:
    ret = Ni179Return.objects.filter(council=council, year=year).first()
    return ret or Ni179Return(council=council, year=year)


def _save_return(ret: Ni179Return, user) -> None:
    ret._history_user = user if getattr(user, "pk", None) else None
    ret.save()


@transaction.atomic
def submit_return(user, council, year) -> Ni179Return:
    require_record_gains_for(user, council)
    ret = get_return(council, year)
    if ret.locked:
        raise LedgerLocked(f"{council}'s NI 179 return for {year} is validated and locked: it cannot be submitted again.")
    if ret.status == ReturnStatus.SUBMITTED:
        raise ValidationError(f"{council}'s NI 179 return for {year} is already submitted.")
    ret.status, ret.submitted_by, ret.submitted_at = ReturnStatus.SUBMITTED, user, timezone.now()
    _save_return(ret, user)
    return ret


@transaction.atomic
def validate_return(user, council, year) -> Ni179Return:
    require_validate_return_for(user, council)
    ret = get_return(council, year)
    if ret.status != ReturnStatus.SUBMITTED:
        raise ValidationError(f"Only a submitted return can be validated; {council}'s return for {year} is {ret.get_status_display().lower()}.")
    ret.status, ret.locked = ReturnStatus.VALIDATED, True
    ret.validated_by, ret.validated_at = user, timezone.now()
    ret.validated_total = ni179_for_council(council, year).total
    ret.reason = ""
    _save_return(ret, user)
    return ret


@transaction.atomic
def send_back_return(user, council, year, reason: str) -> Ni179Return:
    require_validate_return_for(user, council)
    if not reason.strip():
        raise ValidationError("Say why the return is being sent back.")
    ret = get_return(council, year)
    if ret.status != ReturnStatus.SUBMITTED:
        raise ValidationError(f"Only a submitted return can be sent back; this one is {ret.get_status_display().lower()}.")
    ret.status, ret.reason = ReturnStatus.RETURNED, reason.strip()
    _save_return(ret, user)
    return ret


@transaction.atomic
def reopen_return(user, council, year, reason: str) -> Ni179Return:
    """Unlocks a validated return as a new version; the validated version stays in its history."""
    require_validate_return_for(user, council)
    if not reason.strip():
        raise ValidationError("Say why the validated return is being reopened.")
    ret = get_return(council, year)
    if not ret.locked:
        raise ValidationError("Only a validated, locked return can be reopened.")
    ret.status, ret.locked, ret.version, ret.reason = ReturnStatus.DRAFT, False, ret.version + 1, reason.strip()
    _save_return(ret, user)
    return ret


def ni179_lines_table(result: Ni179Result, name: str = "ni179", caption: str | None = None, names: dict | None = None) -> Table:
    names = names or {}
    rows = []
    for line in result.lines:
        rows.append({
            "gain": line.gain_id, "url": f"/ledger/gains/{line.gain_id}/", "council": names.get(line.council_code, line.council_code),
            "share": line.share,
            "counted_flag": ("Yes (provisional)" if line.provisional else "Yes") if line.included else "No",
            "gross": line.gross_saving, "costs": line.investment + line.ongoing_costs, "net": line.net_value,
            "counted": line.counted, "reasons": " ".join(r.text for r in line.reasons),
        })
    return Table(name, caption or f"NI 179 {result.year}: gains counted and excluded", [
        Column("gain", "Gain", LINK), Column("council", "Council"), Column("share", "Share", PERCENTAGE, decimals=0),
        Column("counted_flag", "Counted"), Column("gross", "Gross saving", MONEY), Column("costs", "Investment and costs", MONEY),
        Column("net", "Net value (whole gain)", MONEY), Column("counted", "Counted for council", MONEY),
        Column("reasons", "Why"),
    ], rows, {"gain": "Total", "counted": result.total})


def returns_table(council: Organisation) -> Table:
    rows = [{"year": r.year, "status": r.get_status_display(), "locked": "Locked" if r.locked else "",
             "version": r.version, "validated": r.validated_total, "url": f"/ledger/ni179/{council_code(council)}/{r.year.label}/"}
            for r in Ni179Return.objects.filter(council=council)]
    return Table("returns", f"NI 179 returns of {council}", [
        Column("year", "Financial year", FINANCIAL_YEAR, link_key="url"), Column("status", "Status"), Column("locked", "Locked"),
        Column("version", "Version", COUNT), Column("validated", "Validated figure", MONEY),
    ], rows)
