"""The audit trail: who changed what and when, read from django-simple-history records."""
from __future__ import annotations

from riep.core.permissions import name_shown_to
from riep.core.tables import Column, Table

_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _describe_changes(record) -> str:
    if record.history_type != "~":
        return ""
    previous = record.prev_record
    if previous is None:
        return ""
    delta = record.diff_against(previous)
    parts = []
    for change in delta.changes:
        field = record.instance._meta.get_field(change.field) if hasattr(record.instance, "_meta") else None
        label = getattr(field, "verbose_name", change.field)
        parts.append(f"{label}: {_show(change.old)} → {_show(change.new)}")
    return "; ".join(parts)


def _show(value) -> str:
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, list):  # many-to-many
        return f"{len(value)} item(s)"
    return str(value)


def audit_table(querysets, caption: str = "Changes to this record", limit: int = 200, viewer=None) -> Table:
    """The changes, newest first; who made each is named as `viewer` may see them (see name_shown_to)."""
    records = []
    for queryset in querysets:
        records.extend(queryset.select_related("history_user")[:limit])
    records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    rows = []
    for record in records[:limit]:
        rows.append({
            "when": record.history_date.strftime("%d %b %Y %H:%M"),
            "who": name_shown_to(viewer, record.history_user, "System (import or demo)"),
            "action": _ACTIONS.get(record.history_type, record.history_type),
            "what": f"{record.instance._meta.verbose_name.capitalize()}: {record.instance}",
            "changes": _describe_changes(record),
        })
    return Table("audit", caption, [Column("when", "When"), Column("who", "Who"), Column("action", "Action"),
                                    Column("what", "Record"), Column("changes", "What changed")], rows)
