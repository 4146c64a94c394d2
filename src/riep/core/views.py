from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from riep.core.models import Job
from riep.core.permissions import Role, requires


@requires("signed_in")
def dashboard(request):
    from riep.portfolio.services import portfolio_summary

    summary = portfolio_summary(request.user)
    return render(request, "core/dashboard.html", summary)


@requires("signed_in")
def job_detail(request, pk):
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk and request.user.role != Role.PARTNERSHIP_ADMIN:
        from django.core.exceptions import PermissionDenied

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
