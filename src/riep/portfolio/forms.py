import datetime as dt
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from riep.core.forms import MoneyField
from riep.core.pickers import make_picker
from riep.portfolio.models import ConfidenceAssessment, FundingSource, Milestone, Programme, Project
from riep.registry import scope
from riep.registry.models import FundingPeriod, Organisation, Partnership

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 01/04/2009"


class UkDateField(forms.DateField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs.setdefault("error_messages", {"invalid": "Enter a real date, for example 01/04/2009"})
        super().__init__(*args, **kwargs)


def _councils():
    return Organisation.objects.councils().select_related("region").order_by("name")


def council_picker(field, partnerships) -> None:
    """Every council may be chosen; the councils of the person's partnerships come first (`riep.core.pickers`)."""
    field.queryset = _councils()
    make_picker(field, scope.councils_of_partnerships(partnerships) if partnerships is not None else ())


def period_choice(period) -> str:
    """The funding-period choice ProjectForm takes for a period: partnerships each hold their own copy of a shared
    period, so the form offers (and is sent) the period's name and years, not one partnership's row id."""
    return f"{period.name}|{period.first_year.start_year}|{period.last_year.start_year}"


_period_key = period_choice


class ProjectForm(forms.ModelForm):
    """The full project form for partnership staff: only their partnerships, their programmes and funding periods
    (each period once, however many partnerships share it), councils of their partnerships first."""

    start_date = UkDateField(required=False)
    end_date = UkDateField(required=False)
    funding_period = forms.ChoiceField(label="Funding period")

    class Meta:
        model = Project
        fields = ["name", "code", "partnership", "programme", "funding_period", "theme", "lead_council",
                  "participating_councils", "description", "status", "start_date", "end_date", "illustrative"]
        labels = {"name": "Project name", "code": "Project code", "lead_council": "Lead council",
                  "participating_councils": "Other participating councils"}
        help_texts = {"code": "Lower case letters, numbers and hyphens; used in web addresses. For example, ee-aspire2perform"}
        error_messages = {"code": {"unique": "A project with this code already exists: choose another code"}}

    def __init__(self, *args, partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partnerships is None:
            partnerships = Partnership.objects.filter(pk=self.instance.partnership_id) if self.instance.pk else Partnership.objects.none()
        self.partnerships = partnerships
        self.fields["partnership"].queryset = partnerships
        self.fields["programme"].queryset = Programme.objects.filter(partnership__in=partnerships).order_by("name")
        self.fields["programme"].empty_label = "No programme"
        self.fields["code"].validators = [RegexValidator(
            r"^[a-z0-9]+(-[a-z0-9]+)*$", "Project code must only include lower case letters, numbers and hyphens")]
        self.periods = list(FundingPeriod.objects.filter(partnership__in=partnerships).order_by("first_year", "name"))
        choices = {}
        for period in self.periods:
            choices.setdefault(_period_key(period), str(period))
        self.fields["funding_period"].choices = [("", "Choose the funding period"), *choices.items()]
        if self.instance.pk and self.instance.funding_period_id:
            self.initial["funding_period"] = _period_key(self.instance.funding_period)
        council_picker(self.fields["lead_council"], partnerships)
        council_picker(self.fields["participating_councils"], partnerships)
        self.fields["participating_councils"].required = False
        self.fields["participating_councils"].help_text = (
            "The lead council is counted as participating: tick only the others.")
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.initial["participating_councils"] = [
                pk for pk in self.instance.participating_councils.values_list("pk", flat=True)
                if pk != self.instance.lead_council_id]

    def clean(self):
        data = super().clean()
        key, partnership = data.get("funding_period"), data.get("partnership")
        if key and partnership:
            period = next((p for p in self.periods if _period_key(p) == key and p.partnership_id == partnership.pk), None)
            if period is None:
                self.add_error("funding_period", f"Choose a funding period of {partnership.name}")
            data["funding_period"] = period
            self.instance.funding_period = period
        elif key:  # the partnership is missing (its own message says so): any period of that name will do for now
            data["funding_period"] = next((p for p in self.periods if _period_key(p) == key), None)
        period = data.get("funding_period")
        if period:
            self._check_dates_within(period, data.get("start_date"), data.get("end_date"))
        lead = data.get("lead_council")
        if lead is not None:
            others = [c for c in data.get("participating_councils") or [] if c.pk != lead.pk]
            data["participating_councils"] = [lead, *others]
        return data

    def _check_dates_within(self, period, start, end) -> None:
        """A project runs within its funding period, and its milestones within the project's own dates (a date
        changed here must not leave a milestone outside them: the message names the milestone to move first)."""
        first, last = period.first_year.first_day, period.last_year.last_day
        span = f"{_uk(first)} and {_uk(last)}, the dates of its funding period ({period.first_year} to {period.last_year})"
        for name, day, label in (("start_date", start, "Start date"), ("end_date", end, "End date")):
            if day and not first <= day <= last:
                self.add_error(name, f"{label} must be between {span}")
        if not self.instance.pk or self.errors.get("start_date") or self.errors.get("end_date"):
            return
        dated = [(min(m.due_on, m.completed_on or m.due_on), max(m.due_on, m.completed_on or m.due_on), m.title)
                 for m in self.instance.milestones.all()]
        earliest = min(dated, default=None)
        latest = max(dated, key=lambda d: d[1], default=None)
        # With no date of its own, the project's milestones must fall within the (perhaps newly chosen) period.
        if earliest and earliest[0] < (start or first):
            field, words = ("start_date", "Start date must be") if start else ("funding_period", "Funding period must begin")
            self.add_error(field, f"{words} on or before {_uk(earliest[0])}, the date of the milestone ‘{earliest[2]}’: "
                                  "change the milestone first")
        if latest and latest[1] > (end or last):
            field, words = ("end_date", "End date must be") if end else ("funding_period", "Funding period must end")
            self.add_error(field, f"{words} on or after {_uk(latest[1])}, the date of the milestone ‘{latest[2]}’: "
                                  "change the milestone first")


class CouncilOfficerProjectForm(forms.ModelForm):
    """Council officers update their council's part: progress, not the project's set-up."""

    class Meta:
        model = Project
        fields = ["description", "status"]


class FundingSourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["kind", "contributor", "description"]
        labels = {"kind": "Kind of funding", "contributor": "Contributing council"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance.project if self.instance.project_id else None
        # A council contributes to a project it takes part in (the lead counts): add it to the project first.
        field = self.fields["contributor"]
        field.queryset = project.participating_councils.order_by("name") if project else Organisation.objects.none()
        field.empty_label = "No council (not a council contribution)"
        field.help_text = "Only for a council contribution: one of the project's participating councils."


def project_window(project) -> tuple[dt.date, dt.date, str]:
    """The dates a project's milestones and assessments fall within: its own start and end where set, otherwise its
    funding period's (1 April of the first year to 31 March after the last)."""
    period = project.funding_period
    start = project.start_date or period.first_year.first_day
    end = project.end_date or period.last_year.last_day
    what = "the project's" if project.start_date or project.end_date else f"its funding period's ({period.first_year} to {period.last_year})"
    return start, end, what


def _uk(day: dt.date) -> str:
    return f"{day:%d %B %Y}".lstrip("0")


class ConfidenceForm(forms.ModelForm):
    assessed_on = UkDateField(label="Date of assessment")

    class Meta:
        model = ConfidenceAssessment
        fields = ["rating", "assessed_on", "commentary"]
        widgets = {"rating": forms.RadioSelect}
        labels = {"rating": "Delivery confidence"}

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Date of assessment must be today or in the past")
        project = self.instance.project if self.instance.project_id else None
        if day and project:
            start, _, what = project_window(project)
            if day < start:
                raise forms.ValidationError(f"Date of assessment must be on or after {_uk(start)}, {what} start")
        return day


class MilestoneForm(forms.ModelForm):
    """A milestone's dates are checked against the project's own dates (or its funding period's): a due date in
    2030 on a 2008-11 project, or a completion date in the future, is refused with the dates it must fall within."""

    due_on = UkDateField(label="Due date")
    completed_on = UkDateField(label="Date completed", required=False,
                               help_text="Leave blank until it is done. For example, 31/03/2010")

    class Meta:
        model = Milestone
        fields = ["title", "due_on", "completed_on"]
        labels = {"title": "Milestone"}

    def clean(self):
        data = super().clean()
        project = self.instance.project if self.instance.project_id else None
        if project is None:
            return data
        start, end, what = project_window(project)
        due, done = data.get("due_on"), data.get("completed_on")
        if due and not start <= due <= end:
            self.add_error("due_on", f"Due date must be between {_uk(start)} and {_uk(end)}, {what} dates")
        if done:
            if done > timezone.localdate():
                self.add_error("completed_on", "Date completed must be today or in the past")
            elif not start <= done <= end:
                self.add_error("completed_on", f"Date completed must be between {_uk(start)} and {_uk(end)}, {what} dates")
        return data


def _money_field(label: str, required: bool) -> MoneyField:
    return MoneyField(label=label, required=required)


class FundingLinesForm(forms.Form):
    """Allocation and spend of one funding source for every year of the project's funding period."""

    def __init__(self, *args, source: FundingSource, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.source, self.years = source, years
        existing = {line.year: line for line in source.lines.all()}
        for year in years:
            line = existing.get(year)
            key = year.start_year
            self.fields[f"allocation_{key}"] = _money_field(f"{year} allocation", required=True)
            self.fields[f"spend_{key}"] = _money_field(f"{year} spend", required=False)
            self.fields[f"spend_{key}"].help_text = "Leave blank until the year's spend is known"
            self.initial[f"allocation_{key}"] = line.allocation if line else Decimal("0.00")
            self.initial[f"spend_{key}"] = line.spend if line else None

    def lines(self):
        return {year: (self.cleaned_data[f"allocation_{year.start_year}"], self.cleaned_data[f"spend_{year.start_year}"])
                for year in self.years}
