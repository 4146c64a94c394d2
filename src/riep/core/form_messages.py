"""Error messages that name their field and say what to do (GOV.UK error message guidance), for every form.

Django's own messages ("This field is required.", "Enter a valid “slug” consisting of…", "Select a valid choice")
do not say which field they belong to, so an empty submit shows a column of identical lines. The platform's form
renderer (`riep.core.forms.GovukFormRenderer`) binds every field with `GovukBoundField`, which — before the form is
cleaned — swaps each message the form left at Django's default for one built from the field's label:
"Enter the short code", "Select the lead council", "Short code must only include letters, numbers and hyphens".
Messages a form sets itself are kept. It also drops the "---------" placeholder from radio buttons (a radio
group needs no empty choice: nothing ticked is the empty answer) and words a select's empty choice.
"""
from __future__ import annotations

import re

from django import forms
from django.core import validators as django_validators
from django.forms.boundfield import BoundField

QUESTION_WORDS = ("what", "how", "why", "when", "where", "which", "who", "whether", "is ", "does ", "do ", "are ")
BLANK = "---------"


def the(label: str) -> str:
    """'Short code' → 'the short code'; 'NI 179 return' → 'the NI 179 return'; a question → itself in lower case."""
    label = str(label).strip().rstrip("?:").strip()
    if not label:
        return "this"
    if label.lower().startswith(QUESTION_WORDS):
        return label[:1].lower() + label[1:]
    keep_case = len(label) > 1 and label[1].isupper()  # an acronym: NI, GSS, CSV
    first = label if keep_case else label[:1].lower() + label[1:]
    return first if first.lower().startswith(("the ", "your ", "a ", "an ")) else f"the {first}"


def sentence(label: str) -> str:
    """The label as the start of a sentence: 'Short code', 'NI 179 return'."""
    label = str(label).strip().rstrip("?:").strip() or "This field"
    return label[:1].upper() + label[1:]


def _chooses(field) -> bool:
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField))


def _django_defaults(field) -> dict:
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return {code: str(message) for code, message in defaults.items()}


def human_messages(field, label: str) -> dict:
    """The messages for a field with this label, by Django's error code."""
    name, subject = the(label), sentence(label)
    if isinstance(field, forms.FileField):
        name = the(re.sub(r"\s*\([^)]*\)", "", str(label)))  # "Spend file (CSV or XLSX)": the brackets are a hint
        required = ("Select a file to upload" if name == "the file" else f"Select {name}" if "file" in name
                    else f"Select a file for {name}")
    elif isinstance(field, forms.BooleanField):
        required = f"Select {name} to continue"
    elif _chooses(field):
        required = f"Select {name}"
    else:
        required = f"Enter {name}"
    return {
        "required": required,
        "invalid_choice": f"Select {name} from the list",
        "invalid_list": f"Select {name} from the list",
        "invalid_pk_value": f"Select {name} from the list",
        "invalid_date": f"{subject} must be a real date, like 01/04/2009",
        "invalid": (f"{subject} must be a real date, like 01/04/2009" if isinstance(field, forms.DateField)
                    else f"{subject} must be a number" if isinstance(field, (forms.IntegerField, forms.DecimalField,
                                                                              forms.FloatField))
                    else f"Enter {name} in the correct format"),
        "max_value": f"{subject} must be %(limit_value)s or less",
        "min_value": f"{subject} must be %(limit_value)s or more",
        "max_digits": f"{subject} must be no more than %(max)s digits",
        "max_decimal_places": f"{subject} must have no more than %(max)s decimal places",
        "max_whole_digits": f"{subject} must have no more than %(max)s digits before the decimal point",
        "missing": f"Select {name}",
        "empty": "The selected file is empty",
        "contradiction": f"Either select a file for {name} or tick clear, not both",
    }


def _human_validator(validator, label: str):
    """Django's built-in validators, worded for this field; anything else is kept as it is."""
    subject = sentence(label)
    if validator is django_validators.validate_slug or (
            isinstance(validator, django_validators.RegexValidator) and validator.code == "invalid"
            and getattr(validator, "regex", None) is not None
            and validator.regex.pattern == django_validators.slug_re.pattern):
        return django_validators.RegexValidator(
            django_validators.slug_re, f"{subject} must only include letters, numbers, hyphens and underscores", "invalid")
    if isinstance(validator, django_validators.EmailValidator):
        return django_validators.EmailValidator(f"Enter {the(label)} in the correct format, like name@example.com")
    if isinstance(validator, django_validators.MaxLengthValidator) and type(validator) is django_validators.MaxLengthValidator:
        return django_validators.MaxLengthValidator(validator.limit_value,
                                                    f"{subject} must be %(limit_value)d characters or fewer")
    if isinstance(validator, django_validators.MinLengthValidator) and type(validator) is django_validators.MinLengthValidator:
        return django_validators.MinLengthValidator(validator.limit_value,
                                                    f"{subject} must be %(limit_value)d characters or more")
    if isinstance(validator, django_validators.URLValidator):
        return django_validators.URLValidator(message=f"Enter {the(label)} as a web address, like https://www.example.org")
    return validator


def speak_human(field, label: str) -> None:
    """Rewords, in place, the messages this (form-owned) field left at Django's defaults."""
    if getattr(field, "_riep_worded", False):
        return
    if field.label is None:  # fields that word their own messages (riep.core.forms.NumberField) read it
        field.label = label
    defaults, human = _django_defaults(field), human_messages(field, label)
    for code, message in list(field.error_messages.items()):
        if code in human and str(message) == defaults.get(code):
            field.error_messages[code] = human[code]
    field.validators = [_human_validator(v, label) for v in field.validators]
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = list(field.choices)
        if isinstance(field.widget, forms.RadioSelect):
            field.choices = [c for c in choices if c[0] not in ("", None)]
        elif any(c[0] == "" and c[1] == BLANK for c in choices):
            field.choices = [("", f"Choose {the(label)}") if c[0] == "" and c[1] == BLANK else c for c in choices]
    elif isinstance(field, forms.ModelChoiceField) and field.empty_label == BLANK:
        field.empty_label = None if isinstance(field.widget, forms.RadioSelect) else f"Choose {the(label)}"
    field._riep_worded = True


class GovukBoundField(BoundField):
    """A bound field whose messages name it (see the module docstring)."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        speak_human(field, self.label)
