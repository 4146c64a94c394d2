"""Regions, councils and partner bodies, partnerships, memberships and people."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from riep.core.fields import FinancialYearField, money_field
from riep.core.fy import year_range


class Region(models.Model):
    code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    PUBLIC_BODY = "public_body", "Other public body"
    PRIVATE = "private", "Private sector partner"
    VOLUNTARY = "voluntary", "Voluntary or community sector"


class CouncilType(models.TextChoices):
    COUNTY = "CTY", "County council"
    DISTRICT = "NMD", "District council"
    UNITARY = "UA", "Unitary authority"
    METROPOLITAN = "MD", "Metropolitan district"
    LONDON_BOROUGH = "LBO", "London borough"
    CITY_CORPORATION = "CC", "City corporation"
    COMBINED = "COMB", "Combined authority"
    STRATEGIC = "SRA", "Strategic regional authority"


class OrganisationQuerySet(models.QuerySet):
    def councils(self):
        return self.filter(kind=OrganisationKind.COUNCIL)

    def current(self):
        return self.filter(end_date__isnull=True)


class Organisation(models.Model):
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.COUNCIL)
    name = models.CharField("official name", max_length=200)
    short_name = models.CharField(max_length=120, blank=True)
    gss_code = models.CharField("GSS code", max_length=9, unique=True, null=True, blank=True)
    snac_code = models.CharField("ONS SNAC code", max_length=6, blank=True, help_text="Pre-2011 ONS code.")
    registry_code = models.CharField(
        "local authority code", max_length=4, unique=True, null=True, blank=True,
        help_text="Three-letter code from mySociety's register.",
    )
    council_type = models.CharField(max_length=5, choices=CouncilType.choices, blank=True)
    county = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="districts")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations")
    population = models.PositiveIntegerField(null=True, blank=True, help_text="Mid-2020 estimate (ONS).")
    mhclg_ecode = models.CharField("MHCLG E-code", max_length=6, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="predecessors")
    history = HistoricalRecords(m2m_fields=[successors])

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["short_name", "name"]
        indexes = [models.Index(fields=["kind", "region", "council_type"])]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_current(self) -> bool:
        return self.end_date is None

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "End date must be on or after the start date"})
        if self.kind == OrganisationKind.COUNCIL and not self.council_type:
            raise ValidationError({"council_type": "Select the type of council"})


class Partnership(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text="Short code used in the CLI and API, e.g. EE.")
    name = models.CharField(max_length=200)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="partnerships")
    accountable_body = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="accountable_for",
        help_text="The council that receives and accounts for the grant.",
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name


class FundingPeriod(models.Model):
    """The years a partnership's central funding runs over (data, not code)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="funding_periods")
    name = models.CharField(max_length=120)
    first_year = FinancialYearField()
    last_year = FinancialYearField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["first_year"]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_year}–{self.last_year})"

    def clean(self):
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": "The last year must not be before the first year"})

    def contains(self, year) -> bool:
        return self.first_year <= year <= self.last_year

    @property
    def years(self):
        return year_range(self.first_year, self.last_year)


class GrantKind(models.TextChoices):
    CORE = "core", "Core grant (revenue)"
    CAPITAL = "capital", "Capital grant"
    EFFICIENCY_FUND = "etf", "Efficiency and Transformation Fund (capital)"
    OTHER = "other", "Other grant"


class PartnershipGrant(models.Model):
    """Central funding paid to the partnership's accountable body in a financial year."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="grants")
    year = FinancialYearField()
    kind = models.CharField(max_length=10, choices=GrantKind.choices, default=GrantKind.CORE)
    amount = money_field(validators=[])
    source = models.CharField(max_length=300, help_text="Where the figure comes from.")
    illustrative = models.BooleanField(default=False, help_text="Not a published figure: for demonstration only.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "kind"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year", "kind"], name="one_grant_per_kind_year")]

    def clean(self):
        if self.amount is not None and self.amount < Decimal(0):
            raise ValidationError({"amount": "Grant must not be negative"})


class MembershipRole(models.TextChoices):
    MEMBER_COUNCIL = "member", "Member council"
    PARTNER = "partner", "Partner organisation"
    ACCOUNTABLE_BODY = "accountable", "Accountable body"


class Membership(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER_COUNCIL)
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "organisation"], name="one_membership")]

    def clean(self):
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": "Leaving date must be on or after the joining date"})


class Person(models.Model):
    """A named contact: board members, leads and officers (who need not have a sign-in)."""

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    partnership_role = models.CharField(max_length=200, blank=True, help_text="e.g. Board chair, Programme lead")
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name
