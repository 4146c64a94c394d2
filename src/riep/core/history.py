"""History in words: django-simple-history records told as sentences a person can read.

"Jo Smith changed spend in 2009-10 (Core grant) from £100,000 to £95,000 on 3 June 2010, 14:05."

Core knows nothing of the capabilities' models. It words any audited model from what the model itself says
(field verbose names, choices, foreign keys, money and date fields); a capability that owns a model says more with
`describe(Model, name=…, labels=…, formatters=…, phrases=…, title=…, qualifier=…, hidden=…)` from its
`AppConfig.ready()`. `riep.core.audit.audit_table` uses this for every audit trail; the raw record (field names
and stored values) stays in the table's CSV and XLSX download.

How values are told:
* people through `name_shown_to(viewer, person)` (no email address to roles that may not see contact details);
* other foreign keys by the related record's name, never its id (a record since deleted is "a record since
  deleted");
* money (two decimal places) as £95,000, or £80,000.50 where there are pennies; other decimals without trailing
  zeros; whole numbers with thousands separators;
* choices by their label, yes/no for booleans, dates as 3 June 2010 and moments in UK time (Europe/London);
* many-to-many as "added Norfolk and Suffolk to the participating councils".
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from simple_history.utils import get_m2m_reverse_field_name

from riep.core.fy import FinancialYear
from riep.core.money import MONEY_PLACES, format_money
from riep.core.permissions import name_shown_to

NOBODY = "The platform (an import or the demo)"
QUOTE_LIMIT = 80


@dataclass(frozen=True)
class Wording:
    """How one audited model is spoken of. Every part is optional."""

    name: str = ""  # the model in words ("funding line"); default: its verbose name as written
    labels: Mapping[str, str] = field(default_factory=dict)  # field -> label ("spend")
    formatters: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)  # field -> value in words
    # field -> the whole clause, given (who, old text, new text): lambda who, old, new: f"{new} validated it"
    phrases: Mapping[str, Callable[[str, str, str], str]] = field(default_factory=dict)
    title: Callable[[Any], str] | None = None  # names one record ("Core grant 2009-10"); default str()
    qualifier: Callable[[Any], str] | None = None  # after a field's label on another record's page (" in 2009-10")
    hidden: frozenset[str] = frozenset()  # fields never told (hashes, snapshots): still in the raw download


_WORDINGS: dict[type, Wording] = {}


def describe(model: type[models.Model], **wording) -> None:
    """Registers how `model`'s history is told (call from the owning capability's `AppConfig.ready()`)."""
    if "hidden" in wording:
        wording["hidden"] = frozenset(wording["hidden"])
    _WORDINGS[model] = Wording(**wording)


def wording_of(model: type[models.Model]) -> Wording:
    return _WORDINGS.get(model, Wording())


# Values in words -------------------------------------------------------------------------------------------------


def when_text(moment: dt.datetime | dt.date | None) -> str:
    """3 June 2010, 14:05 (UK time) for a moment; 3 June 2010 for a day."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{moment.day} {moment:%B %Y}, {moment:%H:%M}"
    return f"{moment.day} {moment:%B %Y}"


def money_text(amount: Decimal) -> str:
    """£95,000, or £80,000.50 where there are pennies."""
    amount = Decimal(amount)
    return format_money(amount, pence=amount != amount.to_integral_value())


def number_text(value) -> str:
    """336 for 336.0000, 1.5 for 1.5000, 914,039 for 914039."""
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _quote(text: str) -> str:
    text = " ".join(str(text).split())
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    return f"“{text}”"


def list_text(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class _Names:
    """Related records by id, fetched once per trail (foreign keys are told by name, never by id)."""

    def __init__(self, viewer):
        self.viewer = viewer
        self._cache: dict[tuple[type, Any], str] = {}

    def of(self, model: type[models.Model], pk) -> str:
        key = (model, pk)
        if key not in self._cache:
            found = model._default_manager.filter(pk=pk).first()
            if found is None:
                self._cache[key] = f"a {model._meta.verbose_name} since deleted"
            elif model is get_user_model():
                self._cache[key] = name_shown_to(self.viewer, found, "someone")
            else:
                self._cache[key] = record_title(found) or f"a {model_name(model)}"
        return self._cache[key]


def record_title(instance) -> str:
    """A record's name: its model's registered title, else its own str() if it has one, else ""."""
    wording = wording_of(type(instance))
    try:
        if wording.title is not None:
            return str(wording.title(instance))
        if type(instance).__str__ is models.Model.__str__:
            return ""
        return str(instance)
    except Exception:  # noqa: BLE001 - a related record may be gone; the sentence is still told without its name
        return ""


def value_text(model_field, value, names: _Names, wording: Wording) -> str:
    """One stored value in words, or "" for no value."""
    if model_field.name in wording.formatters:
        return "" if value in (None, "") else str(wording.formatters[model_field.name](value))
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(model_field, models.ForeignKey):
        return names.of(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(value, FinancialYear):
        return value.label
    if isinstance(model_field, models.DateTimeField) and isinstance(value, dt.datetime):
        return when_text(value)
    if isinstance(value, dt.date):
        return when_text(value)
    if isinstance(model_field, models.DecimalField):
        amount = Decimal(value)
        return money_text(amount) if model_field.decimal_places == MONEY_PLACES else number_text(amount)
    if isinstance(value, (int, Decimal)):
        return number_text(value)
    if isinstance(value, (dict, list)):
        return _quote(json.dumps(value, default=str, ensure_ascii=False))
    if isinstance(model_field, models.FileField):
        return _quote(str(value).rsplit("/", 1)[-1])
    return _quote(str(value))


def label_of(model_field, wording: Wording) -> str:
    return wording.labels.get(model_field.name) or str(model_field.verbose_name)


def record_phrase(instance, wording: Wording, model_name: str) -> str:
    title = record_title(instance)
    return f"the {model_name} {_quote(title)}" if title else f"a {model_name}"


# Sentences -------------------------------------------------------------------------------------------------------


@dataclass
class Told:
    """One history record told: its sentences, and the raw changes (field, stored old, stored new)."""

    when: dt.datetime
    who: str
    action: str  # Created, Changed, Deleted
    record: str  # "Milestone: Business case approved"
    sentences: list[str]
    raw: list[tuple[str, str, str]]


def model_name(model: type[models.Model]) -> str:
    return wording_of(model).name or str(model._meta.verbose_name)


def _clause(label: str, old: str, new: str, qualifier: str) -> str:
    if not old:
        return f"set {label}{qualifier} to {new}"
    if not new:
        return f"cleared {label}{qualifier} (it was {old})"
    return f"changed {label}{qualifier} from {old} to {new}"


def _m2m_clauses(model, change, names: _Names, label: str, qualifier: str) -> list[str]:
    m2m_field = model._meta.get_field(change.field)
    target = get_m2m_reverse_field_name(m2m_field)
    old = {row[target] for row in change.old or []}
    new = {row[target] for row in change.new or []}
    related = m2m_field.related_model
    added = sorted(names.of(related, pk) for pk in new - old)
    removed = sorted(names.of(related, pk) for pk in old - new)
    clauses = []
    if added:
        clauses.append(f"added {list_text(added)} to the {label}{qualifier}")
    if removed:
        clauses.append(f"removed {list_text(removed)} from the {label}{qualifier}")
    return clauses


def _raw(value, target: str | None = None) -> str:
    """A stored value as the database holds it (the download's raw record)."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, list):  # many-to-many rows: the related records' ids
        return ", ".join(str(row.get(target)) for row in value) or "(blank)"
    return str(value.label if isinstance(value, FinancialYear) else value)


def tell(record, viewer=None, subject: bool = False, names: _Names | None = None) -> Told:
    """One history record in words. `subject`: the record is the page's own (told as "this project")."""
    names = names or _Names(viewer)
    instance = record.instance
    model = type(instance)
    wording = wording_of(model)
    name = model_name(model)
    who = name_shown_to(viewer, record.history_user, NOBODY)
    when = when_text(record.history_date)
    reason = getattr(record, "history_change_reason", None) or ""
    because = f" ({reason})" if reason else ""
    this = f"this {name}" if subject else record_phrase(instance, wording, name)
    title = record_title(instance)
    record_name = f"{name[:1].upper()}{name[1:]}" + (f": {title}" if title else "")  # "NI 179 return", never "Ni 179"
    action = {"+": "Created", "~": "Changed", "-": "Deleted"}.get(record.history_type, record.history_type)
    if record.history_type == "+":
        return Told(record.history_date, who, action, record_name, [f"{who} created {this} on {when}{because}."], [])
    if record.history_type == "-":
        return Told(record.history_date, who, action, record_name, [f"{who} deleted {this} on {when}{because}."], [])
    previous = record.prev_record
    if previous is None:
        return Told(record.history_date, who, action, record_name, [], [])
    qualifier = ""
    if not subject:
        qualifier = wording.qualifier(instance) if wording.qualifier else f" of {this}"
    sentences, raw = change_sentences(model, record.diff_against(previous).changes, who, when, because, qualifier, names)
    return Told(record.history_date, who, action, record_name, sentences, raw)


def change_sentences(model, changes, who: str, when: str, because: str = "", qualifier: str = "",
                     names: _Names | None = None) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The sentences for a record's field changes (simple-history `ModelChange`s: stored values, foreign keys as
    ids, many-to-many as through rows), and the raw (label, old, new) of each for the download."""
    names = names or _Names(None)
    wording = wording_of(model)
    sentences, raw = [], []
    for change in changes:
        model_field = model._meta.get_field(change.field)
        target = get_m2m_reverse_field_name(model_field) if isinstance(model_field, models.ManyToManyField) else None
        raw.append((str(model_field.verbose_name), _raw(change.old, target), _raw(change.new, target)))
        if change.field in wording.hidden:
            continue
        label = label_of(model_field, wording)
        if isinstance(model_field, models.ManyToManyField):
            clauses = _m2m_clauses(model, change, names, label, qualifier)
        else:
            old = value_text(model_field, change.old, names, wording)
            new = value_text(model_field, change.new, names, wording)
            phrase = wording.phrases.get(change.field)
            clauses = [phrase(who, old, new)] if phrase else [_clause(label, old, new, qualifier)]
        for clause in clauses:  # a registered phrase is the whole sentence ("Jo Smith validated it")
            text = clause if change.field in wording.phrases else f"{who} {clause}"
            sentences.append(f"{text[:1].upper()}{text[1:]} on {when}{because}.")
    return sentences, raw


def told_history(querysets, viewer=None, limit: int = 200) -> list[Told]:
    """The records of these history querysets told, newest first. The first queryset is the page's own record."""
    records = []
    subject_pks = set()
    names = _Names(viewer)
    for position, queryset in enumerate(querysets):
        found = list(queryset.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
        if position == 0:
            subject_pks = {(type(r.instance), r.instance.pk) for r in found}
        records.extend(found)
    records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    single_subject = len(subject_pks) == 1
    return [tell(r, viewer, subject=single_subject and (type(r.instance), r.instance.pk) in subject_pks, names=names)
            for r in records[:limit]]
