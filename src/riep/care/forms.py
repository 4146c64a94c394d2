"""Forms of the care calculator, the placement outcome and the placements import."""
from __future__ import annotations

from decimal import Decimal

from django import forms

from riep.care.calc import available_rate_cards, check_needs
from riep.care.models import ServiceTypeChoice
from riep.core.forms import MoneyField, NumberField, UploadField, WholeNumberField
from riep.portfolio.forms import UkDateField

MAX_UPLOAD = 10 * 1024 * 1024


def _hours(label: str, help_text: str = "") -> NumberField:
    # As riep.care.models.hours_field stores them: up to 999,999.9999.
    field = NumberField(
        label=label, required=False, min_value=Decimal(0), max_digits=10, decimal_places=4, help_text=help_text,
        example="14 or 10.5", error_messages={"invalid": f"{label} must be a number, like 14 or 10.5",
                                              "min_value": f"{label} must not be negative",
                                              "max_decimal_places": f"{label} must have at most 4 decimal places"},
    )
    field.widget.attrs["class"] = "govuk-input--width-5"
    return field


def _people(label: str, required: bool, help_text: str = "") -> WholeNumberField:
    return WholeNumberField(
        label=label, required=required, min_value=1, max_value=100, max_digits=3, help_text=help_text,
        error_messages={"invalid": f"{label} must be a whole number of people", "required": f"Enter {label.lower()}",
                        "max_decimal_places": f"{label} must be a whole number of people",
                        "min_value": f"{label} must be at least 1", "max_value": f"{label} must be at most 100"},
    )


def _money(label: str, required: bool, help_text: str = "") -> MoneyField:
    return MoneyField(label=label, required=required, min_value=Decimal("0.01"), help_text=help_text)


class NeedsForm(forms.Form):
    """Step 1: the person's support needs in hours a week."""

    service_type = forms.ChoiceField(label="Type of service", choices=ServiceTypeChoice.choices, widget=forms.RadioSelect,
                                     error_messages={"required": "Select the type of service"})
    shared_core_hours = _hours("Shared core hours a week", "The setting's shared staff hours in total (residential care and "
                                                           "accommodation-based supported living only)")
    shared_by = _people("Number of people sharing the core hours", required=False, help_text="Leave blank for 1")
    one_to_one_hours = _hours("One-to-one hours a week")
    two_to_one_hours = _hours("Two-to-one hours a week", "Hours when two staff support the person together")
    waking_night_hours = _hours("Waking-night hours a week", "In total for the setting")
    sleep_in_nights = _hours("Sleep-in nights a week", "In total for the setting")
    nights_shared_by = _people("Number of people sharing the nights", required=False,
                               help_text="Leave blank if the same people share the core hours")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        values = {k: (v if v is not None else Decimal(0)) for k, v in data.items()
                  if k not in ("service_type", "shared_by", "nights_shared_by")}
        _, problems = check_needs(service_type=data.get("service_type"), shared_by=data.get("shared_by") or 1,
                                  nights_shared_by=data.get("nights_shared_by"), **values)
        for field, message in problems:
            self.add_error(field if field in self.fields else None, message[:1].upper() + message[1:])
        return data

    def state(self) -> dict:
        """The cleaned needs as strings, for the session."""
        return {k: ("" if v is None else str(v)) for k, v in self.cleaned_data.items()}


def rate_card_choices() -> list[tuple[str, str]]:
    return [(c.name, f"{c.area} {c.financial_year} ({c.vintage})") for c in available_rate_cards()]


class RateCardForm(forms.Form):
    """Step 2: the staffing rates and costs to price with."""

    rate_card = forms.ChoiceField(label="Rate card", widget=forms.RadioSelect,
                                  help_text="Each card sets the pay, on-costs, staffing and overheads for a year and area, "
                                            "with the source and date of every figure.",
                                  error_messages={"required": "Select a rate card"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate_card"].choices = rate_card_choices()


class CostsForm(forms.Form):
    """Step 3: the provider's fee, to compare with the fair price (optional)."""

    provider_fee = _money("Provider's weekly fee", required=False,
                          help_text="The current or quoted fee in pounds a week. Leave blank to see the fair price only.")


class OutcomeForm(forms.Form):
    agreed_weekly_fee = _money("Agreed weekly fee", required=True)
    agreed_on = UkDateField(label="Date agreed")
    expected_remaining_years = NumberField(
        label="Expected remaining duration of the placement, in years (optional)", required=False, max_digits=5,
        decimal_places=2, min_value=Decimal("0.1"),
        max_value=Decimal(50), help_text="Leave blank to use the rate card's assumption. The saving is recorded for "
                                         "each year of it, pro-rated by weeks from the date agreed.")
    remaining_years_reason = forms.CharField(
        label="Reason for a different expected duration", required=False, max_length=300,
        help_text="Needed when the duration differs from the rate card's assumption, e.g. the person's care plan.")
    review_cost = _money("One-off cost of the review (optional)", required=False,
                         help_text="Assessment and negotiation costs, netted off in the first year.")


class ImportForm(forms.Form):
    council = forms.ModelChoiceField(queryset=None, label="Council", empty_label=None)
    rate_card = forms.ChoiceField(label="Rate card to price with")
    file = UploadField(label="Placements file (CSV or XLSX)",
                           help_text="One row per person, with the council's reference (never a name). "
                                     "Columns as in the demo file.",
                           error_messages={"required": "Select a placements file"})

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["rate_card"].choices = rate_card_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        if not upload.name.lower().endswith((".csv", ".xlsx", ".xlsm")):
            raise forms.ValidationError("The file must be a CSV or XLSX file")
        return upload
