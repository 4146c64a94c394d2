"""Entry for a partnership's priority outcomes: adding one (the catalogue's or its own), changing and removing it,
linking its projects, and the resources requested from or offered by government."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from riep.core.errors import UserError
from riep.core.permissions import requires
from riep.performance import permissions
from riep.performance.forms import PriorityChangeForm, PriorityOutcomeForm, ProjectsForm, ResourceForm
from riep.performance.models import PriorityOutcome, ResourceAsk
from riep.performance.services import priorities as service
from riep.registry.models import Partnership

SECTION = {"section": "performance"}


def _partnership(request, code) -> Partnership:
    found = get_object_or_404(Partnership, code__iexact=code)
    permissions.require_manage_partnership(request.user, found)
    return found


def _priority(request, code, slug) -> PriorityOutcome:
    partnership = _partnership(request, code)
    return get_object_or_404(PriorityOutcome.objects.select_related("outcome", "partnership"), partnership=partnership,
                             outcome__slug=slug)


def _page(request, form, **context):
    return render(request, "performance/form.html", {**SECTION, "form": form, **context})


@requires("approve_performance")
def priority_new(request, code):
    partnership = _partnership(request, code)
    form = PriorityOutcomeForm(request.POST if request.method == "POST" else None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            priority = service.add_priority(request.user, partnership, outcome=d["outcome"], name=d["name"],
                                            description=d["description"], statement=d["statement"])
        except UserError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{priority.outcome.name} is now a priority outcome of {partnership.name}.")
            return redirect(priority.get_absolute_url())
    return _page(request, form, partnership=partnership, caption=partnership.name, title="Add a priority outcome",
                 intro="One of the catalogue's outcomes, or one of the partnership's own. Its page then brings together "
                       "its indicators, the projects serving it, the resources asked of government and any reward grant.",
                 submit="Add the priority outcome", back=f"/performance/partnerships/{partnership.code}/scorecard/")


@requires("approve_performance")
def priority_change(request, code, slug):
    priority = _priority(request, code, slug)
    own = service.owns_outcome(priority)
    initial = {"statement": priority.statement} | ({"name": priority.outcome.name,
                                                    "description": priority.outcome.description} if own else {})
    form = PriorityChangeForm(request.POST if request.method == "POST" else None, own_outcome=own, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            changed = service.change_priority(request.user, priority, statement=d["statement"], name=d.get("name", ""),
                                              description=d.get("description", ""))
        except UserError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"Changed {' and '.join(changed)}." if changed else "Nothing to change.")
            return redirect(priority.get_absolute_url())
    intro = ("The outcome is the partnership's own: its name and meaning can change here." if own else
             f"‘{priority.outcome.name}’ is the catalogue's outcome: its name and meaning stay as the catalogue has them.")
    return _page(request, form, partnership=priority.partnership, caption=priority.outcome.name,
                 title="Change this priority outcome", submit="Save the changes", back=priority.get_absolute_url(),
                 intro=intro + " Every change is kept in its history.")


@requires("approve_performance")
def priority_remove(request, code, slug):
    """A confirmation page saying what happens and what must be unlinked first; the removal itself on POST."""
    priority = _priority(request, code, slug)
    error = ""
    if request.method == "POST":
        try:
            service.remove_priority(request.user, priority)
        except UserError as refused:
            error = str(refused)
        else:
            messages.success(request, f"{priority.outcome.name} is no longer a priority outcome of {priority.partnership.name}.")
            return redirect("performance:partnership-scorecard", code=priority.partnership.code)
    return render(request, "performance/priority_remove.html", {
        **SECTION, "partnership": priority.partnership, "priority": priority, "error": error,
        "blockers": service.removal_blockers(priority), "consequences": service.removal_consequences(priority)})


@requires("approve_performance")
def priority_projects(request, code, slug):
    priority = _priority(request, code, slug)
    form = ProjectsForm(request.POST if request.method == "POST" else None, projects=service.projects_of(priority.partnership),
                        initial={"projects": list(priority.projects.values_list("pk", flat=True))})
    if request.method == "POST" and form.is_valid():
        linked, unlinked = service.link_projects(request.user, priority, form.cleaned_data["projects"])
        messages.success(request, f"{linked} project{'' if linked == 1 else 's'} linked, {unlinked} unlinked.")
        return redirect(priority.get_absolute_url())
    return _page(request, form, partnership=priority.partnership, caption=priority.outcome.name,
                 title="Projects serving this outcome", submit="Save the projects", back=priority.get_absolute_url(),
                 intro=f"Tick every project of {priority.partnership.name} that serves {priority.outcome.name.lower()}.")


@requires("approve_performance")
def resource_edit(request, code, slug, pk=None):
    priority = _priority(request, code, slug)
    resource = get_object_or_404(ResourceAsk, priority=priority, pk=pk) if pk else None
    initial = {k: getattr(resource, k) for k in ("direction", "description", "amount", "status")} if resource else None
    form = ResourceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        service.save_resource(request.user, priority, form.cleaned_data, resource)
        messages.success(request, "Resource saved.")
        return redirect(priority.get_absolute_url() + "#table-resources")
    remove = f"{priority.get_absolute_url()}resources/{resource.pk}/remove/" if resource else ""
    return _page(request, form, partnership=priority.partnership, caption=priority.outcome.name,
                 title="Change a resource" if resource else "Add a resource requested from or offered by government",
                 submit="Save the resource", back=priority.get_absolute_url(), remove_url=remove,
                 remove_label="Remove this resource")


@require_POST
@requires("approve_performance")
def resource_remove(request, code, slug, pk):
    priority = _priority(request, code, slug)
    service.remove_resource(request.user, get_object_or_404(ResourceAsk, priority=priority, pk=pk))
    messages.success(request, "Resource removed.")
    return redirect(priority.get_absolute_url() + "#table-resources")
