"""Chosen comparator groups: a partnership names the councils it compares a council with (the other kinds of group,
same type, same region and nearest neighbours, are computed from the registry and the returns, never stored)."""
from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class PeerGroup(models.Model):
    partnership = models.ForeignKey("registry.Partnership", on_delete=models.CASCADE, related_name="peer_groups")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Why these councils are compared with each other.")
    members = models.ManyToManyField("registry.Organisation", related_name="peer_groups")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["partnership__code", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="one_peer_group_name")]

    def __str__(self) -> str:
        return self.name
