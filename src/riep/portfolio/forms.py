from decimal import Decimal

from django import forms

from riep.core.forms import MoneyField
from riep.portfolio.models import ConfidenceAssessment, FundingSource, Milestone, Project
from riep.registry.models import Organisation

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


class ProjectForm(forms.ModelForm):
    """The full project form for partnership staff."""

    start_date = UkDateField(required=False)
    end_date = UkDateField(required=False)

    class Meta:
        model = Project
        fields = ["name", "code", "partnership", "programme", "funding_period", "theme", "lead_council",
                  "participating_councils", "description", "status", "start_date", "end_date", "illustrative"]
        labels = {"code": "Short code", "funding_period": "Funding period"}
        help_texts = {"code": "Lower case letters, numbers and hyphens; used in web addresses. For example, ee-aspire2perform"}

    def __init__(self, *args, partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partnerships is not None:
            self.fields["partnership"].queryset = partnerships
        self.fields["lead_council"].queryset = _councils()
        self.fields["participating_councils"].queryset = _councils()
        self.fields["participating_councils"].help_text = "Hold Ctrl (or Cmd) to choose more than one."
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean(self):
        data = super().clean()
        lead, participants = data.get("lead_council"), data.get("participating_councils")
        if lead and participants is not None and lead not in participants:
            self.add_error("participating_councils", "The lead council must also be a participating council")
        return data


class CouncilOfficerProjectForm(forms.ModelForm):
    """Council officers update their council's part: progress, not the project's set-up."""

    class Meta:
        model = Project
        fields = ["description", "status"]


class FundingSourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["kind", "contributor", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributor"].queryset = _councils()


class ConfidenceForm(forms.ModelForm):
    assessed_on = UkDateField(label="Date of assessment")

    class Meta:
        model = ConfidenceAssessment
        fields = ["rating", "assessed_on", "commentary"]
        widgets = {"rating": forms.RadioSelect}
        labels = {"rating": "Delivery confidence"}


class MilestoneForm(forms.ModelForm):
    due_on = UkDateField(label="Due date")
    completed_on = UkDateField(label="Date completed", required=False)

    class Meta:
        model = Milestone
        fields = ["title", "due_on", "completed_on"]


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
