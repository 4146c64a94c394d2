"""Forms for recording a gain (with its amounts per year and council shares) and uploading evidence."""
from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath

from django import forms
from django.db.models import Q

from riep.core.forms import MoneyField, UploadField
from riep.core.fy import FinancialYear
from riep.core.numbers import NumberRefused, parse_number
from riep.ledger.calc.additionality import _SHARES, PARAMETERS, load_parameter_sets
from riep.ledger.calc.gains import as_share
from riep.ledger.evidence_files import ALLOWED_EVIDENCE, EVIDENCE_TYPES, MAX_EVIDENCE_BYTES
from riep.ledger.models import Category, EfficiencyGain, EvidenceLevel, GainStatus
from riep.ledger.services import AMOUNT_FIELDS, GainData
from riep.portfolio.models import Project
from riep.registry.models import Organisation

FORM_YEARS = [FinancialYear(y) for y in range(2007, 2013)]  # a year before and after the programme, for set-up and persistence
_AMOUNT_LABELS = {"gross_saving": "gross saving", "investment": "one-off investment", "ongoing_costs": "ongoing costs",
                  "staff_costs_incurred_anyway": "staff costs incurred anyway", "reference_saving": "reference case saving"}


def _parse_shares(text: str) -> dict[Organisation, str]:
    """'E10000020=0.6; E10000029=0.4' → {Norfolk: '0.6', Suffolk: '0.4'}."""
    shares = {}
    for part in [p.strip() for p in text.replace("\n", ";").split(";") if p.strip()]:
        code, sep, value = part.partition("=")
        if not sep:
            raise forms.ValidationError(f"‘{part}’ is not a share: write GSS code = share, like E10000020=0.6")
        council = Organisation.objects.councils().filter(gss_code=code.strip()).first()
        if council is None:
            raise forms.ValidationError(f"There is no council with GSS code ‘{code.strip()}’")
        try:
            as_share(value.strip())
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        shares[council] = value.strip()
    return shares


class GainForm(forms.Form):
    reference = forms.SlugField(max_length=40, help_text="A short unique reference, e.g. EE-NFK-004.")
    council = forms.ModelChoiceField(Organisation.objects.none(), label="Council recording the gain")
    project = forms.ModelChoiceField(Project.objects.none(), required=False, empty_label="No project",
                                     help_text="The partnership project that helped, if any: one your council takes part in.")
    service_area = forms.CharField(max_length=120)
    category = forms.ChoiceField(choices=Category.choices)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    cash_releasing = forms.BooleanField(required=False, label="Cash-releasing",
                                        help_text="Untick for a non-cashable (productivity) gain: recorded, but not counted in NI 179.")
    service_quality_maintained = forms.BooleanField(required=False, label="Service quality maintained")
    quality_evidence = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                       label="Evidence that service quality was maintained")
    status = forms.ChoiceField(choices=GainStatus.choices)
    evidence_level = forms.TypedChoiceField(choices=[("", "Not assessed")] + EvidenceLevel.choices, coerce=int,
                                            empty_value=None, required=False, label="Evidence strength (Maryland scale)")
    evidence_method = forms.CharField(max_length=300, required=False, label="How the saving was measured")
    first_year = forms.CharField(label="First year of accrual", help_text="For example, 2008-09.")
    shares = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Council shares (shared gains only)",
                             help_text="One per line or separated by semicolons: GSS code = share, e.g. E10000020=0.6; E10000029=0.4. Shares must add up to 1.")
    change_reason = forms.CharField(max_length=500, required=False, label="Reason for the change",
                                    help_text="Every change is kept as a new version with its reason.")

    def __init__(self, *args, gain: EfficiencyGain | None = None, councils=None, **kwargs):
        self.gain = gain
        if gain is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(gain)
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils if councils is not None else Organisation.objects.councils()
        # Only projects one of the person's councils takes part in (and, on a change, the gain's own project).
        taking_part = Project.objects.filter(participating_councils__in=self.fields["council"].queryset).values("pk")
        own = Q(pk=gain.project_id) if gain is not None and gain.project_id else Q(pk__in=[])
        self.fields["project"].queryset = Project.objects.filter(Q(pk__in=taking_part) | own).order_by("name")
        if gain is not None:
            del self.fields["reference"]
            self.fields["change_reason"].required = True
        else:
            del self.fields["change_reason"]
            self.initial.setdefault("cash_releasing", True)
            self.initial.setdefault("service_quality_maintained", True)
        for year in FORM_YEARS:
            for name in AMOUNT_FIELDS:
                self.fields[f"{name}_{year.start_year}"] = MoneyField(label=f"{year} {_AMOUNT_LABELS[name]}", required=False)

    def clean_reference(self):
        reference = self.cleaned_data["reference"]
        if EfficiencyGain.objects.filter(reference__iexact=reference).exists():
            raise forms.ValidationError("A gain with this reference already exists: choose another")
        return reference

    def clean_first_year(self):
        try:
            return FinancialYear.parse(self.cleaned_data["first_year"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_shares(self):
        shares = _parse_shares(self.cleaned_data.get("shares") or "")
        # A share counts towards that council's NI 179: each must be a council the person records gains for.
        allowed = set(self.fields["council"].queryset.filter(pk__in=[c.pk for c in shares]).values_list("pk", flat=True))
        refused = [c for c in shares if c.pk not in allowed]
        if refused:
            names = ", ".join(f"{c} ({c.gss_code})" for c in refused)
            raise forms.ValidationError(f"You may not record a share for {names}: only for councils you record gains for")
        return shares

    def year_fields(self):
        return [(year, [self[f"{name}_{year.start_year}"] for name in AMOUNT_FIELDS]) for year in FORM_YEARS]

    def gain_data(self) -> GainData:
        data = self.cleaned_data
        fields = {name: data[name] for name in (
            "council", "project", "service_area", "category", "description", "cash_releasing", "service_quality_maintained",
            "quality_evidence", "status", "evidence_level", "evidence_method", "first_year")}
        fields["quality_evidence"] = fields["quality_evidence"] or ""
        fields["evidence_method"] = fields["evidence_method"] or ""
        if self.gain is None:
            fields["reference"] = data["reference"]
        years = {}
        for year in FORM_YEARS:
            amounts = {name: data.get(f"{name}_{year.start_year}") for name in AMOUNT_FIELDS}
            if any(v is not None for v in amounts.values()):
                years[year] = {k: (v if v is not None or k == "reference_saving" else Decimal("0.00")) for k, v in amounts.items()}
        return GainData(fields=fields, years=years, shares=data["shares"], replace_years=True)


def _initial(gain: EfficiencyGain) -> dict:
    initial = {name: getattr(gain, name) for name in (
        "service_area", "category", "description", "cash_releasing", "service_quality_maintained", "quality_evidence",
        "status", "evidence_level", "evidence_method")}
    initial["council"] = gain.council_id
    initial["project"] = gain.project_id
    initial["first_year"] = gain.first_year.label
    initial["shares"] = "; ".join(f"{s.council.gss_code}={s.share}" for s in gain.shares.all())
    for y in gain.years.all():
        for name in AMOUNT_FIELDS:
            value = getattr(y, name)
            initial[f"{name}_{y.year.start_year}"] = "" if value is None else str(value)
    return initial




class EvidenceForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the document"})
    file = UploadField(help_text=f"{ALLOWED_EVIDENCE}, up to 10 MB.",
                           error_messages={"required": "Choose a file to upload", "empty": "The selected file is empty"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / (1024 * 1024):.1f} MB: it must be 10 MB or smaller")
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in EVIDENCE_TYPES:
            raise forms.ValidationError(f"The file must be a {ALLOWED_EVIDENCE} file; ‘{upload.name}’ is not")
        upload.seek(0)
        head = upload.read(2048)
        upload.seek(0)
        signatures = EVIDENCE_TYPES[suffix][1]
        if signatures is None:
            if b"\x00" in head:  # binary, not text (Excel's own CSVs may be UTF-8 or Windows-1252: both are fine)
                raise forms.ValidationError(f"‘{upload.name}’ is not a CSV text file")
        elif not head.startswith(signatures):
            raise forms.ValidationError(f"‘{upload.name}’ is not really a {suffix[1:].upper()} file: its contents do not match its name")
        return upload


class ImportForm(forms.Form):
    file = UploadField(label="File of gains (CSV or XLSX)",
                           help_text="One row per gain and financial year, with a header row. Up to 10 MB.",
                           error_messages={"required": "Choose a CSV or XLSX file to import"})
    reason = forms.CharField(max_length=500, initial="Imported from file", label="Reason for the changes",
                             help_text="Kept with every gain the file creates or changes.",
                             error_messages={"required": "Enter a reason for the changes"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError("The file must be 10 MB or smaller")
        if PurePath(upload.name or "").suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError("The file must be a CSV or XLSX file")
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


PARAMETER_LABELS = {
    "leakage": "Leakage (L)", "displacement": "Displacement (Dp)", "substitution": "Substitution (S)",
    "multiplier": "Multiplier (M)", "deadweight": "Deadweight (share of the gross saving that would have happened anyway)",
    "reference_leakage": "Reference case leakage (L*)", "reference_displacement": "Reference case displacement (Dp*)",
    "reference_substitution": "Reference case substitution (S*)", "reference_multiplier": "Reference case multiplier (M*)",
}


OVERRIDE_PLACES = 6
MAX_MULTIPLIER = 10  # only multipliers can exceed 1; a bound keeps a typo (or 1e300) out of the value report


def parameter_name(name: str) -> str:
    return name.replace("_", " ")


class AdditionalityForm(forms.Form):
    """A project's additionality: a parameter set, attribution with a reason, and overrides each with a reason."""

    parameter_set = forms.ChoiceField(label="Parameter set", widget=forms.RadioSelect,
                                      error_messages={"required": "Choose a parameter set"})
    attribution = forms.CharField(
        label="Attribution share", max_length=20,
        help_text="The share of the additional saving due to the partnership, such as 0.8 or 4/5. 1 means all of it.",
        error_messages={"required": "Enter the attribution share, such as 1 or 0.8"},
    )
    attribution_reason = forms.CharField(
        label="Reason for the attribution share", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when less than all of the saving is attributed to the partnership.",
    )
    change_reason = forms.CharField(
        label="Reason for this change", max_length=100, required=False,
        help_text="Kept with this version in the history (up to 100 characters).",
    )

    def __init__(self, *args, choice=None, **kwargs):
        self.choice = choice
        self.parameter_names = PARAMETERS
        if choice is not None and "initial" not in kwargs:
            initial = {"parameter_set": choice.parameter_set, "attribution": choice.attribution,
                       "attribution_reason": choice.attribution_reason}
            for o in choice.overrides or []:
                initial[f"value_{o.get('parameter')}"] = str(o.get("value", ""))
                initial[f"reason_{o.get('parameter')}"] = o.get("reason", "")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.sets = load_parameter_sets()
        self.fields["parameter_set"].choices = [(k, s.label) for k, s in self.sets.items()]
        if choice is None:
            self.initial.setdefault("attribution", "1")
        else:
            self.fields["change_reason"].required = True
            self.fields["change_reason"].error_messages["required"] = "Give a reason for the change"
        for name in PARAMETERS:
            label = PARAMETER_LABELS[name]
            self.fields[f"value_{name}"] = forms.CharField(
                label=f"{label}: value", required=False, max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
            )
            self.fields[f"reason_{name}"] = forms.CharField(
                label=f"{label}: reason for the override", required=False, max_length=500,
            )

    def override_fields(self):
        """(parameter, label, value field, reason field) for the template's fieldsets."""
        return [(name, PARAMETER_LABELS[name], self[f"value_{name}"], self[f"reason_{name}"]) for name in self.parameter_names]

    def clean_attribution(self):
        text = self.cleaned_data["attribution"].strip()
        try:
            as_share(text)
        except (ValueError, TypeError):
            raise forms.ValidationError("Enter the attribution share as a number from 0 to 1, such as 0.8 or 4/5") from None
        return text

    def clean(self):
        data = super().clean()
        share = data.get("attribution")
        if share is not None and as_share(share) != 1 and not (data.get("attribution_reason") or "").strip():
            self.add_error("attribution_reason", "Give a reason for attributing less than all of the saving to the partnership")
        overrides = []
        for name in self.parameter_names:
            value = (data.get(f"value_{name}") or "").strip()
            reason = (data.get(f"reason_{name}") or "").strip()
            if not value and not reason:
                continue
            if not value:
                self.add_error(f"value_{name}", f"Enter a value for {parameter_name(name)}, or clear the reason to use the set's value")
                continue
            try:
                number = parse_number(value, max_digits=12, decimal_places=OVERRIDE_PLACES)
            except NumberRefused as refused:
                self.add_error(f"value_{name}", f"Enter {parameter_name(name)} as a number, such as 0.25" if refused.code != "max_decimal_places"
                               else f"Enter {parameter_name(name)} with no more than {OVERRIDE_PLACES} decimal places")
                continue
            if name in _SHARES and not 0 <= number <= 1:
                self.add_error(f"value_{name}", f"{parameter_name(name).capitalize()} must be between 0 and 1")
                continue
            if number < 0:
                self.add_error(f"value_{name}", f"{parameter_name(name).capitalize()} must not be negative")
                continue
            if number > MAX_MULTIPLIER:
                self.add_error(f"value_{name}", f"{parameter_name(name).capitalize()} must be no more than {MAX_MULTIPLIER}")
                continue
            value = format(number.normalize(), "f")
            if not reason:
                self.add_error(f"reason_{name}", f"Give a reason for overriding {parameter_name(name)}")
                continue
            overrides.append({"parameter": name, "value": value, "reason": reason})
        data["overrides"] = overrides
        return data
