"""The performance toolkit's records: the indicator catalogue, values with their vintage and approval, targets,
exception commentary, priority outcomes with their projects, resources and reward grant, and the partnership
self-assessment."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from riep.core.fields import FinancialYearField, money_field
from riep.portfolio.models import Project
from riep.registry.models import Organisation, Partnership

VALUE = {"max_digits": 18, "decimal_places": 4}


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEITHER = "neither", "Neither: context, not a target"  # spend per head: more is not better, nor less


class Frequency(models.TextChoices):
    FINANCIAL_YEAR = "financial_year", "Annual (financial year)"
    CALENDAR_YEAR = "calendar_year", "Annual (calendar year)"


class Outcome(models.Model):
    """An outcome the indicators serve: the catalogue's (fear of crime, obesity…) or one a partnership adds."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    whitehall_priority = models.BooleanField(default=False, help_text="One of the article's priorities agreed with government.")
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    framework = models.CharField(max_length=40, blank=True, help_text="The catalogue framework it belongs to (lof-2026…).")
    history = HistoricalRecords()  # a partnership's own outcome is renamed or removed: who, when and what it was

    class Meta:
        ordering = ["-whitehall_priority", "name"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    key = models.CharField(max_length=40, unique=True, help_text="NI55, or a local indicator's own key.")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=300)
    definition = models.TextField()
    unit = models.CharField(max_length=40)
    polarity = models.CharField(max_length=7, choices=Polarity.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.FINANCIAL_YEAR)
    geography = models.CharField(max_length=100, help_text="The councils it is published for.")
    source = models.TextField(help_text="Publisher, dataset and licence.")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators")
    decimals = models.PositiveSmallIntegerField(default=1)
    negative_allowed = models.BooleanField(default=False)
    catalogue_version = models.CharField(max_length=20, blank=True, help_text="Empty for a partnership's local indicator.")
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                    help_text="Set for a partnership-defined local indicator.")
    derived_from = models.CharField(max_length=100, blank=True, help_text="finance:<line> for a per-head spend indicator.")
    history = HistoricalRecords()  # a local indicator's definition changes: who changed what, and when

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("performance:indicator", args=[self.key])

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"


def _council_or_area(name: str) -> models.CheckConstraint:
    """A row is for one council or for one partnership's area as a whole (riep.performance.places), never both."""
    return models.CheckConstraint(
        condition=models.Q(council__isnull=False, partnership__isnull=True) | models.Q(council__isnull=True, partnership__isnull=False),
        name=name)


class PlacedRow(models.Model):
    """Values, targets and commentary: for one council, or for a partnership's area as a whole."""

    council = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="Set (and no council) for a figure of the partnership's area as a whole.")

    class Meta:
        abstract = True

    @property
    def place(self):
        return self.council if self.council_id else self.partnership


class ApprovedRow(PlacedRow):
    """A figure seen within its partnership at once and beyond it once its staff approve it (values and targets:
    riep.performance.permissions.visible_values_filter)."""

    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


class IndicatorValue(ApprovedRow):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=7, help_text="2009-10 (financial year) or 2009 (calendar year).")
    value = models.DecimalField(**VALUE)
    vintage = models.CharField(max_length=100, blank=True, help_text="The release the value comes from.")
    note = models.CharField(max_length=300, blank=True)
    illustrative = models.BooleanField(default=False, help_text="Generated for the demo: not a published figure.")

    class Meta:
        ordering = ["indicator", "council", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "council", "period"], name="one_value_per_period"),
                       models.UniqueConstraint(fields=["indicator", "partnership", "period"], name="one_area_value_per_period"),
                       _council_or_area("value_for_council_or_area")]


class ToleranceKind(models.TextChoices):
    ABSOLUTE = "absolute", "In the indicator's unit"
    PERCENT = "percent", "Per cent of the target"


class Target(ApprovedRow):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=7)
    baseline = models.DecimalField(**VALUE, null=True, blank=True)
    baseline_period = models.CharField(max_length=7, blank=True)
    target = models.DecimalField(**VALUE)
    stretch = models.BooleanField(default=False, help_text="A stretch target carrying reward grant.")
    expected = models.DecimalField(**VALUE, null=True, blank=True,
                                   help_text="Performance expected without the agreement (stretch targets).")
    tolerance = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    tolerance_kind = models.CharField(max_length=8, choices=ToleranceKind.choices, default=ToleranceKind.ABSOLUTE)
    # Like a value, a target set or changed waits for approval (ApprovedRow): a draft target must not reach a
    # central-government reviewer as if agreed. Approval is not a change of the target, so its history leaves it out.
    history = HistoricalRecords(excluded_fields=["approved_at", "approved_by"])  # every change of a target, baseline or band

    class Meta:
        ordering = ["indicator", "council", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "council", "period"], name="one_target_per_period"),
                       models.UniqueConstraint(fields=["indicator", "partnership", "period"], name="one_area_target_per_period"),
                       _council_or_area("target_for_council_or_area")]


class Commentary(PlacedRow):
    """Exception commentary: what is being done about a measure that is off track."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentaries")
    period = models.CharField(max_length=7)
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "council", "period"], name="one_commentary_per_period"),
                       models.UniqueConstraint(fields=["indicator", "partnership", "period"], name="one_area_commentary_per_period"),
                       _council_or_area("commentary_for_council_or_area")]


class PriorityOutcome(models.Model):
    """An outcome a partnership agreed with government, with the projects that serve it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="priorities")
    statement = models.TextField(blank=True, help_text="What the partnership agreed to deliver.")
    projects = models.ManyToManyField(Project, blank=True, related_name="+")
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[projects])  # its statement, its projects, and its removal

    class Meta:
        ordering = ["-outcome__whitehall_priority", "outcome__name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "outcome"], name="one_priority_per_outcome")]

    def get_absolute_url(self) -> str:
        return reverse("performance:outcome", args=[self.partnership.code, self.outcome.slug])


class ResourceDirection(models.TextChoices):
    REQUESTED = "requested", "Requested from government"
    OFFERED = "offered", "Offered by government"


class ResourceAsk(models.Model):
    priority = models.ForeignKey(PriorityOutcome, on_delete=models.CASCADE, related_name="resources")
    direction = models.CharField(max_length=10, choices=ResourceDirection.choices)
    description = models.CharField(max_length=300)
    amount = money_field(null=True, blank=True)
    status = models.CharField(max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["direction", "pk"]


class RewardAgreement(models.Model):
    """A reward grant agreement (an LAA's or Local PSA's): its pot, its rule and how the reward is shared."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    first_year = FinancialYearField()
    last_year = FinancialYearField()
    pump_priming = money_field(default=0)
    reward_available = money_field(help_text="Performance Reward Grant if every stretch target is met.")
    threshold = models.DecimalField(max_digits=5, decimal_places=4, default=0.6,
                                    help_text="Share of the stretch from which a proportionate reward is paid.")
    partial = models.BooleanField(default=True, help_text="Pay a proportionate share short of the full stretch.")
    support_costs = money_field(default=0)
    voluntary_sector_share = models.DecimalField(max_digits=5, decimal_places=4, default=0)
    source = models.CharField(max_length=300, blank=True)
    illustrative = models.BooleanField(default=False)


class RewardTarget(models.Model):
    agreement = models.ForeignKey(RewardAgreement, on_delete=models.CASCADE, related_name="targets")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="+")
    allocation = money_field(null=True, blank=True, help_text="Empty: an equal share of the reward available.")


class Contribution(models.Model):
    reward_target = models.ForeignKey(RewardTarget, on_delete=models.CASCADE, related_name="contributions")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=8, decimal_places=4)


class Rating(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class SelfAssessment(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    year = FinancialYearField()
    question_set_version = models.CharField(max_length=20)
    completed_on = models.DateField(null=True, blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["partnership", "-year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="one_assessment_a_year")]

    def get_absolute_url(self) -> str:
        return reverse("performance:assessment", args=[self.partnership.code, str(self.year)])


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=60)
    rating = models.CharField(max_length=5, choices=Rating.choices)
    evidence = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_per_question")]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class ActionPoint(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="actions")
    question = models.CharField(max_length=60)
    action = models.CharField(max_length=300)
    owner = models.CharField(max_length=120)
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
