"""Who sees which jobs: the person who started a job always; others as its kind's rule says.

Each kind registers `visible_to(user) -> Q`, a filter on its own jobs (usually on `subject_id`, whose meaning the
kind knows: a council, a partnership, an analysis). Core only combines them.
"""
from __future__ import annotations

from django.db.models import Q

from riep.core.jobs.kinds import all_kinds
from riep.core.models import Job


def visible_jobs(user):
    allowed = Q(created_by=user)
    for kind in all_kinds():
        allowed |= Q(kind=kind.kind) & kind.visible_to(user)
    return Job.objects.filter(allowed).select_related("created_by")


def can_see_job(user, job: Job) -> bool:
    return visible_jobs(user).filter(pk=job.pk).exists()
