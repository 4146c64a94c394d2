"""Forms of the procurement hub: upload, the column mapping, a review decision, a category, a saving."""
from __future__ import annotations

from django import forms

from riep.core.forms import MoneyField, UploadField
from riep.portfolio.forms import UkDateField
from riep.procurement.ingest.columns import FIELDS, REQUIRED

MAX_UPLOAD = 50 * 1024 * 1024
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods")
NOT_IN_FILE = ""


class UploadForm(forms.Form):
    council = forms.ModelChoiceField(queryset=None, label="Council that published the file", empty_label=None)
    file = UploadField(label="Spend file (CSV, XLSX, XLS or ODS)",
                           help_text="As the council published it: any headers, preamble lines, encoding.",
                           error_messages={"required": "Select a spend file"})

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file must be smaller than 50 MB")
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError("The file must be a CSV, XLSX, XLS or ODS file")
        return upload


class MappingForm(forms.Form):
    """One choice of column per canonical field; the proposal (or the remembered mapping) is the initial value."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, "Not in this file")] + [
            (str(i), h or f"Column {i + 1} (no header)") for i, h in enumerate(headers)]
        for name, label in FIELDS.items():
            index = initial_mapping.get(name)
            self.fields[name] = forms.ChoiceField(choices=choices, required=False, label=label,
                                                  initial=NOT_IN_FILE if index is None else str(index))

    def clean(self):
        data = super().clean()
        for name in REQUIRED:
            if data.get(name, NOT_IN_FILE) == NOT_IN_FILE:
                self.add_error(name, f"Choose the column with the {FIELDS[name].lower()}")
        used: dict[str, str] = {}
        for name in FIELDS:
            value = data.get(name)
            if value and value in used:
                self.add_error(name, f"This column is already chosen for the {FIELDS[used[value]].lower()}")
            elif value:
                used[value] = name
        return data

    def chosen(self) -> dict[str, int | None]:
        return {name: int(v) if (v := self.cleaned_data.get(name)) else None for name in FIELDS}


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(choices=[("same", "The same supplier"), ("different", "Different suppliers")],
                                widget=forms.RadioSelect, label="Are these one supplier?")
    note = forms.CharField(required=False, max_length=300, label="Note (optional)")


class CategoryForm(forms.Form):
    code = forms.CharField(max_length=20, label="ProClass v17 code", help_text="For example, the code shown for a "
                           "category on the council spend page.")


class SavingForm(forms.Form):
    supplier = forms.CharField(max_length=20, required=False, label="Supplier reference",
                               help_text="From the supplier's page, for example S1A2B3C4D5E")
    category_code = forms.CharField(max_length=20, required=False, label="Or a ProClass category code")
    baseline_from = UkDateField(label="Prior spend from")
    baseline_to = UkDateField(label="Prior spend to")
    contract_start = UkDateField(label="Joint contract starts")
    new_annual_cost = MoneyField(label="Cost a year under the joint contract (£)")

    def clean(self):
        data = super().clean()
        if not data.get("supplier") and not data.get("category_code"):
            self.add_error("supplier", "Give the supplier reference or a category code")
        return data
