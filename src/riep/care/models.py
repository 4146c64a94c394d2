"""A council's care placements, priced against a rate card, and the imports that brought them in.

People are identified by the council's own reference only, never by name. The priced figures are
stored with the rate card name and vintage they came from, so a later card never silently changes
what an earlier negotiation pack said.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from riep.core.fields import money_field
from riep.registry.models import Organisation

ZERO_HOURS = Decimal("0")


class ServiceTypeChoice(models.TextChoices):
    RESIDENTIAL = "residential", "Residential care"
    SUPPORTED_LIVING_ACCOMMODATION = "supported_living_accommodation", "Supported living (accommodation-based)"
    SUPPORTED_LIVING_FLOATING = "supported_living_floating", "Supported living (floating support)"
    HOMECARE = "homecare", "Homecare"


def hours_field(verbose_name: str, help_text: str = "") -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=10, decimal_places=4, default=ZERO_HOURS, help_text=help_text)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting"
    SUCCEEDED = "succeeded", "Imported"
    FAILED = "failed", "Refused (nothing imported)"


class PlacementImport(models.Model):
    """One upload of a placements file: all or nothing, with its counts and totals."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="care_imports")
    file_name = models.CharField(max_length=255)
    upload = models.ForeignKey("core.Upload", null=True, on_delete=models.PROTECT, related_name="+")  # the file's bytes
    rate_card = models.CharField(max_length=60)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    total_current_weekly = money_field(null=True, blank=True)
    total_fair_weekly = money_field(null=True, blank=True)
    total_weekly_gap = money_field(null=True, blank=True)
    problems = models.JSONField(default=list, blank=True)  # [{"row": 5, "field": "...", "message": "..."}]
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.council}, {self.uploaded_at:%d %b %Y})"


class Placement(models.Model):
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="care_placements")
    person_reference = models.CharField(
        max_length=40, help_text="The council's own reference for the person (never a name), e.g. DEMO-0001.")
    service_type = models.CharField(max_length=32, choices=ServiceTypeChoice.choices)
    shared_core_hours = hours_field("shared core hours a week", "The setting's shared staff hours, shared by its residents.")
    shared_by = models.PositiveSmallIntegerField("shared by (people)", default=1)
    one_to_one_hours = hours_field("one-to-one hours a week")
    two_to_one_hours = hours_field("two-to-one hours a week")
    waking_night_hours = hours_field("waking-night hours a week")
    sleep_in_nights = hours_field("sleep-in nights a week")
    nights_shared_by = models.PositiveSmallIntegerField("nights shared by (people)", null=True, blank=True)
    provider = models.CharField(max_length=200)
    current_weekly_fee = money_field(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    # Priced figures, with the rate card and vintage they came from.
    rate_card = models.CharField("rate card used", max_length=60, blank=True)
    rate_card_vintage = models.CharField(max_length=120, blank=True)
    fair_weekly_price = money_field(null=True, blank=True)
    floor_weekly_price = money_field(null=True, blank=True)
    ceiling_weekly_price = money_field(null=True, blank=True)
    weekly_gap = money_field(null=True, blank=True, help_text="Current fee − fair price; negative is a risk, never a saving.")
    annual_gap = money_field(null=True, blank=True)
    gap_flag = models.CharField(max_length=20, blank=True)
    # The negotiated outcome.
    agreed_weekly_fee = money_field(null=True, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    expected_remaining_years = models.DecimalField(
        "expected remaining duration (years)", max_digits=5, decimal_places=2, null=True, blank=True,
        help_text="How long the placement is expected to continue from the agreed date. Blank: the rate card's "
                  "assumption. The negotiated saving is recorded for each year of it.")
    remaining_years_reason = models.CharField("reason for the expected duration", max_length=300, blank=True)
    review_cost = money_field(null=True, blank=True, help_text="One-off cost of the review and negotiation, netted off "
                                                               "in the first year.")
    ledger_gain = models.ForeignKey("ledger.EfficiencyGain", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="care_placements")
    last_import = models.ForeignKey(PlacementImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    illustrative = models.BooleanField(default=False, help_text="Demonstration data, not a real person's placement.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "person_reference"]
        constraints = [models.UniqueConstraint(fields=["council", "person_reference"], name="one_placement_per_reference")]

    def __str__(self) -> str:
        return f"{self.person_reference} ({self.provider})"

    def get_absolute_url(self) -> str:
        return reverse("care:placement", args=[self.pk])

    @property
    def weekly_saving(self) -> "Decimal | None":
        """Realised saving a week from the negotiated fee (only when it is lower than the current fee)."""
        if self.agreed_weekly_fee is None or self.current_weekly_fee is None:
            return None
        saving = self.current_weekly_fee - self.agreed_weekly_fee
        return saving if saving > 0 else Decimal("0.00")

    @property
    def agreed_below_floor(self) -> bool:
        """An agreed fee below the fair-price floor: a risk to flag, never a saving."""
        return (self.agreed_weekly_fee is not None and self.floor_weekly_price is not None
                and self.agreed_weekly_fee < self.floor_weekly_price)
