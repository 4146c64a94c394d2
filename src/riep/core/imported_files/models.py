from django.db import models
from django.utils import timezone


class ImportedFile(models.Model):
    """A file imported successfully: its content hash, for its kind of import and the options that decide it."""

    kind = models.CharField(max_length=60)  # e.g. "registry.councils", "ledger.gains", "care.placements"
    scope = models.CharField(max_length=255, blank=True)  # e.g. "council=E10000016;rate_card=england-2026-27"
    content_hash = models.CharField(max_length=64)  # SHA-256 of the bytes, hex
    file_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "scope", "content_hash"], name="imported_file_once")]
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.kind}, {self.imported_at:%d %b %Y})"
