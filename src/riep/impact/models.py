"""Indicator panels and impact analyses: the Django side of the counterfactual engine in this package.

A panel is stored as Parquet bytes in the database (``IndicatorPanel.content``), normalised at upload to the unit
column (text), the time column (whole periods) and the numeric columns (floats). Why the database and not a file
under MEDIA_ROOT or one table row per cell:

* the engine always reads a panel whole, so a columnar file is the natural form; one row per cell would need an
  entity-attribute-value table for arbitrary columns and be slower to read back;
* in the database the bytes are written and rolled back with the record (the demo loads inside one transaction;
  a failed upload leaves no orphan file) and are backed up with everything else;
* panels are small: ~350 councils x 20 years x a few columns is well under a megabyte (uploads are capped at 10 MB).

An analysis keeps its specification, the job that ran it and the whole result as JSON, so a page or a report
always shows the figures as they were computed, even if the panel is later replaced.
"""
from __future__ import annotations

import io

import pandas as pd
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PeriodKind(models.TextChoices):
    FINANCIAL_YEAR = "financial_year", "Financial years (2009 is 2009-10)"
    CALENDAR_YEAR = "calendar_year", "Calendar years"


class IndicatorPanel(models.Model):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=500, help_text="Who published the figures, and where.")
    licence = models.CharField(max_length=200, help_text="For example, Open Government Licence v3.0.")
    vintage = models.CharField(max_length=100, blank=True, help_text="The release or date of the figures.")
    illustrative = models.BooleanField(default=False, help_text="Generated demonstration figures, not published statistics.")
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(editable=False, help_text="The panel as Parquet: unit, time and numeric columns.")
    unit_column = models.CharField(max_length=100)
    time_column = models.CharField(max_length=100)
    numeric_columns = models.JSONField(default=list)
    units = models.JSONField(default=list)
    period_kind = models.CharField(max_length=14, choices=PeriodKind.choices, default=PeriodKind.FINANCIAL_YEAR,
                                   help_text="Whether a period 2009 is the financial year 2009-10 or the calendar year.")
    first_period = models.IntegerField()
    last_period = models.IntegerField()
    row_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["name", "-uploaded_at"]

    def __str__(self) -> str:
        # The demo's panel says so in its name already: never "(illustrative) (illustrative)".
        marked = self.illustrative and "illustrative" not in self.name.lower()
        return self.name + (" (illustrative)" if marked else "")

    def get_absolute_url(self) -> str:
        return reverse("impact:panel", args=[self.pk])

    def frame(self):
        return pd.read_parquet(io.BytesIO(bytes(self.content)))

    @property
    def periods(self) -> list[int]:
        return list(range(self.first_period, self.last_period + 1))


class DonorRule(models.TextChoices):
    SAME_TYPE = "same_type", "Councils of the same type as the treated councils"
    SAME_REGION = "same_region", "Councils of the same type in the same region"
    CHOSEN = "chosen", "Councils I choose"


class VMethod(models.TextChoices):
    NESTED = "nested", "Data-driven (nested search minimising pre-treatment error)"
    EQUAL = "equal", "Equal importance for every predictor"


class AnalysisStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to run"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class ImpactAnalysis(models.Model):
    title = models.CharField(max_length=200)
    project = models.ForeignKey("portfolio.Project", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="impact_analyses")
    gain = models.ForeignKey("ledger.EfficiencyGain", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="impact_analyses")
    panel = models.ForeignKey(IndicatorPanel, on_delete=models.PROTECT, related_name="analyses")
    outcome = models.CharField(max_length=100)
    outcome_label = models.CharField(max_length=200, blank=True, help_text="The outcome in words, with its unit.")
    treated = models.JSONField(default=list, help_text="The treated councils' values in the panel's unit column.")
    treatment_year = models.IntegerField("start (treatment) period")
    donor_rule = models.CharField(max_length=12, choices=DonorRule.choices, default=DonorRule.SAME_TYPE)
    donors = models.JSONField(default=list, blank=True, help_text="Chosen donor councils (for 'Councils I choose').")
    predictors = models.JSONField(default=list, blank=True,
                                  help_text="Predictor specifications such as 'households:2004-2008'; none: the outcome in each pre-period.")
    v_method = models.CharField(max_length=10, choices=VMethod.choices, default=VMethod.NESTED)
    penalty = models.FloatField("penalty (lambda)", default=0.0,
                                help_text="Abadie-L'Hour penalised synthetic control; 0 is the classic estimator.")
    adoption = models.JSONField(default=dict, blank=True,
                                help_text="Staggered adoption: each treated council's own start period, when they differ.")
    placebos = models.BooleanField("in-space placebos", default=True)
    status = models.CharField(max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.QUEUED)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evidence_gains = models.ManyToManyField("ledger.EfficiencyGain", blank=True, related_name="impact_evidence",
                                            help_text="Gains whose evidence method and level were set from this analysis.")
    illustrative = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["result"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "impact analyses"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("impact:analysis", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (AnalysisStatus.SUCCEEDED, AnalysisStatus.FAILED)
