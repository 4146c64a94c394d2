"""The efficiency ledger: value-for-money gains by council and year, their evidence and sign-off.

Amounts live in GainYear rows (one per gain and financial year); the pure engines in riep.ledger.calc
compute NI 179, additionality and the Green Book appraisal from them (see services.to_calc_gain).
Every record keeps its full history (django-simple-history); NI 179 returns lock once validated.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from riep.core.fields import FinancialYearField, money_field
from riep.ledger.calc.additionality import Override, load_parameter_sets
from riep.ledger.calc.gains import as_share
from riep.ledger.evidence_files import EVIDENCE_TYPES
from riep.portfolio.models import Project
from riep.registry.models import Organisation

ZERO = Decimal("0.00")


class Category(models.TextChoices):
    PROCUREMENT = "procurement", "Procurement"
    SHARED_SERVICE = "shared_service", "Shared service"
    PROCESS_REDESIGN = "process_redesign", "Process redesign"
    ASSET = "asset", "Assets and property"
    INCOME = "income", "Income"
    OTHER = "other", "Other"


class GainStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    FORECAST = "forecast", "Forecast"
    REALISED = "realised", "Realised"
    AT_RISK = "at_risk", "At risk"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EvidenceLevel(models.IntegerChoices):
    """Maryland Scientific Methods Scale."""

    BEFORE_AFTER = 1, "1 – before and after, no comparison"
    CROSS_SECTION = 2, "2 – comparison with others, no before"
    COMPARISON_GROUP = 3, "3 – before and after with a comparison group"
    QUASI_RANDOM = 4, "4 – quasi-random variation"
    RANDOMISED = 5, "5 – randomised"


class EfficiencyGain(models.Model):
    reference = models.SlugField(
        max_length=40, unique=True,
        help_text="A short unique reference, e.g. EE-NFK-001. Imports use it to find the gain again.",
    )
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="efficiency_gains",
                                help_text="The council that records the gain (the lead council when it is shared).")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT, related_name="efficiency_gains")
    service_area = models.CharField(max_length=120)
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField()
    cash_releasing = models.BooleanField(
        default=True, help_text="Releases cash. Non-cashable (productivity) gains are recorded but do not count towards NI 179.",
    )
    service_quality_maintained = models.BooleanField(default=True)
    quality_evidence = models.TextField("evidence that service quality was maintained", blank=True)
    status = models.CharField(max_length=12, choices=GainStatus.choices, default=GainStatus.FORECAST)
    evidence_level = models.PositiveSmallIntegerField(
        "evidence strength (Maryland scale)", choices=EvidenceLevel.choices, null=True, blank=True,
    )
    evidence_method = models.CharField("how the saving was measured", max_length=300, blank=True)
    first_year = FinancialYearField("first year of accrual", help_text="The financial year the saving first accrues, e.g. 2008-09.")
    illustrative = models.BooleanField(default=False, help_text="Demonstration figures, not a council's real gain.")
    version = models.PositiveIntegerField(default=1)
    change_reason = models.CharField("reason for the change", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.service_area}"

    def get_absolute_url(self) -> str:
        return reverse("ledger:gain", args=[self.reference])

    def share_councils(self) -> list[Organisation]:
        shares = list(self.shares.all())
        return [s.council for s in shares] if shares else [self.council]


class GainYear(models.Model):
    """A gain's amounts in one financial year. Net = gross saving − one-off investment − ongoing costs."""

    gain = models.ForeignKey(EfficiencyGain, on_delete=models.CASCADE, related_name="years")
    year = FinancialYearField()
    gross_saving = money_field(default=ZERO, validators=[MinValueValidator(ZERO)])
    investment = money_field(verbose_name="one-off investment", default=ZERO, validators=[MinValueValidator(ZERO)])
    ongoing_costs = money_field(default=ZERO, validators=[MinValueValidator(ZERO)])
    staff_costs_incurred_anyway = money_field(
        default=ZERO, validators=[MinValueValidator(ZERO)],
        help_text="Implementation staff time that would have been spent anyway: shown, never netted off.",
    )
    reference_saving = money_field(
        verbose_name="reference case saving", null=True, blank=True, validators=[MinValueValidator(ZERO)],
        help_text="What would have been saved anyway (deadweight), if estimated in money for this year.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["gain", "year"]
        constraints = [models.UniqueConstraint(fields=["gain", "year"], name="one_gain_year")]

    def __str__(self) -> str:
        return f"{self.gain.reference} {self.year}"

    @property
    def net(self) -> Decimal:
        return self.gross_saving - self.investment - self.ongoing_costs


class GainShare(models.Model):
    """A council's share of a gain shared between councils; shares sum to exactly 1."""

    gain = models.ForeignKey(EfficiencyGain, on_delete=models.CASCADE, related_name="shares")
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="gain_shares")
    share = models.CharField(max_length=20, help_text="A fraction such as 0.6 or 1/3.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["gain", "council__name"]
        constraints = [models.UniqueConstraint(fields=["gain", "council"], name="one_share_per_council")]

    def clean(self):
        try:
            as_share(self.share)
        except (ValueError, TypeError) as error:
            raise ValidationError({"share": str(error)}) from None


class EvidenceDocument(models.Model):
    gain = models.ForeignKey(EfficiencyGain, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="ledger/evidence/%Y/")
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        """The stored file's own name, without its folders (what the download is called)."""
        return PurePosixPath(self.file.name or "").name or "evidence"

    @property
    def content_type(self) -> str:
        return EVIDENCE_TYPES.get(PurePosixPath(self.filename).suffix.lower(), ("application/octet-stream",))[0]

    @property
    def size_text(self) -> str:
        try:
            size = self.file.size
        except (OSError, ValueError):
            return "File missing"
        return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


class AdditionalityChoice(models.Model):
    """How a project's gains are judged additional: a parameter set, reasoned overrides and attribution."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="additionality")
    parameter_set = models.CharField(max_length=60, help_text="A parameter set key from reference/additionality.json.")
    overrides = models.JSONField(
        default=list, blank=True,
        help_text='A list of {"parameter": "deadweight", "value": "0.3", "reason": "…"}; every override needs a reason.',
    )
    attribution = models.CharField(
        max_length=20, default="1", help_text="Share of the additional saving attributable to the partnership, e.g. 0.5.",
    )
    attribution_reason = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Additionality of {self.project}"

    def clean(self):
        errors = {}
        if self.parameter_set not in load_parameter_sets():
            errors["parameter_set"] = f"'{self.parameter_set}' is not a known parameter set"
        try:
            share = as_share(self.attribution)
            if share != 1 and not self.attribution_reason.strip():
                errors["attribution_reason"] = "Give a reason for attributing less than all of the saving"
        except (ValueError, TypeError) as error:
            errors["attribution"] = str(error)
        try:
            for o in self.overrides or []:
                Override(o.get("parameter", ""), o.get("value", ""), o.get("reason", ""))
        except (ValueError, TypeError, ArithmeticError, AttributeError) as error:
            errors["overrides"] = str(error)
        if errors:
            raise ValidationError(errors)


class Csr07Baseline(models.Model):
    """A council's 2007-08 baseline expenditure, on which the CSR07 3% a year trajectory is drawn."""

    council = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="csr07_baseline")
    baseline = money_field(verbose_name="2007-08 baseline expenditure", validators=[MinValueValidator(ZERO)])
    source = models.CharField(max_length=300)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "CSR07 baseline"
        constraints = [models.CheckConstraint(condition=models.Q(baseline__gte=0), name="csr07_baseline_not_negative")]

    def __str__(self) -> str:
        return f"CSR07 baseline of {self.council}"


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for validation"
    VALIDATED = "validated", "Validated"
    RETURNED = "returned", "Sent back"


class Ni179Return(models.Model):
    """A council's NI 179 return for a year. Validation locks it; reopening makes a new version."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ni179_returns")
    year = FinancialYearField()
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    locked = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_total = money_field(null=True, blank=True, help_text="The NI 179 figure as validated.")
    # The validated figures, frozen: {"total": "…", "lines": [{"gain": ref, "counted": "…", "reason": code}, …]}.
    # The headline shows these; a later recomputation that differs is shown beside them as a warning.
    snapshot = models.JSONField(default=dict, blank=True)
    declaration = models.CharField("declaration made on submission", max_length=500, blank=True)
    reason = models.CharField("reason (return or reopening)", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "year"]
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="one_ni179_return")]
        verbose_name = "NI 179 return"

    def __str__(self) -> str:
        return f"NI 179 return of {self.council} for {self.year}"
