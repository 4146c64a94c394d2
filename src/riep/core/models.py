"""Background jobs as people see them, and files uploaded for them.

The queue itself is django-tasks' database backend (`django_tasks_db.DBTaskResult`); a `Job` is the record a person
watches: what it is, who started it, what it is about, how far it has got and how it ended.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class Job(models.Model):
    kind = models.CharField(max_length=60)  # "<capability>.<what>", e.g. "registry.import_councils"
    name = models.CharField(max_length=120, blank=True)  # in words: "Import of the council register"
    params = models.JSONField(default=dict)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)  # what it is about; its kind says of what
    subject_label = models.CharField(max_length=200, blank=True)
    task_result = models.OneToOneField("django_tasks_database.DBTaskResult", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="job")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["kind", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.title} (job {self.pk}, {self.get_status_display().lower()})"

    @property
    def title(self) -> str:
        return self.name or self.kind

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Upload(models.Model):
    """A file a person uploaded for a job: its bytes live in the database, so any worker on any machine reads them."""

    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.size:,} bytes)"
