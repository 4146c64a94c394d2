"""Choosing one from hundreds (councils): a searchable picker that works without JavaScript and improves with it.

Without JavaScript it is a plain `<select>` whose options come in two groups — the person's own (their
partnership's councils) first, then every other in alphabetical order — so the browser's type-to-find works and
the likely choice is near the top. With JavaScript, GOV.UK's accessible-autocomplete (vendored under
static/accessible-autocomplete, MIT licence) turns it into a text box that suggests as you type. A multiple choice
is checkboxes (a `<select multiple>` needs Ctrl-click, which many people never find): the person's own councils
shown, every other in a GOV.UK details element that opens on a click, with or without JavaScript
(`make_checkbox_picker`, rendered by govuk/field.html).

Core knows no registry: the caller says which choices are the person's own (`first`), for example
`riep.registry.scope.councils_of_partnerships(...)`.
"""
from __future__ import annotations

from django import forms

PICKER = "riep-picker"  # the data-module the page's script enhances


def _label(field, obj) -> str:
    return field.label_from_instance(obj)


def group_choices(field: forms.ModelChoiceField, first, first_label: str, rest_label: str) -> None:
    """Shows the field's choices in two groups: `first` (a queryset or ids) then the rest, each by name. What the
    field accepts is still its queryset."""
    first_ids = set(first.values_list("pk", flat=True)) if hasattr(first, "values_list") else set(first)
    mine, others = [], []
    for obj in field.queryset:
        (mine if obj.pk in first_ids else others).append((obj.pk, _label(field, obj)))
    mine.sort(key=lambda c: c[1].casefold())
    others.sort(key=lambda c: c[1].casefold())
    grouped = [(first_label, mine), (rest_label, others)] if mine else [(rest_label, others)]
    if not isinstance(field, forms.ModelMultipleChoiceField) and field.empty_label is not None:
        grouped.insert(0, ("", field.empty_label if field.empty_label != "---------" else ""))
    field.choices = grouped


FIRST_LABEL, REST_LABEL = "Your partnership's councils", "Other councils"


def make_picker(field: forms.ModelChoiceField, first=(), first_label=FIRST_LABEL,
                rest_label=REST_LABEL) -> forms.ModelChoiceField:
    """Groups the field's choices (see `group_choices`) and marks a single choice for the autocomplete; a multiple
    choice becomes grouped checkboxes (`make_checkbox_picker`)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return make_checkbox_picker(field, first, first_label, rest_label)
    group_choices(field, first, first_label, rest_label)
    field.widget.attrs["data-module"] = PICKER
    return field


def make_checkbox_picker(field: forms.ModelMultipleChoiceField, first=(), first_label=FIRST_LABEL,
                         rest_label=REST_LABEL) -> forms.ModelMultipleChoiceField:
    """Checkboxes in two groups: `first` shown, the rest folded in a details element (open when one of them is
    ticked). Works the same with JavaScript off."""
    field.widget = forms.CheckboxSelectMultiple(attrs={"data-grouped": "folded"})
    group_choices(field, first, first_label, rest_label)
    return field


def checkbox_groups(bound_field) -> list[dict]:
    """The groups of a grouped checkbox field as the template shows them: label, options (each with id, value,
    label, selected), whether folded away (every group after the first) and whether one of its boxes is ticked."""
    widget = bound_field.field.widget
    attrs = widget.build_attrs(widget.attrs, {"id": bound_field.auto_id})
    groups = widget.optgroups(bound_field.html_name, widget.format_value(bound_field.value()), attrs)
    shown = []
    for position, (label, options, _) in enumerate(groups):
        shown.append({"label": label or "", "folded": position > 0 or len(groups) == 1,  # one group: none is the person's own
                      "ticked": any(o["selected"] for o in options),
                      "options": [{"id": o["attrs"]["id"], "value": o["value"], "label": o["label"],
                                   "selected": o["selected"]} for o in options]})
    return shown
