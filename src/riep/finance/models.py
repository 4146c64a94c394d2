"""The government's revenue returns as published: one return per family and year, its columns, each council's row.

A council's row keeps every figure of the return in one JSON map (column key -> decimal text, £ thousand), not one
database row per cell: a return is ~470 rows x ~95-250 columns, and every reader (indicators, peers, the series
protocol) asks for a few columns of every council, which one query over ~470 rows answers. Figures are Decimal
text exactly as the workbook holds them; a cell the workbook leaves blank or marks "..." is absent, never zero.
"""
from __future__ import annotations

from decimal import Decimal

from django.db import models

from riep.core.fields import FinancialYearField


class ReturnFamily(models.TextChoices):
    RS = "RS", "Revenue Outturn Summary (RS)"
    RA = "RA", "Revenue Account budget (RA)"


class FinanceReturn(models.Model):
    family = models.CharField(max_length=2, choices=ReturnFamily.choices)
    year = FinancialYearField()
    title = models.CharField(max_length=300, help_text="The workbook's own title line.")
    vintage = models.CharField(max_length=120, blank=True, help_text="e.g. 'Revision', 'Provisional (pre-November)'.")
    file_name = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64)
    upload = models.ForeignKey("core.Upload", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now=True)
    # What the importer could not join to the registry: [{"row", "e_code", "ons_code", "name", "reason"}]
    unmapped = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["family", "year"]
        constraints = [models.UniqueConstraint(fields=["family", "year"], name="one_finance_return_per_year")]

    def __str__(self) -> str:
        return f"{self.family} {self.year}"


class ReturnColumn(models.Model):
    """A column of a return as published: its key (family, CIPFA line number and, for balances, the date)."""

    finance_return = models.ForeignKey(FinanceReturn, on_delete=models.CASCADE, related_name="columns")
    key = models.CharField(max_length=30)  # "RS-805", "RS-916-31mar": stable across years of the family
    line_number = models.PositiveIntegerField()
    label = models.CharField(max_length=300)
    section = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(help_text="Where the column was found (for reference, never used to find it).")

    class Meta:
        ordering = ["finance_return", "position"]
        constraints = [models.UniqueConstraint(fields=["finance_return", "key"], name="one_column_per_key")]


class CouncilFigures(models.Model):
    """One council's row of a return: every figure it published, by column key."""

    finance_return = models.ForeignKey(FinanceReturn, on_delete=models.CASCADE, related_name="councils")
    council = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="finance_figures")
    e_code = models.CharField("MHCLG E-code", max_length=6)
    ons_code = models.CharField(max_length=9, blank=True)
    name_as_published = models.CharField(max_length=200)
    authority_class = models.CharField(max_length=4, blank=True, help_text="The return's class: SC, SD, MD, UA, L, O.")
    imputed = models.BooleanField(default=False, help_text="The publisher imputed the figures (no return received).")
    row_number = models.PositiveIntegerField()
    values = models.JSONField(default=dict)  # column key -> decimal text in £ thousand

    class Meta:
        ordering = ["finance_return", "council"]
        constraints = [models.UniqueConstraint(fields=["finance_return", "council"], name="one_row_per_council")]

    def value(self, key: str) -> Decimal | None:
        text = self.values.get(key)
        return None if text is None else Decimal(text)
