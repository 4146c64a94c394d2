"""The procurement hub's records. Spend lines themselves live in Parquet (`RIEP_SPEND_DIR`, written through
`riep.procurement.analytics.store`); the database keeps each imported file, the mapping a person confirmed, the
names each council published, the suppliers they resolve to, the review decisions and the savings recorded."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from riep.core.money import MONEY_DIGITS, MONEY_PLACES
from riep.registry.models import Organisation, Partnership


def money_field(verbose_name: str, **options) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, **options)


class VatBasis(models.TextChoices):
    NET = "net", "Net of VAT"
    GROSS = "gross", "Including VAT"
    NOT_STATED = "not_stated", "Not stated"


class FileStatus(models.TextChoices):
    AWAITING_MAPPING = "awaiting_mapping", "Waiting for the columns to be confirmed"
    QUEUED = "queued", "Queued"
    IMPORTED = "imported", "Imported"
    REFUSED = "refused", "Refused"
    DUPLICATE = "duplicate", "Already imported (nothing changed)"


class SpendFile(models.Model):
    """One spend file given to the hub for one council: its original bytes (core.Upload), the mapping used and
    what came of it. A refused file keeps every problem found; an imported one its totals."""
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="spend_files")
    upload = models.ForeignKey("core.Upload", null=True, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=FileStatus.choices, default=FileStatus.QUEUED)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    encoding = models.CharField(max_length=40, blank=True)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    header_signature = models.CharField(max_length=32, blank=True)
    mapping = models.JSONField(default=dict, blank=True)  # field -> column header as written
    chosen = models.JSONField(default=dict, blank=True)  # field -> column index a person chose (page or --map)
    date_format = models.CharField(max_length=20, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    lines_imported = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)  # blank or footer rows with no date, amount or supplier
    rows_refused = models.PositiveIntegerField(default=0)
    total_amount = money_field("total amount", default=0)
    redacted_lines = models.PositiveIntegerField(default=0)
    lines_below_threshold = models.PositiveIntegerField(default=0)
    threshold = money_field("publication threshold (£)", null=True, blank=True)
    threshold_source = models.CharField(max_length=200, blank=True)
    vat_basis = models.CharField(max_length=12, choices=VatBasis.choices, default=VatBasis.NOT_STATED)
    vat_basis_source = models.CharField(max_length=200, blank=True)
    first_payment = models.DateField(null=True, blank=True)
    last_payment = models.DateField(null=True, blank=True)
    notes = models.JSONField(default=list, blank=True)  # sentences: what was repaired or assumed
    problems = models.JSONField(default=list, blank=True)  # [{"row", "field", "value", "message"}]

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.council})"


class ColumnMapping(models.Model):
    """A mapping confirmed for one council's header set: the next file with the same headers uses it."""
    council = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="spend_mappings")
    header_signature = models.CharField(max_length=32)
    headers = models.JSONField(default=list)
    chosen = models.JSONField(default=dict)  # field -> column index (None: not in this file)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "header_signature"], name="one_mapping_per_header_set")]


class Supplier(models.Model):
    """A supplier as resolved across councils. `reference` is stable: re-running resolution keeps it."""
    reference = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=300)
    company_number = models.CharField(max_length=12, blank=True)
    charity_number = models.CharField(max_length=12, blank=True)
    vat_number = models.CharField(max_length=20, blank=True)
    category_code = models.CharField(max_length=20, blank=True)  # ProClass
    category_label = models.CharField(max_length=200, blank=True)
    cpv_code = models.CharField(max_length=20, blank=True)
    category_confidence = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    category_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                              on_delete=models.SET_NULL, related_name="+")
    category_confirmed_at = models.DateTimeField(null=True, blank=True)
    category_basis = models.CharField(max_length=300, blank=True)
    total_amount = money_field("total spend", default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class SupplierName(models.Model):
    """A name as one council published it (with its own supplier ID), and the supplier it resolves to."""
    council = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="spend_supplier_names")
    raw_name = models.CharField(max_length=300)
    supplier_id_published = models.CharField(max_length=100, blank=True)
    company_number = models.CharField(max_length=12, blank=True)
    charity_number = models.CharField(max_length=12, blank=True)
    vat_number = models.CharField(max_length=20, blank=True)
    lines = models.PositiveIntegerField(default=0)
    total_amount = money_field("total spend", default=0)
    expense_type = models.CharField(max_length=200, blank=True)  # the one most of its lines give, to classify by
    supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.SET_NULL, related_name="names")
    first_seen_in = models.ForeignKey(SpendFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["raw_name"]
        constraints = [models.UniqueConstraint(fields=["council", "raw_name", "supplier_id_published"],
                                               name="one_name_per_council_and_id")]

    def __str__(self) -> str:
        return self.raw_name


class ResolutionRun(models.Model):
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    names = models.PositiveIntegerField(default=0)
    suppliers = models.PositiveIntegerField(default=0)
    borderline = models.PositiveIntegerField(default=0)


class BorderlinePair(models.Model):
    """Two published names the resolver could not decide: for a person to accept (one supplier) or reject."""
    left = models.ForeignKey(SupplierName, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(SupplierName, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=3)
    reason = models.CharField(max_length=300, blank=True)
    run = models.ForeignKey(ResolutionRun, on_delete=models.CASCADE, related_name="pairs")

    class Meta:
        ordering = ["-score", "pk"]


class Verdict(models.TextChoices):
    SAME = "same", "The same supplier"
    DIFFERENT = "different", "Different suppliers"


class ResolutionDecision(models.Model):
    """A person's decision on a pair of names. Never edited: a later decision on the same pair supersedes it, so
    the history stays. Every resolution run applies the latest decision of each pair."""
    left = models.ForeignKey(SupplierName, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(SupplierName, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    note = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]


class JointContractSaving(models.Model):
    """A saving from a new joint contract, validated against the councils' own prior spend lines with that supplier
    (or category), and the gain it became in the ledger."""
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="spend_savings")
    lead_council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    councils = models.ManyToManyField(Organisation, related_name="+")
    supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category_code = models.CharField(max_length=20, blank=True)
    project_id = models.PositiveIntegerField(null=True, blank=True)  # the portfolio project, if any
    contract_start = models.DateField()
    baseline_from = models.DateField()
    baseline_to = models.DateField()
    baseline_spend = money_field("prior spend in the baseline period")
    baseline_lines = models.PositiveIntegerField(default=0)
    baseline_annual = money_field("prior spend a year")
    new_annual_cost = money_field("annual cost under the joint contract")
    annual_saving = money_field("annual saving")
    ledger_gain_id = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]


class SupplierMapVersion(models.Model):
    """One row: a token that changes whenever the supplier map might have (a resolution run, a category set by
    hand, an import's names). The finder's copy of the map in Parquet carries the token it was made at and is used
    only while the two agree; being in the database, the token commits and rolls back with the change itself."""
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)
