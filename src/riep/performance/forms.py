"""The toolkit's forms: importing values, commentary, and entry of targets, local indicators, priority outcomes,
resources, the self-assessment and its action plan. Every message names its field, so the error summary reads on
its own."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import PurePath

from django import forms

from riep.core.forms import FinancialYearFormField, MoneyField, NumberField, UploadField, WholeNumberField
from riep.core.fy import FinancialYear
from riep.performance.calc.periods import CALENDAR_YEAR, parse_period
from riep.performance.calc.rag import target_contradicts_polarity
from riep.performance.models import (
    ActionStatus,
    Frequency,
    Indicator,
    Outcome,
    Polarity,
    PriorityOutcome,
    Rating,
    ResourceDirection,
    ToleranceKind,
)

MAX_BYTES = 10 * 1024 * 1024


class ImportForm(forms.Form):
    file = UploadField(label="File of indicator values (CSV or XLSX)",
                           help_text="The platform's layout or LG Inform's long export. Up to 10 MB.",
                           error_messages={"required": "Choose a CSV or XLSX file to import"})
    indicator = forms.CharField(required=False, max_length=40, label="Indicator (only for a single-metric file)",
                                help_text="For an LG Inform export without a metric column: the indicator, such as NI55.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be 10 MB or smaller")
        if PurePath(upload.name or "").suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError("The file must be a CSV or XLSX file")
        return upload


class CommentaryForm(forms.Form):
    text = forms.CharField(label="What is being done about it", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Say what is being done about this measure"})


VALUE_DIGITS, VALUE_PLACES = 18, 4
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


class PeriodField(forms.CharField):
    """A year as the indicator is published: a financial year (riep.core.fy) or a calendar year. The error names
    the field."""

    def __init__(self, *, kind: str, **kwargs):
        self.kind = kind
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        try:
            if self.kind == CALENDAR_YEAR:
                return parse_period(value, CALENDAR_YEAR)
            return str(FinancialYearFormField().to_python(value))
        except (ValueError, forms.ValidationError) as error:
            text = error.messages[0] if isinstance(error, forms.ValidationError) else str(error)
            raise forms.ValidationError(f"{self.label}: {text}", code="invalid") from None


def _value_field(ind: Indicator, label: str, *, required: bool = False) -> NumberField:
    """A figure in the indicator's unit: at most 100 for a percentage, not negative unless the indicator can be."""
    upper = Decimal(100) if ind.is_percentage else None
    lower = None if ind.negative_allowed else Decimal(0)
    messages = {"max_value": f"{label} is a percentage ({ind.code} is measured in %): it must be at most 100"} if upper \
        else {}
    if lower is not None:
        messages["min_value"] = f"{label} must not be negative: {ind.code} cannot be"
    return NumberField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, min_value=lower, max_value=upper,
                       label=label, required=required, error_messages=messages, example="12 or 10.5")


class TargetForm(forms.Form):
    """One year's target for one council on one indicator, with its baseline and tolerance band."""

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = ind = indicator
        calendar = ind.frequency == Frequency.CALENDAR_YEAR
        example = "2010" if calendar else "2010-11"
        self.fields["period"] = PeriodField(kind=CALENDAR_YEAR if calendar else "financial_year", label="Year of the target",
                                            help_text=f"For example, {example}",
                                            error_messages={"required": "Enter the year of the target"})
        self.fields["target"] = _value_field(ind, "Target", required=True)
        self.fields["stretch"] = forms.BooleanField(required=False, label="Stretch target (carries reward grant)")
        self.fields["expected"] = _value_field(ind, "Performance expected without the agreement")
        self.fields["expected"].help_text = "For a stretch target: what the council would achieve anyway."
        self.fields["baseline"] = _value_field(ind, "Baseline")
        self.fields["baseline_period"] = PeriodField(kind=CALENDAR_YEAR if calendar else "financial_year",
                                                     label="Year of the baseline", required=False,
                                                     help_text=f"For example, {'2007' if calendar else '2007-08'}")
        self.fields["tolerance"] = NumberField(max_digits=12, decimal_places=4, min_value=Decimal(0), required=False,
                                               label="Tolerance", help_text="How far short of the target is still amber.")
        self.fields["tolerance_kind"] = forms.ChoiceField(
            choices=ToleranceKind.choices, initial=ToleranceKind.ABSOLUTE, widget=forms.RadioSelect,
            label="The tolerance is", error_messages={"required": "Choose what the tolerance is measured in"})

    def clean(self):
        data = super().clean()
        ind = self.indicator
        if ind.polarity not in (Polarity.HIGHER, Polarity.LOWER):
            self.add_error(None, f"{ind.code} has no better direction (it is context), so it takes no target")
            return data
        target, baseline, expected = data.get("target"), data.get("baseline"), data.get("expected")
        better = "higher" if ind.polarity == Polarity.HIGHER else "lower"
        if target is not None and baseline is not None and target_contradicts_polarity(baseline, target, ind.polarity):
            self.add_error("target", f"Target is worse than the baseline of {baseline.normalize():f}: for {ind.code} "
                                     f"{better} is better, so the target contradicts the indicator's polarity")
        if (baseline is None) != (not data.get("baseline_period")) and "baseline_period" not in self.errors:
            self.add_error("baseline_period" if baseline is not None else "baseline",
                           "Year of the baseline: give the baseline and its year together")
        if data.get("baseline_period") and data.get("period") and data["baseline_period"][:4] >= data["period"][:4]:
            self.add_error("baseline_period", "Year of the baseline must come before the year of the target")
        if expected is not None and not data.get("stretch"):
            self.add_error("expected", "Performance expected without the agreement is for stretch targets only: tick "
                                       "‘Stretch target’ or leave it empty")
        if expected is not None and target is not None and data.get("stretch") and \
                not (target > expected if ind.polarity == Polarity.HIGHER else target < expected):
            self.add_error("target", f"Target must be better than the performance expected without the agreement "
                                     f"({expected.normalize():f}): for {ind.code} {better} is better")
        if data.get("tolerance") is None:
            data["tolerance"] = Decimal(0)
        return data


KEY_TEXT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")


class LocalIndicatorForm(forms.Form):
    """A partnership's own indicator, defined as the catalogue's are."""

    code = forms.CharField(max_length=20, label="Short code", help_text="For example, L1. Letters, digits, spaces, "
                           "dots and hyphens.", error_messages={"required": "Enter a short code"})
    name = forms.CharField(max_length=300, label="Name", error_messages={"required": "Enter the indicator's name"})
    definition = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, label="Definition",
                                 help_text="What is counted, and how.",
                                 error_messages={"required": "Enter the indicator's definition"})
    unit = forms.CharField(max_length=40, label="Unit", help_text="% for a percentage (then values are 0 to 100), or "
                           "a unit such as ‘per 1,000 girls aged 15 to 17’ or ‘£’.",
                           error_messages={"required": "Enter the unit"})
    polarity = forms.ChoiceField(choices=Polarity.choices, widget=forms.RadioSelect, label="Which direction is better",
                                 error_messages={"required": "Choose which direction is better"})
    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect, label="How often it is measured",
                                  error_messages={"required": "Choose how often it is measured"})
    decimals = WholeNumberField(min_value=0, max_value=4, label="Decimal places shown", initial=1,
                                error_messages={"required": "Enter how many decimal places to show"})
    negative_allowed = forms.BooleanField(required=False, label="Values can be negative (a change from a baseline)")
    source = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="Source",
                             help_text="Publisher, dataset and licence.", error_messages={"required": "Enter the source"})
    geography = forms.CharField(max_length=100, label="Published for", help_text="For example, ‘upper-tier councils’.",
                                error_messages={"required": "Enter the geography it is published for"})
    outcome = forms.ModelChoiceField(queryset=Outcome.objects.none(), required=False, label="Outcome it serves",
                                     empty_label="None")

    def __init__(self, *args, partnership, indicator: Indicator | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership, self.indicator = partnership, indicator
        own = Outcome.objects.filter(partnership__isnull=True) | Outcome.objects.filter(partnership=partnership)
        self.fields["outcome"].queryset = own.order_by("name")

    def clean_code(self):
        code = " ".join(self.cleaned_data["code"].split())
        if not KEY_TEXT.match(code):
            raise forms.ValidationError("Short code must use only letters, digits, spaces, dots and hyphens")
        others = Indicator.objects.exclude(pk=self.indicator.pk if self.indicator else None)
        key = local_key(self.partnership, code)
        # The importer finds an indicator by its key or its code, so neither may match another's key or code.
        if any(others.filter(**{f"{field}__iexact": text}).exists() for field in ("code", "key") for text in (code, key)):
            raise forms.ValidationError(f"Short code ‘{code}’ is already used by another indicator: choose another")
        return code


def local_key(partnership, code: str) -> str:
    """EE + "L 1" → "EE-L1": the local indicator's key, in its URLs and in import files."""
    return f"{partnership.code}-{re.sub(r'[^A-Za-z0-9]+', '', code)}"[:40]


class PriorityOutcomeForm(forms.Form):
    """A priority outcome for the partnership: one of the catalogue's, or one of its own."""

    outcome = forms.ModelChoiceField(queryset=Outcome.objects.none(), required=False, label="Outcome",
                                     empty_label="A new outcome of the partnership's own (name it below)")
    name = forms.CharField(max_length=200, required=False, label="Name of the new outcome",
                           help_text="Only for an outcome of the partnership's own.")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False,
                                  label="What the new outcome means")
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False,
                                label="What the partnership agreed to deliver")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        taken = partnership_priorities(partnership)
        catalogue = Outcome.objects.filter(partnership__isnull=True) | Outcome.objects.filter(partnership=partnership)
        self.fields["outcome"].queryset = catalogue.exclude(pk__in=taken).order_by("-whitehall_priority", "name")

    def clean(self):
        data = super().clean()
        if data.get("outcome") is None and not data.get("name", "").strip() and "outcome" not in self.errors:
            self.add_error("name", "Name of the new outcome: enter it, or choose one of the outcomes above")
        elif data.get("outcome") is not None and data.get("name", "").strip():
            self.add_error("name", "Name of the new outcome: leave it empty when you choose an outcome above")
        elif data.get("name") and Outcome.objects.filter(name__iexact=data["name"].strip()).filter(
                partnership__isnull=True).exists():
            self.add_error("name", f"Name of the new outcome: ‘{data['name'].strip()}’ is in the catalogue already: "
                                   "choose it above")
        return data


class PriorityChangeForm(forms.Form):
    """Changing a priority: what the partnership agreed; an outcome of its own also its name and meaning."""

    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False,
                                label="What the partnership agreed to deliver")

    def __init__(self, *args, own_outcome: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if own_outcome:
            self.fields["name"] = forms.CharField(max_length=200, label="Name of the outcome",
                                                  help_text="Its page keeps its address.",
                                                  error_messages={"required": "Name of the outcome: enter it"})
            self.fields["description"] = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                                                         required=False, label="What the outcome means")


def partnership_priorities(partnership):
    return PriorityOutcome.objects.filter(partnership=partnership).values("outcome_id")


class ProjectsForm(forms.Form):
    projects = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
                                              label="Projects serving this outcome",
                                              help_text="The partnership's own projects. Untick a project to unlink it.")

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects


class ResourceForm(forms.Form):
    direction = forms.ChoiceField(choices=ResourceDirection.choices, widget=forms.RadioSelect, label="Requested or offered",
                                  error_messages={"required": "Choose whether the resource is requested or offered"})
    description = forms.CharField(max_length=300, label="What is requested or offered", help_text="For example, pooled funding from the lead "
                                  "department, or a named civil servant.",
                                  error_messages={"required": "Enter what is requested or offered"})
    amount = MoneyField(required=False, label="Amount", help_text="In pounds. Leave empty for support in kind.")
    status = forms.CharField(max_length=60, required=False, label="Status", help_text="For example, under discussion.")


class AssessmentYearForm(forms.Form):
    year = PeriodField(kind="financial_year", label="Financial year", help_text="For example, 2011-12",
                       error_messages={"required": "Enter the financial year"})

    def clean_year(self):
        return FinancialYear.parse(self.cleaned_data["year"])


class AnswersForm(forms.Form):
    """Every question of the set: a rating (or none yet) and its evidence."""

    completed = forms.BooleanField(required=False, label="Every question is answered: mark the self-assessment completed")

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        choices = [("", "Not answered yet")] + list(Rating.choices)
        for q in questions:
            self.fields[f"rating_{q['key']}"] = forms.ChoiceField(choices=choices, required=False, label=q["text"],
                                                                  widget=forms.RadioSelect)
            self.fields[f"evidence_{q['key']}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000,
                label=f"Evidence: {q['text']}")

    def clean(self):
        data = super().clean()
        for n, q in enumerate(self.questions, 1):
            rating, evidence = data.get(f"rating_{q['key']}"), (data.get(f"evidence_{q['key']}") or "").strip()
            if rating and not evidence:
                self.add_error(f"evidence_{q['key']}", f"Evidence for question {n}: say what shows it is {rating}")
            elif evidence and not rating:
                self.add_error(f"rating_{q['key']}", f"Rating for question {n}: choose green, amber or red for the "
                                                     "evidence given")
            elif data.get("completed") and not rating:
                self.add_error(f"rating_{q['key']}", f"Rating for question {n}: answer it before marking the "
                                                     "self-assessment completed")
        return data

    def grouped(self):
        """The fields by element, for the page's headings."""
        out = {}
        for q in self.questions:
            out.setdefault(q["element_name"], []).append((self[f"rating_{q['key']}"], self[f"evidence_{q['key']}"]))
        return list(out.items())


class ActionForm(forms.Form):
    question = forms.ChoiceField(choices=(), label="Question it answers",
                                 error_messages={"required": "Choose the question the action answers"})
    action = forms.CharField(max_length=300, label="Action", error_messages={"required": "Enter the action"})
    owner = forms.CharField(max_length=120, label="Owner", help_text="A role or a name, such as ‘Programme director’.",
                            error_messages={"required": "Enter the action's owner: who will see it done"})
    due_on = forms.DateField(input_formats=DATE_FORMATS, label="Due date", help_text="For example, 31/03/2011",
                             error_messages={"required": "Enter the due date",
                                             "invalid": "Due date must be a real date, like 31/03/2011"})
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect, label="Status",
                               initial=ActionStatus.NOT_STARTED, error_messages={"required": "Choose the status"})

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "Choose a question")] + [
            (q["key"], f"{q['element_name']}: {q['text']}") for q in questions]

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if not dt.date(2000, 1, 1) <= due <= dt.date(2100, 12, 31):
            raise forms.ValidationError("Due date must be between 2000 and 2100")
        return due
