"""Programmes, projects, their funding by source and financial year, milestones and delivery confidence."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from riep.core.fields import FinancialYearField, money_field
from riep.registry.models import FundingPeriod, Organisation, Partnership


class Theme(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="unique_programme_name")]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "In delivery"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed early"


class Confidence(models.TextChoices):
    """The five-point delivery confidence scale, worst first."""

    RED = "red", "Red"
    AMBER_RED = "amber_red", "Amber/Red"
    AMBER = "amber", "Amber"
    AMBER_GREEN = "amber_green", "Amber/Green"
    GREEN = "green", "Green"


class Project(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="projects")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")
    funding_period = models.ForeignKey(FundingPeriod, on_delete=models.PROTECT, related_name="projects")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="projects")
    lead_council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="led_projects")
    participating_councils = models.ManyToManyField(Organisation, blank=True, related_name="projects")
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    illustrative = models.BooleanField(
        default=False, help_text="Figures are illustrative (demo), not the project's real figures."
    )
    history = HistoricalRecords(m2m_fields=[participating_councils])

    class Meta:
        ordering = ["partnership__region__code", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "End date must be on or after the start date"
        if self.funding_period_id and self.partnership_id and self.funding_period.partnership_id != self.partnership_id:
            errors["funding_period"] = "Choose a funding period of the project's partnership"
        if self.programme_id and self.partnership_id and self.programme.partnership_id != self.partnership_id:
            errors["programme"] = "Choose a programme of the project's partnership"
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("portfolio:project", args=[self.code])

    @property
    def current_confidence(self):
        return self.confidence_history.first()


class ConfidenceAssessment(models.Model):
    """One dated delivery-confidence rating; the latest is the project's current confidence."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="confidence_history")
    rating = models.CharField(max_length=12, choices=Confidence.choices)
    assessed_on = models.DateField(default=timezone.localdate)
    commentary = models.TextField(blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} on {self.assessed_on:%d %b %Y}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> str:
        if self.completed_on:
            return "Completed"
        return "Overdue" if self.due_on < timezone.localdate() else "Due"


class FundingKind(models.TextChoices):
    CORE_GRANT = "core_grant", "Core grant"
    CAPITAL_GRANT = "capital_grant", "Capital grant"
    OTHER_GRANT = "other_grant", "Other grant"
    COUNCIL_CONTRIBUTION = "council_contribution", "Council contribution"


class FundingSource(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_sources")
    kind = models.CharField(max_length=24, choices=FundingKind.choices)
    contributor = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions",
        help_text="The council contributing (for council contributions).",
    )
    description = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label}: {self.contributor}" if self.contributor_id else label

    def clean(self):
        if self.kind == FundingKind.COUNCIL_CONTRIBUTION and not self.contributor_id:
            raise ValidationError({"contributor": "Select the council making the contribution"})


class FundingLine(models.Model):
    """Allocation and spend of one funding source in one financial year."""

    source = models.ForeignKey(FundingSource, on_delete=models.CASCADE, related_name="lines")
    year = FinancialYearField()
    allocation = money_field(default=Decimal("0.00"))
    spend = money_field(null=True, blank=True, help_text="Leave blank until the year's spend is known.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["source", "year"], name="one_line_per_source_year")]

    def __str__(self) -> str:
        return f"{self.source} {self.year}"

    def clean(self):
        errors = {}
        if self.allocation is not None and self.allocation < 0:
            errors["allocation"] = "Allocation must not be negative"
        if self.spend is not None and self.spend < 0:
            errors["spend"] = "Spend must not be negative"
        if self.year and self.source_id:
            period = self.source.project.funding_period
            if not period.contains(self.year):
                errors["year"] = (
                    f"{self.year} is outside the funding period {period.first_year} to {period.last_year}"
                )
        if errors:
            raise ValidationError(errors)
