"""Support cases: opening one (from a flag, an inspection or a request), its actions, peer support, board papers,
moving up or down the intervention ladder, and closing it with an outcome. Every change is in the case's history."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction

from riep.core.errors import UserError
from riep.ledger.evidence_files import ALLOWED_EVIDENCE, EVIDENCE_TYPES, MAX_EVIDENCE_BYTES
from riep.registry.scope import councils_of_partnership
from riep.resilience.models import (
    ActionStatus,
    BoardPaper,
    CaseAction,
    InterventionLevel,
    Outcome,
    PeerSupport,
    SupportCase,
    TriggerKind,
)


def _saved(instance, user, reason: str):
    instance._history_user = user
    instance._change_reason = reason[:100]
    instance.save()
    return instance


def open_case(partnership, council, *, title: str, trigger: str, trigger_detail: str, trigger_year=None,
              level: int = InterventionLevel.RECOVERY_PLAN, opened_on: dt.date | None = None, user=None,
              illustrative: bool = False) -> SupportCase:
    if not councils_of_partnership(partnership).filter(pk=council.pk).exists():
        raise UserError(f"{council} is not a member council of {partnership}.")
    if trigger not in TriggerKind.values:
        raise UserError("Choose what triggered the case: a flag, an inspection or a request.")
    case = SupportCase(partnership=partnership, council=council, title=title, trigger=trigger,
                       trigger_detail=trigger_detail, trigger_year=trigger_year, level=level,
                       opened_on=opened_on or dt.date.today(), illustrative=illustrative)
    return _saved(case, user, "Case opened")


def _open(case) -> None:
    if not case.is_open:
        raise UserError("The case is closed: reopen it before changing it.")


def set_level(case, level: int, reason: str, user=None) -> SupportCase:
    _open(case)
    if level not in InterventionLevel.values:
        raise UserError("Choose a level of the intervention ladder.")
    if not reason.strip():
        raise UserError("Give a reason for moving the case on the ladder.")
    case.level = level
    return _saved(case, user, reason)


def add_action(case, description: str, owner: str, due_on=None, user=None) -> CaseAction:
    _open(case)
    if not description.strip() or not owner.strip():
        raise UserError("An action needs a description and an owner.")
    return _saved(CaseAction(case=case, description=description, owner=owner, due_on=due_on), user, "Action added")


def update_action(action, status: str, completed_on=None, user=None) -> CaseAction:
    _open(action.case)
    if status not in ActionStatus.values:
        raise UserError("Choose the action's status.")
    action.status = status
    action.completed_on = completed_on or (dt.date.today() if status == ActionStatus.DONE else None)
    return _saved(action, user, f"Status: {ActionStatus(status).label}")


def offer_peer_support(case, council, description: str, offered_on=None, user=None) -> PeerSupport:
    _open(case)
    if council.pk == case.council_id:
        raise UserError("Peer support comes from another member council.")
    if not councils_of_partnership(case.partnership).filter(pk=council.pk).exists():
        raise UserError(f"{council} is not a member council of {case.partnership}.")
    return _saved(PeerSupport(case=case, council=council, description=description,
                              offered_on=offered_on or dt.date.today()), user, "Peer support offered")


def check_paper(name: str, content: bytes) -> None:
    """The same file rules as ledger evidence: type by name and by its first bytes, at most 10 MB."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise UserError(f"A board paper must be a {ALLOWED_EVIDENCE} file; ‘{name}’ is not.")
    if len(content) > MAX_EVIDENCE_BYTES:
        raise UserError(f"The file is {len(content) / (1024 * 1024):.1f} MB: it must be 10 MB or smaller.")
    if not content:
        raise UserError("The file is empty.")
    signatures = EVIDENCE_TYPES[suffix][1]
    if signatures is None:
        if b"\x00" in content[:2048]:
            raise UserError(f"‘{name}’ is not a CSV text file.")
    elif not content.startswith(signatures):
        raise UserError(f"‘{name}’ is not really a {suffix[1:].upper()} file: its contents do not match its name.")


def file_paper(case, title: str, name: str, content: bytes, meeting_on=None, user=None) -> BoardPaper:
    check_paper(name, content)
    paper = BoardPaper(case=case, title=title, meeting_on=meeting_on, uploaded_by=user)
    paper.file.save(PurePath(name).name, ContentFile(content), save=False)
    return _saved(paper, user, "Board paper filed")


@transaction.atomic
def close_case(case, outcome: str, detail: str, closed_on=None, user=None) -> SupportCase:
    _open(case)
    if outcome not in Outcome.values:
        raise UserError("Choose the case's outcome.")
    if not detail.strip():
        raise UserError("Say what the outcome was.")
    unfinished = case.actions.filter(status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]).count()
    if unfinished:
        raise UserError(f"{unfinished} action(s) are still planned or in progress: finish or drop them first.")
    case.outcome, case.outcome_detail, case.closed_on = outcome, detail, closed_on or dt.date.today()
    return _saved(case, user, "Case closed")


def reopen_case(case, reason: str, user=None) -> SupportCase:
    if case.is_open:
        return case
    if not reason.strip():
        raise UserError("Give a reason for reopening the case.")
    case.closed_on, case.outcome, case.outcome_detail = None, "", ""
    return _saved(case, user, reason)


def aggregate(cases) -> dict:
    """What the reviewer sees: counts by level, by status and by outcome (no council, no paper, no person)."""
    cases = list(cases)
    return {"open_by_level": Counter(InterventionLevel(c.level).label for c in cases if c.is_open),
            "closed_by_outcome": Counter(Outcome(c.outcome).label for c in cases if not c.is_open and c.outcome),
            "open": sum(1 for c in cases if c.is_open), "closed": sum(1 for c in cases if not c.is_open)}
