"""Background jobs on Django's Tasks API (the django-tasks backport with its database backend).

- A capability registers each kind of job in its own `jobs` module with `@job_kind(kind, name, visible_to=...)`
  and imports that module in its `AppConfig.ready()`; core imports no capability.
- Pages and the API call `enqueue(kind, params, user, subject=...)` and send the person to the job's page.
- `riep worker` runs `work()`: the library's worker loop, with progress, heartbeat and stale-job recovery from here.
"""
from riep.core.errors import UserError
from riep.core.jobs.kinds import JobKind, all_kinds, get_kind
from riep.core.jobs.monitor import Progress
from riep.core.jobs.runner import MAX_ATTEMPTS, enqueue, job_kind, recover_stale_jobs
from riep.core.jobs.visibility import can_see_job, visible_jobs
from riep.core.jobs.worker import work


class JobError(UserError):
    """Kept for the handlers that raise it: a job failed for a reason the person can act on (a UserError)."""


__all__ = ["JobError", "JobKind", "MAX_ATTEMPTS", "Progress", "all_kinds", "enqueue", "get_kind", "job_kind",
           "recover_stale_jobs", "can_see_job", "visible_jobs", "work"]
