"""NI 179 returns and their sign-off: a council submits, a programme manager validates (locking it), sends back or reopens."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from riep.core.audit import version_table
from riep.core.fy import FinancialYear
from riep.core.history import NOBODY, money_text, when_text
from riep.core.permissions import name_shown_to
from riep.core.tables import COUNT, FINANCIAL_YEAR, LINK, MONEY, PERCENTAGE, Column, Table
from riep.ledger.calc.ni179 import Ni179Result
from riep.ledger.models import GainStatus, Ni179Return, ReturnStatus
from riep.ledger.permissions import require_record_gains_for, require_validate_return_for
from riep.ledger.services.gains import ZERO, council_code, ni179_for_council
from riep.ledger.services.saving import LedgerLocked
from riep.registry.models import Organisation


def get_returns_of(councils):
    return Ni179Return.objects.filter(council__in=councils)


def gains_missing_evidence(gains):
    """Gains that count (or will) with no evidence document filed: what a reviewer would ask for first."""
    return (gains.exclude(status=GainStatus.WITHDRAWN).filter(cash_releasing=True, documents__isnull=True)
            .select_related("council").distinct().order_by("reference"))


def get_return(council: Organisation, year: FinancialYear) -> Ni179Return:
    ret = Ni179Return.objects.filter(council=council, year=year).first()
    return ret or Ni179Return(council=council, year=year)


def _save_return(ret: Ni179Return, user) -> None:
    ret._history_user = user if getattr(user, "pk", None) else None
    ret.save()


DECLARATION = ("I confirm that, to the best of my knowledge, the gains in this return are ongoing, cash-releasing and "
               "net of the costs of achieving them, that service quality was maintained, and that the evidence is kept "
               "with each gain.")


@transaction.atomic
def submit_return(user, council, year, declared: bool = False) -> Ni179Return:
    """Submits the return for validation; the person must make the declaration (the check-your-answers page)."""
    require_record_gains_for(user, council)
    ret = get_return(council, year)
    if ret.locked:
        raise LedgerLocked(f"{council}'s NI 179 return for {year} is validated and locked: it cannot be submitted again.")
    if ret.status == ReturnStatus.SUBMITTED:
        raise ValidationError(f"{council}'s NI 179 return for {year} is already submitted.")
    if not declared:
        raise ValidationError("Confirm the declaration to submit the return.")
    ret.status, ret.submitted_by, ret.submitted_at = ReturnStatus.SUBMITTED, user, timezone.now()
    ret.declaration = DECLARATION
    _save_return(ret, user)
    return ret


def snapshot_of(result: Ni179Result) -> dict:
    """The figures of a return as validated, to be stored and shown unchanged however the ledger changes later."""
    return {
        "total": str(result.total), "taken_at": timezone.now().isoformat(timespec="seconds"),
        "lines": [{"gain": line.gain_id, "counted": str(line.counted), "included": line.included,
                   "reason": line.reason.code.value} for line in result.lines],
    }


@transaction.atomic
def validate_return(user, council, year) -> Ni179Return:
    require_validate_return_for(user, council)
    ret = get_return(council, year)
    if ret.status != ReturnStatus.SUBMITTED:
        raise ValidationError(f"Only a submitted return can be validated; {council}'s return for {year} is {ret.get_status_display().lower()}.")
    ret.status, ret.locked = ReturnStatus.VALIDATED, True
    ret.validated_by, ret.validated_at = user, timezone.now()
    result = ni179_for_council(council, year)
    ret.validated_total, ret.snapshot = result.total, snapshot_of(result)
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


def headline(ret: Ni179Return, result: Ni179Result) -> dict:
    """What a return's page shows as its figure: the validated one while it is locked, with any difference from
    today's recomputation as a warning beside it (never instead of it)."""
    if ret.locked and ret.validated_total is not None:
        difference = result.total - ret.validated_total
        return {"figure": ret.validated_total, "validated": True, "recomputed": result.total, "difference": difference,
                "differs": difference != 0}
    return {"figure": result.total, "validated": False, "recomputed": result.total, "difference": ZERO, "differs": False}


def _when(moment) -> str:
    return when_text(moment)


def _step(h, previous, who: str, when: str) -> str | None:
    """One step of the return's workflow as a sentence, or None when the record changed nothing of it."""
    figure = f" at {money_text(h.validated_total)}" if h.validated_total is not None else ""
    saying = f", saying “{h.reason}”" if h.reason else ""
    if previous is not None and h.status == previous.status and h.version == previous.version:
        return None
    if previous is not None and h.version != previous.version:
        return f"{who} reopened the return as version {h.version} on {when}{saying}."
    return {
        ReturnStatus.DRAFT: f"{who} started the return on {when}.",
        ReturnStatus.SUBMITTED: f"{who} submitted the return for validation on {when}.",
        ReturnStatus.VALIDATED: f"{who} validated and locked the return{figure} on {when}.",
        ReturnStatus.RETURNED: f"{who} sent the return back to the council on {when}{saying}.",
    }.get(h.status, f"{who} marked the return {h.get_status_display().lower()} on {when}.")


def workflow_table(ret: Ni179Return, viewer=None):
    """The return's workflow (started, submitted, sent back, validated, reopened) told in sentences, newest first,
    as the platform's other audit trails are (`riep.core.audit.version_table`); the download keeps each step's
    moment, person, status, version, figure and reason."""
    records = list(Ni179Return.history.filter(id=ret.pk).select_related("history_user")
                   .order_by("history_date", "history_id")) if ret.pk else []
    steps, previous = [], None
    for h in records:
        who = name_shown_to(viewer, h.history_user, NOBODY)
        sentence = _step(h, previous, who, when_text(h.history_date))
        previous = h
        if sentence:
            steps.append((h, who, sentence))
    steps.reverse()
    rows = [{"when": when_text(h.history_date), "who": who, "status": h.get_status_display(), "version": h.version,
             "figure": h.validated_total if h.status == ReturnStatus.VALIDATED else None, "reason": h.reason}
            for h, who, _ in steps]
    return version_table("workflow", f"The return's workflow: {ret.council} {ret.year}", [
        Column("when", "When (UK time)"), Column("who", "Who"), Column("status", "Status"),
        Column("version", "Version", COUNT), Column("figure", "Validated NI 179", MONEY), Column("reason", "Reason"),
    ], rows, [sentence for _, _, sentence in steps])


def returns_rows(councils, years, viewer=None) -> list[dict]:
    """One row per council and year: status, who submitted and validated it and when, and the validated figure."""
    found = {(r.council_id, r.year): r for r in Ni179Return.objects.filter(council__in=councils).select_related(
        "council", "submitted_by", "validated_by")}
    rows = []
    for council in councils:
        for year in years:
            r = found.get((council.pk, year))
            rows.append({
                "council": str(council), "year": year, "url": f"/ledger/ni179/{council_code(council)}/{year.label}/",
                "status": r.get_status_display() if r else "Not started", "version": r.version if r else None,
                "submitted": (f"{name_shown_to(viewer, r.submitted_by) if r.submitted_by else 'Unknown'}, {_when(r.submitted_at)}"
                              if r and r.submitted_at else ""),
                "validated": (f"{name_shown_to(viewer, r.validated_by) if r.validated_by else 'Unknown'}, {_when(r.validated_at)}"
                              if r and r.locked and r.validated_at else ""),
                "figure": r.validated_total if r and r.locked else None,
                "reason": r.reason if r and r.status == ReturnStatus.RETURNED else "",
            })
    return rows


def returns_table(councils, years, caption: str, viewer=None) -> Table:
    return Table("returns", caption, [
        Column("council", "Council"), Column("year", "Financial year", FINANCIAL_YEAR, link_key="url"),
        Column("status", "Status"), Column("version", "Version", COUNT), Column("submitted", "Submitted by, on"),
        Column("validated", "Validated by, on"), Column("figure", "Validated NI 179", MONEY),
        Column("reason", "Why it was sent back"),
    ], returns_rows(councils, years, viewer),
        note="Draft: being prepared by the council. Submitted: awaiting validation by the partnership's programme "
             "manager. Sent back: returned to the council with a reason. Validated: signed off and locked.")
