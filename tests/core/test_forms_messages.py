"""Meta-test: every form in the platform, submitted empty, shows only messages that name their field (GOV.UK error
message guidance: "Enter the project code", not "This field is required."), and no radio group offers a
"---------" placeholder."""
import re

import pytest
from django import forms

from tests.conftest import _demo
from tests.core.test_forms_numbers import _factories, _form_classes

demo = pytest.fixture(scope="module", name="demo")(_demo)
pytestmark = pytest.mark.usefixtures("demo")

DJANGO_WORDS = ("This field is required", "Select a valid choice", "Enter a valid", "Ensure this value", "---------")


STOP = {"the", "a", "an", "of", "your", "this", "what", "how", "which", "is", "are", "do", "does", "for", "to"}


def _words(text: str) -> list[str]:
    text = re.sub(r"\([^)]*\)", "", str(text))  # "Spend file (CSV or XLSX)": the parenthesis is a hint
    return re.sub(r"[^\w£ ]", " ", text).casefold().split()


def _names_field(message: str, label: str) -> bool:
    """The message names the field: its label, or the label's first significant word (singular or plural)."""
    words = [w for w in _words(label) if w not in STOP]
    said = " ".join(_words(message))
    return bool(words) and (" ".join(words) in said or words[0].rstrip("s") in said)


def _forms():
    factories = _factories()
    for name, cls in _form_classes():
        kwargs, _ = factories[name]()
        yield name, cls(data={}, files={}, **kwargs)


def test_an_empty_submit_of_every_form_names_each_field_in_its_messages(db):
    problems = []
    walked = 0
    for name, form in _forms():
        walked += 1
        form.is_valid()
        for field_name, errors in form.errors.items():
            if field_name == "__all__":
                continue
            label = form[field_name].label
            for message in errors:
                if any(word in message for word in DJANGO_WORDS) or not _names_field(message, label):
                    problems.append(f"{name}.{field_name} ({label}): {message}")
    assert walked >= 40
    assert problems == [], "\n".join(problems)


def test_no_radio_group_offers_a_placeholder_choice(db):
    for name, form in _forms():
        for bound in form:
            if isinstance(bound.field.widget, forms.RadioSelect):
                assert all(str(option.data["value"]) != "" for option in bound), (name, bound.name)
                assert "---------" not in str(bound), (name, bound.name)


def test_the_project_form_words_its_own_messages(db):
    from riep.portfolio.forms import ProjectForm
    from riep.registry.models import Partnership

    form = ProjectForm({"code": "Bad code!"}, partnerships=Partnership.objects.filter(code="EE"))
    assert not form.is_valid()
    assert form.errors["name"] == ["Enter the project name"]
    assert form.errors["code"] == ["Project code must only include lower case letters, numbers and hyphens"]
    assert form.errors["lead_council"] == ["Select the lead council"]
    assert form.errors["funding_period"] == ["Select the funding period"]
