"""Choosing one from hundreds (councils): a searchable picker that works without JavaScript and improves with it.

Without JavaScript it is a plain `<select>` whose options come in two groups — the person's own (their
partnership's councils) first, then every other in alphabetical order — so the browser's type-to-find works and
the likely choice is near the top. With JavaScript, GOV.UK's accessible-autocomplete (vendored under
static/accessible-autocomplete, MIT licence) turns it into a text box that suggests as you type. A multiple choice
stays a `<select multiple>` (the autocomplete chooses one), grouped the same way and tall enough to scroll.

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


def make_picker(field: forms.ModelChoiceField, first=(), first_label="Your partnership's councils",
                rest_label="Other councils") -> forms.ModelChoiceField:
    """Groups the field's choices (see `group_choices`) and marks a single choice for the autocomplete."""
    group_choices(field, first, first_label, rest_label)
    if isinstance(field, forms.ModelMultipleChoiceField):
        field.widget.attrs.setdefault("size", 12)
    else:
        field.widget.attrs["data-module"] = PICKER
    return field
