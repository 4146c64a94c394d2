"""Early-warning rules, councils' notes and corrections, and the support cases a partnership runs."""
from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from riep.core.fields import FinancialYearField


class WarningRule(models.Model):
    """A partnership's rule: flag a council when an indicator is below or above a threshold."""

    partnership = models.ForeignKey("registry.Partnership", on_delete=models.CASCADE, related_name="warning_rules")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    indicator = models.CharField(max_length=40)
    comparison = models.CharField(max_length=5, choices=[("below", "below"), ("above", "above")])
    threshold = models.DecimalField(max_digits=12, decimal_places=4)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "key"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="one_rule_key_per_partnership")]

    def __str__(self) -> str:
        return self.name


class NoteKind(models.TextChoices):
    NARRATIVE = "narrative", "Local narrative"
    CORRECTION = "correction", "Correction to a published figure"


class CouncilNote(models.Model):
    """What a council says about its figures: context, or a correction of a published line (kept beside it)."""

    council = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="resilience_notes")
    year = FinancialYearField()
    kind = models.CharField(max_length=12, choices=NoteKind.choices)
    text = models.TextField(help_text="The narrative, or why the published figure is wrong.")
    line_key = models.CharField(max_length=30, blank=True, help_text="For a correction: the RS line, e.g. RS-916-31mar.")
    published_value = models.DecimalField(max_digits=26, decimal_places=12, null=True, blank=True)
    corrected_value = models.DecimalField(max_digits=26, decimal_places=12, null=True, blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the corrected figure comes from.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-year", "-created_at"]


class TriggerKind(models.TextChoices):
    FLAG = "flag", "Early-warning flag"
    INSPECTION = "inspection", "Inspection or audit finding"
    REQUEST = "request", "Request from the council"


class InterventionLevel(models.IntegerChoices):
    """The intervention ladder (REFERENCE.md §8), lightest first."""

    RECOVERY_PLAN = 1, "Council recovery plan"
    BOARD = 2, "Improvement or partnership board"
    EXTERNAL = 3, "External support"
    INTERIM = 4, "Interim management"


class Outcome(models.TextChoices):
    RECOVERED = "recovered", "Recovered: the council is financially stable"
    IMPROVED = "improved", "Improved: risks reduced, monitoring continues"
    ESCALATED = "escalated", "Escalated to central government intervention"
    WITHDRAWN = "withdrawn", "Closed at the council's request"


class SupportCase(models.Model):
    council = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="support_cases")
    partnership = models.ForeignKey("registry.Partnership", on_delete=models.PROTECT, related_name="support_cases")
    title = models.CharField(max_length=200)
    trigger = models.CharField(max_length=12, choices=TriggerKind.choices)
    trigger_detail = models.TextField(help_text="What triggered the case: the flag and its value, the finding, the request.")
    trigger_year = FinancialYearField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(choices=InterventionLevel.choices, default=InterventionLevel.RECOVERY_PLAN)
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_detail = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False, help_text="Demonstration data, not a real case.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def get_absolute_url(self) -> str:
        return reverse("resilience:case", args=[self.pk])


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class CaseAction(models.Model):
    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, help_text="Who is responsible: a role or a named person.")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]


class PeerSupport(models.Model):
    """Help another member council offers: a finance director's review, a peer challenge, a secondment."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="peer_support")
    council = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="peer_support_offered")
    description = models.CharField(max_length=300)
    offered_on = models.DateField(default=timezone.localdate)
    history = HistoricalRecords()


class BoardPaper(models.Model):
    """A board paper filed on a case, stored and permissioned like ledger evidence."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="resilience/papers/%Y/")
    meeting_on = models.DateField(null=True, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]

    @property
    def filename(self) -> str:
        return PurePosixPath(self.file.name or "").name or "paper"
