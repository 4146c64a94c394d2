from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from riep.core.models import Job
from riep.core.permissions import Role, requires
from riep.core.tables import download_response


@requires("signed_in")
def dashboard(request):
    from riep.portfolio.services import portfolio_summary

    summary = portfolio_summary(request.user)
    # The dashboard's tables offer downloads like every other table's
    return download_response(request, summary["tables"], "dashboard") or render(request, "core/dashboard.html", summary)


def visible_jobs(user):
    """People see their own jobs; partnership administrators see everyone's."""
    jobs = Job.objects.select_related("created_by")
    return jobs if user.role == Role.PARTNERSHIP_ADMIN else jobs.filter(created_by=user)


@requires("signed_in")
def job_list(request):
    from riep.core.tables import Column, Table, download_response
    from django.urls import reverse

    table = Table("jobs", "Background jobs", [
        Column("id", "Job", link_key="url"), Column("kind", "What"), Column("status", "Status"),
        Column("percent", "Progress (%)", "number"), Column("by", "Started by"), Column("created", "Queued at"),
    ], [{"id": f"Job {j.pk}", "url": reverse("core:job", args=[j.pk]), "kind": j.kind, "status": j.get_status_display(),
         "percent": j.percent, "by": str(j.created_by or "Command line"), "created": j.created_at.strftime("%d %b %Y %H:%M")}
        for j in visible_jobs(request.user)[:200]])
    return download_response(request, [table], "jobs") or render(request, "core/jobs.html", {"table": table})


@requires("signed_in")
def job_detail(request, pk):
    job = get_object_or_404(Job, pk=pk)
    if not visible_jobs(request.user).filter(pk=job.pk).exists():
        raise PermissionDenied("This job belongs to someone else.")
    if request.GET.get("format") == "json":
        return JsonResponse({"id": job.pk, "kind": job.kind, "status": job.status, "percent": job.percent,
                             "done": job.progress_done, "total": job.progress_total, "message": job.message,
                             "result": job.result, "error": job.error})
    return render(request, "core/job.html", {"job": job})


@requires("public")
def health(request):
    return JsonResponse({"status": "ok"})


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else "You do not have permission to see or change this."
    return render(request, "403.html", {"message": message}, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
