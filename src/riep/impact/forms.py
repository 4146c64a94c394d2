"""Forms of impact analysis: uploading an indicator panel, and specifying an analysis on one panel."""
from __future__ import annotations

import re

from django import forms

from riep.core.forms import UploadField
from riep.core.fy import FinancialYear
from riep.impact.engine.predictors import parse_predictor
from riep.impact.engine.types import SpecError
from riep.impact.models import DonorRule, IndicatorPanel, VMethod
from riep.impact.permissions import gains_person_may_attach_to, projects_person_may_attach_to
from riep.impact.services import parse_panel, resolve_units
from riep.impact.services.presentation import period_label

MAX_UPLOAD = 10 * 1024 * 1024


class PanelUploadForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter a name for the panel"})
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="What the figures measure, in what unit, and for which councils.")
    source = forms.CharField(label="Source", max_length=500, error_messages={"required": "Enter the source of the figures"},
                             help_text="Who published the figures, and where (for example a GOV.UK statistics page).")
    licence = forms.CharField(label="Licence", max_length=200, initial="Open Government Licence v3.0",
                              error_messages={"required": "Enter the licence of the figures"})
    vintage = forms.CharField(label="Vintage", max_length=100, required=False,
                              help_text="The release or date of the figures, for example 'March 2017 release'.")
    illustrative = forms.BooleanField(label="These are illustrative figures, not published statistics", required=False)
    unit_column = forms.CharField(label="Council column", max_length=100, initial="gss_code",
                                  help_text="The column that holds each council's GSS code (such as E07000106) or name.")
    time_column = forms.CharField(label="Year column", max_length=100, initial="year",
                                  help_text="The column that holds the period as a whole year, such as 2009 for 2009-10.")
    file = UploadField(label="Panel file (CSV or Parquet)",
                           help_text="One row per council and year; every other column a number (blank if missing).",
                           error_messages={"required": "Select a panel file"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        if not upload.name.lower().endswith((".csv", ".parquet", ".pq")):
            raise forms.ValidationError("The file must be a CSV (.csv) or Parquet (.parquet) file")
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None or not data.get("unit_column") or not data.get("time_column"):
            return data
        upload.seek(0)
        self.content = upload.read()
        self.parsed = parse_panel(self.content, upload.name, data["unit_column"].strip(), data["time_column"].strip())
        for problem in self.parsed.problems:
            self.add_error("file", problem)
        return data


class ChoosePanelForm(forms.Form):
    panel = forms.ModelChoiceField(queryset=IndicatorPanel.objects.all(), label="Indicator panel", empty_label=None)


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[\n,;]+", text or "") if p.strip()]


class AnalysisForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title for the analysis"})
    project = forms.ModelChoiceField(queryset=None, required=False, label="Partnership project (optional)",
                                     help_text="The project whose effect this analysis estimates.",
                                     error_messages={"invalid_choice": "Select a project of your partnerships"})
    gain = forms.ModelChoiceField(queryset=None, required=False, label="Efficiency gain (optional)",
                                  help_text="A gain in the ledger this analysis can become the evidence for.",
                                  error_messages={"invalid_choice": "Select a gain of your partnerships' councils"})
    outcome = forms.ChoiceField(label="Outcome column")
    outcome_label = forms.CharField(label="Outcome in words, with its unit", max_length=200, required=False,
                                    help_text="For example, '£ per household'.")
    treated = forms.CharField(label="Treated councils", widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="GSS codes or names as they appear in the panel, one per line or separated by commas.",
                              error_messages={"required": "Enter at least one treated council"})
    treatment_year = forms.CharField(label="Start (financial year)", max_length=9,
                                     help_text="The first financial year the change could have an effect, such as "
                                               "2009-10 (for a panel of calendar years, the year, such as 2009).",
                                     error_messages={"required": "Enter the start year"})
    donor_rule = forms.ChoiceField(label="Comparison councils (donor pool)", choices=DonorRule.choices,
                                   widget=forms.RadioSelect, initial=DonorRule.SAME_TYPE)
    donors = forms.CharField(label="Chosen comparison councils", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="Only for 'Councils I choose': GSS codes or names, one per line or separated by commas.")
    predictors = forms.CharField(label="Predictors (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="One per line: column (mean before the start), column:2004-2008 (mean over those years) "
                                           "or column@2006 (one year). Leave blank to match the outcome in every year before the start.")
    v_method = forms.ChoiceField(label="Importance of the predictors", choices=VMethod.choices, widget=forms.RadioSelect,
                                 initial=VMethod.NESTED)
    placebos = forms.BooleanField(label="Run in-space placebos (each comparison council treated in turn) for a p-value",
                                  required=False, initial=True)

    def __init__(self, *args, panel: IndicatorPanel, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.panel = panel
        self.fields["outcome"].choices = [(c, c) for c in panel.numeric_columns]
        # Only the projects and gains this person may attach an analysis to (their partnerships', their councils').
        self.fields["project"].queryset = projects_person_may_attach_to(user).order_by("name")
        self.fields["gain"].queryset = gains_person_may_attach_to(user).order_by("reference")
        self._lookup = {u.lower(): u for u in panel.units}
        for unit, council in resolve_units(panel.units).items():
            for name in (council.name, council.short_name, council.gss_code):
                if name:
                    self._lookup.setdefault(name.lower(), unit)

    def _units(self, field: str) -> list[str]:
        found, unknown = [], []
        for item in _split(self.cleaned_data.get(field, "")):
            unit = self._lookup.get(item.lower())
            (found if unit else unknown).append(unit or item)
        if unknown:
            raise forms.ValidationError(f"Not in the panel: {', '.join(unknown)}. Use the GSS codes or names listed under "
                                        "'Councils in this panel'.")
        return list(dict.fromkeys(found))

    def clean_treated(self):
        return self._units("treated")

    def clean_donors(self):
        return self._units("donors")

    def clean_treatment_year(self):
        text = self.cleaned_data["treatment_year"].strip()
        if text.isdigit() and len(text) == 4:
            year = int(text)
        else:
            try:
                year = FinancialYear.parse(text).start_year
            except ValueError:
                raise forms.ValidationError("The start must be a financial year like 2009-10, or a year like 2009") from None
        if not (self.panel.first_period < year <= self.panel.last_period):
            raise forms.ValidationError(f"The start must be after {period_label(self.panel.first_period)} and no later "
                                        f"than {period_label(self.panel.last_period)} (the panel's years)")
        return year

    def clean_predictors(self):
        lines = [line.strip() for line in (self.cleaned_data.get("predictors") or "").splitlines() if line.strip()]
        for line in lines:
            try:
                spec = parse_predictor(line)
            except SpecError as error:
                raise forms.ValidationError(str(error)) from None
            if spec.column not in self.panel.numeric_columns:
                raise forms.ValidationError(f"Predictor '{line}': there is no numeric column '{spec.column}' in the panel "
                                            f"(columns: {', '.join(self.panel.numeric_columns)})")
        return lines

    def clean(self):
        data = super().clean()
        treated, donors = data.get("treated") or [], data.get("donors") or []
        if data.get("donor_rule") == DonorRule.CHOSEN:
            if len(donors) < 2:
                self.add_error("donors", "Enter at least two comparison councils, or choose another donor pool")
            both = [d for d in donors if d in treated]
            if both:
                self.add_error("donors", f"A treated council cannot also be a comparison council: {', '.join(both)}")
        return data

    def analysis_fields(self) -> dict:
        d = self.cleaned_data
        return {"title": d["title"], "project": d.get("project"), "gain": d.get("gain"), "panel": self.panel,
                "outcome": d["outcome"], "outcome_label": d.get("outcome_label", ""), "treated": d["treated"],
                "treatment_year": d["treatment_year"], "donor_rule": d["donor_rule"],
                "donors": d["donors"] if d["donor_rule"] == DonorRule.CHOSEN else [], "predictors": d["predictors"],
                "v_method": d["v_method"], "placebos": d["placebos"]}


class EvidenceForm(forms.Form):
    gains = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                           label="Gains this analysis is evidence for",
                                           error_messages={"required": "Select at least one gain"})

    def __init__(self, *args, gains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gains"].queryset = gains
        self.fields["gains"].label_from_instance = lambda g: f"{g.reference}: {g.service_area} ({g.council})"
