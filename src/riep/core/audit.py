"""The audit trail: who changed what and when, read from django-simple-history records.

The page tells it in sentences (`riep.core.history`, shown with `{% history_list audit %}`); the table's CSV and
XLSX downloads keep the raw record: the moment, who, the action, the record and each field's stored values.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from riep.core.history import Told, told_history
from riep.core.tables import Column, Table


@dataclass
class HistoryTable(Table):
    """A Table (so views download it as before) that also carries its records told in words for the page."""

    told: list[Told] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # a version list's own sentences, newest first

    @property
    def sentences(self) -> list[dict]:
        return [{"text": s} for t in self.told for s in t.sentences] + [{"text": line} for line in self.lines]


def version_table(name: str, caption: str, columns: list[Column], rows: list[dict], sentences) -> HistoryTable:
    """A version list (delivery confidence ratings, a gain's versions): the sentences on the page, newest first,
    and the rows in the download. Build sentences with `riep.core.history.when_text` and `name_shown_to`."""
    return HistoryTable(name, caption, columns, rows, lines=list(sentences))


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if timezone.is_aware(moment) else str(moment)


def audit_table(querysets, caption: str = "Changes to this record", limit: int = 200, viewer=None) -> HistoryTable:
    """The changes, newest first; who made each is named as `viewer` may see them (see name_shown_to). The first
    queryset is the page's own record (its changes read "changed status of this project")."""
    told = told_history(querysets, viewer=viewer, limit=limit)
    rows = [{
        "when": _local(t.when), "who": t.who, "action": t.action, "what": t.record,
        "changes": "; ".join(f"{name}: {old} → {new}" for name, old, new in t.raw),
        "words": " ".join(t.sentences),
    } for t in told]
    return HistoryTable("audit", caption, [
        Column("when", "When (UK time)"), Column("who", "Who"), Column("action", "Action"), Column("what", "Record"),
        Column("changes", "What changed (as stored)"), Column("words", "In words"),
    ], rows, told=told)
