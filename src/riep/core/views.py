import sys

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from riep.core.api.errors import error_body
from riep.core.errors import DATABASE_UNAVAILABLE
from riep.core.jobs import can_see_job, visible_jobs
from riep.core.models import Job
from riep.core.permissions import name_shown_to, requires
from riep.core.tables import Column, Table, download_response


def readable_time(moment) -> str:
    """"1 Dec 2026, 21:14" in the platform's time zone; empty when there is none."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M}"


def _outcome(job) -> str:
    if job.error:
        return job.error.splitlines()[0]
    return str(job.result.get("summary", "")) if isinstance(job.result, dict) else ""


@requires("signed_in")
def job_list(request):
    """The jobs the person may see: their own, and others' as each kind's rule allows (riep.core.jobs.visibility)."""

    table = Table("jobs", "Background jobs", [
        Column("id", "Job", link_key="url"), Column("name", "What"), Column("about", "About"),
        Column("status", "Status"), Column("percent", "Progress (%)", "number"), Column("by", "Started by"),
        Column("queued", "Queued"), Column("finished", "Finished"), Column("outcome", "Result"),
    ], [{"id": f"Job {j.pk}", "url": reverse("core:job", args=[j.pk]), "name": j.title, "about": j.subject_label,
         "status": j.get_status_display(), "percent": j.percent, "by": name_shown_to(request.user, j.created_by, "Command line"),
         "queued": readable_time(j.created_at), "finished": readable_time(j.finished_at), "outcome": _outcome(j)}
        for j in visible_jobs(request.user)[:200]])
    return download_response(request, [table], "jobs") or render(request, "core/jobs.html", {"table": table})


@requires("signed_in")
def job_detail(request, pk):
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk)
    if not can_see_job(request.user, job):
        raise PermissionDenied("You may not see this job: it was started by someone else, about something outside your councils or partnerships.")
    if request.GET.get("format") == "json":
        return JsonResponse({"id": job.pk, "kind": job.kind, "name": job.title, "status": job.status,
                             "status_text": job.get_status_display(), "percent": job.percent,
                             "done": job.progress_done, "total": job.progress_total, "message": job.message,
                             "attempts": job.attempts, "result": job.result, "error": job.error})
    return render(request, "core/job.html", {"job": job, "started": readable_time(job.started_at),
                                             "finished": readable_time(job.finished_at),
                                             "queued": readable_time(job.created_at)})


@requires("public")
def health(request):
    return JsonResponse({"status": "ok"})


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else "You do not have permission to see or change this."
    return render(request, "403.html", {"message": message}, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Django's handler500, called while the exception is being handled. A database that does not answer (restarting,
    unreachable, locked past the timeout) is not a fault in the platform: it is a 503 saying to try again, with
    Retry-After. The page is rendered without the request's context, whose menus would ask that database again."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        status, template, detail = 503, "503.html", DATABASE_UNAVAILABLE
    else:
        status, template, detail = 500, "500.html", "Something went wrong on our side."
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(status, detail), status=status)
    else:
        response = HttpResponse(render_to_string(template, {"message": detail}), status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response
