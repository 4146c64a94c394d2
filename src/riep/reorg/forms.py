"""Forms for the reorganisation pages (GOV.UK error summary; numbers through riep.core.forms)."""
from __future__ import annotations

from decimal import Decimal

from django import forms

from riep.core.forms import MoneyField, NumberField, UploadField, WholeNumberField
from riep.reorg.calc.harmonisation import TARGET_LABELS


class AssumptionForm(forms.Form):
    low = NumberField(label="Low", max_digits=16, decimal_places=4, min_value=Decimal(0))
    central = NumberField(label="Central", max_digits=16, decimal_places=4, min_value=Decimal(0))
    high = NumberField(label="High", max_digits=16, decimal_places=4, min_value=Decimal(0))
    source_note = forms.CharField(label="Source note", max_length=500)
    reason = forms.CharField(label="Reason for the change", max_length=300)


class TaxPlanForm(forms.Form):
    tax_target = forms.ChoiceField(label="Harmonise to", choices=list(TARGET_LABELS.items()),
                                   widget=forms.RadioSelect)
    tax_years = WholeNumberField(label="Harmonisation period (years)", min_value=1, max_value=99)
    referendum_limit = NumberField(label="Referendum limit (%)", max_digits=5, decimal_places=2, required=False,
                                   min_value=Decimal(0), help_text="The largest rise allowed in a year, e.g. 4.99.")


class HarmoniseForm(forms.Form):
    band_d = forms.CharField(label="Band D of each former area (£, separated by commas)", max_length=500)
    tax_base = forms.CharField(label="Tax base of each former area (Band D equivalents, separated by commas)",
                               max_length=500)
    names = forms.CharField(label="Names of the former areas (optional, separated by commas)", max_length=500,
                            required=False)
    years = WholeNumberField(label="Harmonisation period (years)", min_value=1, max_value=99)
    referendum_limit = NumberField(label="Referendum limit (%)", max_digits=5, decimal_places=2, required=False,
                                   min_value=Decimal(0))


class RealisedSavingForm(forms.Form):
    year = forms.CharField(label="Financial year", max_length=9, help_text="For example 2010-11.")
    amount = MoneyField(label="Saving realised in the year")


class AgreePlacementForm(forms.Form):
    # Row numbers: bounded, so a forged number is a form error rather than a database overflow.
    offer = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    request = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    recharge_per_day = MoneyField(label="Recharge rate a day")


class CouncilTaxFileForm(forms.Form):
    file = UploadField(label="Band D and tax base file (CSV or XLSX)",
                           help_text="Columns: council (GSS or SNAC code, or name), band_d (£), tax_base.")
