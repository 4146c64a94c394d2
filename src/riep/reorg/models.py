"""Structural change models: reorganisation scenarios, shared back-office services and the planning capacity pool.

Every editable assumption keeps its history (django-simple-history), so a scenario can be challenged and rerun.
"""
from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from riep.core.fields import FinancialYearField, money_field
from riep.registry.models import Organisation, Partnership

from .calc.harmonisation import TARGET_LABELS
from .calc.matching import SPECIALISMS
from .calc.options import KINDS
from .calc.sharing import FORMULAS

ASSUMPTION_KINDS = list(KINDS.items())


class Scenario(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    area = models.CharField(max_length=120, help_text="The area being reorganised, e.g. County Durham.")
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="reorg_scenarios")
    vesting_year = FinancialYearField(help_text="The new councils' first financial year.")
    description = models.TextField(blank=True)
    horizon_years = models.PositiveSmallIntegerField(default=10)
    savings_ramp = models.CharField(max_length=100, default="50,80,100",
                                    help_text="Share of the full saving reached in years 0, 1, 2… (percent).")
    transition_phasing = models.CharField(max_length=100, default="60,40",
                                          help_text="Share of one-off costs falling in years 0, 1… (percent).")
    draws = models.PositiveIntegerField(default=1000)
    seed = models.PositiveIntegerField(default=2009)
    tax_target = models.CharField(max_length=20, choices=list(TARGET_LABELS.items()), default="weighted_average")
    tax_years = models.PositiveSmallIntegerField(default=3)
    referendum_limit = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True,
                                           help_text="A fraction: 0.0499 is 4.99%.")
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScenarioCouncil(models.Model):
    """A predecessor council in a scenario, with its baseline spend and council tax."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="predecessors")
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reorg_scenario_entries")
    baseline_spend = money_field(null=True, blank=True, help_text="Net revenue spend a year (£).")
    baseline_source = models.CharField(max_length=300, blank=True)
    band_d = money_field(null=True, blank=True)
    tax_base = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True,
                                   help_text="Band D equivalent dwellings.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-council__council_type", "council__name"]
        constraints = [models.UniqueConstraint(fields=["scenario", "council"], name="reorg_one_entry_per_council")]

    def __str__(self) -> str:
        return str(self.council)


class Option(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Successor(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="successors")
    name = models.CharField(max_length=120)
    predecessors = models.ManyToManyField(ScenarioCouncil, related_name="successors")

    class Meta:
        ordering = ["pk"]


class AssumptionSet(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="assumption_sets")
    name = models.CharField(max_length=120)
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Assumption(models.Model):
    assumption_set = models.ForeignKey(AssumptionSet, on_delete=models.CASCADE, related_name="assumptions")
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ASSUMPTION_KINDS)
    low = models.DecimalField(max_digits=16, decimal_places=4)
    central = models.DecimalField(max_digits=16, decimal_places=4)
    high = models.DecimalField(max_digits=16, decimal_places=4)
    source_note = models.CharField(max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["assumption_set", "key"], name="reorg_assumption_key")]

    def __str__(self) -> str:
        return self.label


# --- shared services ------------------------------------------------------------------------------------------

FUNCTIONS = [("finance", "Finance"), ("procurement", "Procurement"), ("payroll", "Payroll"), ("hr", "HR"),
             ("ict", "ICT"), ("legal", "Legal"), ("revenues_benefits", "Revenues and benefits")]
SHARING_MODELS = [("lead_authority", "Lead authority"), ("joint_committee", "Joint committee"),
                  ("company", "Company")]


class SharedService(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="shared_services")
    sharing_model = models.CharField(max_length=20, choices=SHARING_MODELS, default="lead_authority")
    lead_council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="led_shared_services")
    formula = models.CharField(max_length=20, choices=list(FORMULAS.items()), default="equal")
    set_up_cost = money_field()
    running_cost = money_field(help_text="Yearly cost of running the shared service (£).")
    description = models.TextField(blank=True)
    live_from = FinancialYearField(null=True, blank=True, help_text="First financial year the service runs.")
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SharedServiceCouncil(models.Model):
    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="members")
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="shared_service_memberships")
    entered_share = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True,
                                        help_text="Percent, for the 'shares entered' formula.")

    class Meta:
        ordering = ["council__name"]
        constraints = [models.UniqueConstraint(fields=["service", "council"], name="reorg_one_membership")]


class FunctionBaseline(models.Model):
    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="baselines")
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    function = models.CharField(max_length=20, choices=FUNCTIONS)
    cost = money_field()
    fte = models.DecimalField(max_digits=8, decimal_places=1, default=0)
    transactions = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["function", "council__name"]


class FunctionSaving(models.Model):
    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="savings")
    function = models.CharField(max_length=20, choices=FUNCTIONS)
    low = models.DecimalField(max_digits=5, decimal_places=2)
    central = models.DecimalField(max_digits=5, decimal_places=2)
    high = models.DecimalField(max_digits=5, decimal_places=2)
    source_note = models.CharField(max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["function"]


class RealisedSaving(models.Model):
    """A live service's saving in one year, recorded in the ledger as a gain shared between its councils."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="realised")
    year = FinancialYearField()
    amount = money_field()
    ledger_gain = models.ForeignKey("ledger.EfficiencyGain", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["service", "year"], name="reorg_one_saving_a_year")]


# --- planning capacity pool -----------------------------------------------------------------------------------

SPECIALISM_CHOICES = list(SPECIALISMS.items())


class CapacityPool(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="capacity_pools")
    description = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CapacityOffer(models.Model):
    pool = models.ForeignKey(CapacityPool, on_delete=models.CASCADE, related_name="offers")
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    specialism = models.CharField(max_length=20, choices=SPECIALISM_CHOICES)
    days = models.PositiveIntegerField()
    start = models.DateField()
    end = models.DateField()
    max_travel_km = models.PositiveIntegerField(default=80)

    class Meta:
        ordering = ["pk"]


class CapacityRequest(models.Model):
    pool = models.ForeignKey(CapacityPool, on_delete=models.CASCADE, related_name="requests")
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    specialism = models.CharField(max_length=20, choices=SPECIALISM_CHOICES)
    days = models.PositiveIntegerField()
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["pk"]


class CapacityPlacement(models.Model):
    """An agreed placement: officer days from an offer to a request, recharged at a daily rate, tracked as a
    partnership project."""

    pool = models.ForeignKey(CapacityPool, on_delete=models.CASCADE, related_name="placements")
    offer = models.OneToOneField(CapacityOffer, on_delete=models.PROTECT, related_name="placement")
    request = models.OneToOneField(CapacityRequest, on_delete=models.PROTECT, related_name="placement")
    days = models.PositiveIntegerField()
    km = models.PositiveIntegerField()
    recharge_per_day = money_field()
    agreed_on = models.DateField()
    project = models.ForeignKey("portfolio.Project", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        ordering = ["pk"]
