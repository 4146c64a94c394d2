"""Project pages: the project's additionality choice, its history and the parameter sets to choose from."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from riep.core.permissions import requires
from riep.core.tables import LINK, Column, Table, download_response
from riep.ledger import services
from riep.ledger.calc.additionality import load_parameter_sets
from riep.ledger.forms import AdditionalityForm
from riep.ledger.models import AdditionalityChoice
from riep.portfolio.models import Project


@requires("signed_in")
def additionality(request, code):
    """A project's additionality choice: anyone signed in sees it and its history; only a programme manager of the
    project's partnership changes it (others get 403 on POST)."""

    project = get_object_or_404(Project.objects.select_related("partnership"), code=code)
    choice = AdditionalityChoice.objects.filter(project=project).first()
    can_change = services.can_choose_additionality(request.user, project)
    if request.method == "POST" and not can_change:
        raise PermissionDenied(f"Only a programme manager of {project.partnership} may change the additionality of this project.")
    form = AdditionalityForm(request.POST or None, choice=choice) if can_change else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, changed = services.save_additionality_choice(
                request.user, project, data["parameter_set"], data["attribution"], data["attribution_reason"],
                data["overrides"], data.get("change_reason") or "")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Additionality of {project.name} saved." if changed else "Nothing changed.")
            return redirect("ledger:additionality", code=project.code)
    sets = load_parameter_sets()
    gains = services.gains_queryset().filter(project=project).order_by("reference")
    gains_table = Table("project-gains", f"Gains of {project.name}", [
        Column("reference", "Gain", LINK), Column("council", "Council"), Column("service_area", "Service area"),
        Column("status", "Status"),
    ], [{"reference": g.reference, "url": g.get_absolute_url(), "council": str(g.council), "service_area": g.service_area,
         "status": g.get_status_display()} for g in gains])
    sets_table = services.parameter_sets_table()
    history = services.additionality_history_table(project, viewer=request.user)
    download = download_response(request, [sets_table, gains_table, history], f"additionality-{project.code}")
    if download:
        return download
    current_key = choice.parameter_set if choice else services.DEFAULT_PARAMETER_SET
    return render(request, "ledger/additionality.html", {
        "project": project, "choice": choice, "current_set": sets.get(current_key), "form": form, "can_change": can_change,
        "sets": list(sets.items()), "sets_table": sets_table, "gains_table": gains_table, "history": history,
        "current_overrides": [{"name": o.get("parameter", "").replace("_", " "), "value": o.get("value"), "reason": o.get("reason")}
                              for o in (choice.overrides if choice else []) or []],
    })
