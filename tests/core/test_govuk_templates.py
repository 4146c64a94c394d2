"""Our GOV.UK templates against the upstream component fixtures of the pinned govuk-frontend.

We render components with Django templates rather than the Nunjucks macros, so each rendering is compared
with the fixture's markup: the same elements in the same order, each with at least the fixture's classes,
and the same ARIA wiring (role, aria-describedby pointing at the hint and the error message).
"""
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from riep.core.tables import MONEY, Column, Table

FIXTURES = json.loads((Path(__file__).parent / "govuk_fixtures.json").read_text(encoding="utf-8"))["fixtures"]
STRUCTURAL = {"div", "fieldset", "legend", "label", "p", "span", "input", "select", "textarea", "h2", "ul", "li", "a",
              "table", "caption", "thead", "tbody", "tr", "th", "td"}


class Skeleton(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        if tag not in STRUCTURAL:
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        self.elements.append({"tag": tag, "classes": classes, "role": attrs.get("role"),
                              "describedby": len((attrs.get("aria-describedby") or "").split())})


def skeleton(html):
    parser = Skeleton()
    parser.feed(html)
    return parser.elements


def assert_matches_fixture(ours, fixture_name, ignore_tags=()):
    expected = [e for e in skeleton(FIXTURES[fixture_name]) if e["tag"] not in ignore_tags]
    actual = [e for e in skeleton(ours) if e["tag"] not in ignore_tags]
    assert [e["tag"] for e in actual] == [e["tag"] for e in expected], fixture_name
    for mine, theirs in zip(actual, expected):
        assert theirs["classes"] <= mine["classes"], (fixture_name, mine, theirs)
        assert mine["role"] == theirs["role"] and mine["describedby"] == theirs["describedby"], (fixture_name, mine, theirs)


class ExampleForm(forms.Form):
    ni_number = forms.CharField(label="National insurance number", help_text="It's on your National Insurance card")
    changed = forms.ChoiceField(label="Have you changed your name?", choices=[("yes", "Yes"), ("no", "No")],
                                widget=forms.RadioSelect, help_text="This includes changing your last name")
    country = forms.ChoiceField(label="Country", choices=[("", "Choose"), ("en", "England")], help_text="Where you live")
    notes = forms.CharField(label="More detail", widget=forms.Textarea, help_text="Do not include personal information")


@pytest.fixture
def invalid_form():
    form = ExampleForm({"ni_number": "", "changed": "", "country": "", "notes": ""})
    assert not form.is_valid()
    return form


def _field(form, name):
    return Template('{% include "govuk/field.html" %}').render(Context({"field": form[name]}))


@pytest.mark.parametrize("name, fixture", [
    ("ni_number", "input/with error and hint"),
    ("country", "select/with hint text and error message"),
    ("notes", "textarea/with hint and error message"),
])
def test_fields_match_the_fixtures(invalid_form, name, fixture):
    assert_matches_fixture(_field(invalid_form, name), fixture, ignore_tags={"option"})


def test_radios_match_the_fixture(invalid_form):
    form = ExampleForm({"changed": ""})
    form.fields["changed"].choices = [("yes", "Yes"), ("no", "No")]
    form.is_valid()
    assert_matches_fixture(_field(form, "changed"), "radios/with hint and error message")


def test_error_summary_matches_the_fixture():
    form = ExampleForm({"ni_number": "", "changed": "yes", "country": "en", "notes": ""})
    form.is_valid()
    html = Template('{% include "govuk/error_summary.html" %}').render(Context({"form": form}))
    assert_matches_fixture(html, "error-summary/default")


def test_table_matches_the_fixture_with_caption():
    """The fixture's own table (caption, head, row headers, numeric columns) rendered through our Table."""
    table = Table("t", "Caption 1: Months and rates", [
        Column("month", "Month you apply"), Column("bicycles", "Rate for bicycles", MONEY),
        Column("vehicles", "Rate for vehicles", MONEY)],
        [{"month": m, "bicycles": b, "vehicles": v} for m, b, v in (("January", 85, 95), ("February", 75, 55), ("March", 165, 125))])
    html = Template("{% govuk_table table False %}").render(Context({"table": table, "request": RequestFactory().get("/")}))
    ours = html[html.index("<table"):html.index("</table>") + 8]
    assert_matches_fixture(ours, "table/with head and caption")
    for text in ("January", "£85", "£165", 'scope="row"', 'scope="col"'):
        assert text in ours
