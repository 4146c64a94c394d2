"""Forms of impact analysis: uploading an indicator panel, and specifying an analysis on one panel."""
from __future__ import annotations

import re

from django import forms

from riep.core import series
from riep.core.errors import UserError
from riep.core.forms import NumberField, UploadField
from riep.impact.engine.predictors import parse_predictor
from riep.impact.engine.types import SpecError
from riep.impact.models import DonorRule, IndicatorPanel, PeriodKind, VMethod
from riep.impact.permissions import gains_person_may_attach_to, projects_person_may_attach_to
from riep.impact.services import parse_panel, resolve_units, series_panels
from riep.impact.services.presentation import period_label, read_period
from riep.registry.models import Organisation

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
                                  help_text="The column that holds the period: a financial year such as 2009-10 (or "
                                            "2009 for 2009-10), or a calendar year such as 2009.")
    period_kind = forms.ChoiceField(label="The years are", choices=PeriodKind.choices, widget=forms.RadioSelect,
                                    initial=PeriodKind.FINANCIAL_YEAR, required=False)

    def clean_period_kind(self):
        return self.cleaned_data.get("period_kind") or PeriodKind.FINANCIAL_YEAR
    file = UploadField(label="Panel file (CSV, XLSX or Parquet)",
                           help_text="One row per council and year; every other column a number (blank if missing).",
                           error_messages={"required": "Select a panel file"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        if not upload.name.lower().endswith((".csv", ".xlsx", ".parquet", ".pq")):
            raise forms.ValidationError("The file must be a CSV (.csv), Excel (.xlsx) or Parquet (.parquet) file")
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
    penalty = NumberField(label="Penalty for distant comparison councils (lambda, optional)", required=False,
                          max_digits=12, decimal_places=6, min_value=0, example="0.1",
                          help_text="Penalised synthetic control (Abadie and L'Hour 2021): above 0, councils unlike "
                                    "the treated ones get less weight even if they help the fit. Leave blank or 0 "
                                    "for the classic estimator.")
    adoption = forms.CharField(label="Treated councils that started in another year (staggered adoption, optional)",
                               required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="One per line: the council and its own first year, such as "
                                         "'E07000106 2010-11'. The others start in the year above. Difference-in-"
                                         "differences then uses each council's own start (Callaway and Sant'Anna "
                                         "2021); synthetic control uses the earliest start.")
    placebos = forms.BooleanField(label="Run in-space placebos (each comparison council treated in turn) for a p-value",
                                  required=False, initial=True)

    def __init__(self, *args, panel: IndicatorPanel, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.panel = panel
        self.fields["outcome"].choices = [(c, c) for c in panel.numeric_columns]
        if panel.period_kind == PeriodKind.CALENDAR_YEAR:
            self.fields["treatment_year"].label = "Start (calendar year)"
            self.fields["treatment_year"].help_text = ("The first year the change could have an effect, such as "
                                                       f"{panel.first_period + 1} (this panel is of calendar years).")
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

    def _period(self, text: str) -> int:
        try:
            year = read_period(text, self.panel.period_kind)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        label = lambda y: period_label(y, self.panel.period_kind)  # noqa: E731
        if not (self.panel.first_period < year <= self.panel.last_period):
            raise forms.ValidationError(f"The start must be after {label(self.panel.first_period)} and no later "
                                        f"than {label(self.panel.last_period)} (the panel's years)")
        return year

    def clean_treatment_year(self):
        return self._period(self.cleaned_data["treatment_year"])

    def clean_adoption(self):
        """{council: its own start} for the lines given; the councils must be among the treated ones."""
        out, unknown = {}, []
        for line in (self.cleaned_data.get("adoption") or "").splitlines():
            if not line.strip():
                continue
            parts = line.replace(",", " ").replace(":", " ").split()
            if len(parts) < 2:
                raise forms.ValidationError(f"'{line.strip()}': give the council and its first year, such as "
                                            "'E07000106 2010-11'")
            name, start = " ".join(parts[:-1]), parts[-1]
            unit = self._lookup.get(name.lower())
            if unit is None:
                unknown.append(name)
                continue
            out[unit] = self._period(start)
        if unknown:
            raise forms.ValidationError(f"Not in the panel: {', '.join(unknown)}")
        return out

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
        adoption = data.get("adoption") or {}
        outside = [u for u in adoption if u not in treated]
        if outside:
            self.add_error("adoption", f"Only treated councils can have their own start: {', '.join(outside)} "
                                       "is not among the treated councils above")
        elif adoption and data.get("treatment_year"):
            starts = {u: adoption.get(u, data["treatment_year"]) for u in treated}
            data["adoption"] = starts if len(set(starts.values())) > 1 else {}
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
                "v_method": d["v_method"], "placebos": d["placebos"], "penalty": float(d.get("penalty") or 0),
                "adoption": d.get("adoption") or {}}


class EvidenceForm(forms.Form):
    gains = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                           label="Gains this analysis is evidence for",
                                           error_messages={"required": "Select at least one gain"})

    def __init__(self, *args, gains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gains"].queryset = gains
        self.fields["gains"].label_from_instance = lambda g: f"{g.reference}: {g.service_area} ({g.council})"


def _measure_choices() -> list:
    """Every yearly series the platform's capabilities offer (riep.core.series), grouped by source."""
    groups = []
    for src in series.sources():
        options = [(f"{src.key}:{m.key}", f"{m.label} ({m.unit}, {'financial' if m.period_kind == series.FINANCIAL_YEAR else 'calendar'} years)")
                   for m in src.measures() if m.period_kind != series.MONTH]
        if options:
            groups.append((src.label, options))
    return groups


class SeriesPanelForm(forms.Form):
    """A panel built from one of the platform's own series for chosen councils and years."""

    measure = forms.ChoiceField(label="Series", error_messages={"required": "Select the series to build the panel from",
                                                                "invalid_choice": "Select one of the series listed"})
    treated = forms.CharField(label="Treated councils", widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="GSS codes, such as E07000106, one per line or separated by commas.",
                              error_messages={"required": "Enter the GSS code of at least one treated council"})
    start = forms.CharField(label="Start", max_length=9,
                            help_text="The first year the change could have an effect: a financial year such as "
                                      "2009-10 (a year such as 2009 for a series of calendar years).",
                            error_messages={"required": "Enter the start year"})
    donor_rule = forms.ChoiceField(label="Comparison councils", widget=forms.RadioSelect,
                                   choices=list(series_panels.DONOR_RULES.items()), initial="partnership_region",
                                   help_text="Only councils that existed at the start; before a council existed its "
                                             "predecessors' figures are summed where the measure allows.")
    donors = forms.CharField(label="Chosen comparison councils", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Only for 'Councils I choose': GSS codes, one per line or separated by commas.")
    first = forms.CharField(label="First year (optional)", max_length=9, required=False,
                            help_text="Default: 8 years before the start.")
    last = forms.CharField(label="Last year (optional)", max_length=9, required=False,
                           help_text="Default: 3 years after the start.")
    name = forms.CharField(label="Name of the panel (optional)", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "Select a series")] + _measure_choices()

    def _codes(self, field: str) -> list[Organisation]:
        codes = [c.upper() for c in _split(self.cleaned_data.get(field, ""))]
        found = {o.gss_code: o for o in Organisation.objects.councils().filter(gss_code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(f"No council in the registry has the GSS code {', '.join(unknown)}")
        return [found[c] for c in dict.fromkeys(codes)]

    def clean_treated(self):
        return self._codes("treated")

    def clean_donors(self):
        return self._codes("donors")

    def clean(self):
        data = super().clean()
        if not data.get("measure"):
            return data
        source_key, measure_key = data["measure"].split(":", 1)
        kind = series.measure(source_key, measure_key).period_kind
        self.kind, self.measure = kind, (source_key, measure_key)
        years = {}
        for field in ("start", "first", "last"):
            if data.get(field):
                try:
                    years[field] = read_period(data[field], kind)
                except ValueError as error:
                    self.add_error(field, str(error))
        if "start" not in years:
            return data
        start = years["start"]
        first, last = years.get("first", start - 8), years.get("last", start + 3)
        if "first" in years and first >= start:
            self.add_error("first", "The first year must be before the start")
        elif start - first < 3:
            self.add_error("first", "Give at least 3 years before the start, so the comparison can be fitted")
        if last < start:
            self.add_error("last", "The last year must be the start or later")
        data["start"], data["first"], data["last"] = start, first, last
        treated = data.get("treated") or []
        if data.get("donor_rule") == "chosen":
            donors = [d for d in data.get("donors") or [] if d not in treated]
            if len(donors) < 2:
                self.add_error("donors", "Enter at least two comparison councils that are not treated, or choose "
                                         "another rule")
            data["donor_list"], data["donor_how"] = donors, "the councils you chose"
        elif treated and not self.errors:
            try:
                donors, how = series_panels.default_donors(treated, data["donor_rule"],
                                                           series_panels.start_date(start, kind))
            except UserError as error:
                self.add_error("donor_rule", str(error))
                return data
            if len(donors) < 2:
                self.add_error("donor_rule", f"That rule gives {len(donors)} comparison council(s): at least two are "
                                             "needed; choose another rule or the councils yourself")
            data["donor_list"], data["donor_how"] = donors, how
        return data
