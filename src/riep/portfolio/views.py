from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from riep.core.audit import audit_table, version_table
from riep.core.history import when_text
from riep.core.permissions import Role, name_shown_to, requires
from riep.core.tables import DATE, LINK, MONEY, Column, Table, download_response
from riep.core.tables.paging import downloading, page_of
from riep.portfolio import services
from riep.portfolio.forms import (
    ConfidenceForm,
    CouncilOfficerProjectForm,
    FundingLinesForm,
    FundingSourceForm,
    MilestoneForm,
    ProjectForm,
)
from riep.portfolio.models import (
    ConfidenceAssessment,
    FundingLine,
    FundingSource,
    Milestone,
    Project,
    ProjectStatus,
    Theme,
)
from riep.portfolio.permissions import (
    may_edit_project,
    partnerships_person_may_create_projects_in,
    require_project_edit,
)
from riep.portfolio.todo import todo_lists
from riep.registry.models import Partnership


@requires("signed_in")
def dashboard(request):
    """Everyone's starting page: the portfolio at a glance, in the person's own scope."""
    summary = services.portfolio_summary(request.user)
    summary["todos"] = todo_lists(request.user)  # the person's own work waiting, from each capability
    # The dashboard's tables offer downloads like every other table's
    return download_response(request, summary["tables"], "dashboard") or render(request, "portfolio/dashboard.html", summary)


def _project(code):
    return get_object_or_404(services.projects_with_funding(), code=code)


def _list_table(projects, page=None) -> Table:
    rows = []
    for p in projects:
        current = p.confidence_history.all()[0] if p.confidence_history.all() else None
        rows.append({
            "name": p.name, "url": p.get_absolute_url(), "partnership": p.partnership.name, "theme": p.theme.name,
            "lead": str(p.lead_council), "status": p.get_status_display(),
            "confidence": current.get_rating_display() if current else "Not assessed",
            "allocation": sum(services.project_allocation_by_year(p).values(), services.ZERO),
            "illustrative": "Illustrative" if p.illustrative else "",
        })
    return Table("projects", "Projects", [
        Column("name", "Project", LINK), Column("partnership", "Partnership"), Column("theme", "Theme"),
        Column("lead", "Lead council"), Column("status", "Status"), Column("confidence", "Delivery confidence"),
        Column("allocation", "Total allocation", MONEY), Column("illustrative", "Figures"),
    ], rows, page=page)


@requires("signed_in")
def project_list(request):
    params = request.GET
    projects = services.sort_projects(services.filter_projects(services.visible_projects(request.user), params), params.get("sort"))
    if downloading(request):  # the file holds every project that matches; the page shows one page of them
        return download_response(request, [_list_table(projects)], "projects")
    page = page_of(request, projects)
    return render(request, "portfolio/project_list.html", {
        "table": _list_table(page.items, page), "page": page, "partnerships": Partnership.objects.all(), "themes": Theme.objects.all(),
        "statuses": ProjectStatus.choices, "params": params, "sorts": services.SORTS,
    })


@requires("signed_in")
def project_detail(request, code):
    project = _project(code)
    can_edit = may_edit_project(request.user, project)
    funding = services.project_funding_table(project)
    sources = services.funding_sources_table(project)
    ratings = list(project.confidence_history.all())
    confidence = version_table("confidence-history", "Delivery confidence history", [
        Column("date", "Date", DATE), Column("rating", "Confidence"), Column("by", "Assessed by"), Column("commentary", "Commentary"),
    ], [{"date": c.assessed_on, "rating": c.get_rating_display(),
         "by": name_shown_to(request.user, c.assessed_by), "commentary": c.commentary} for c in ratings],
        [confidence_sentence(c, request.user) for c in ratings])
    milestones = Table("milestones", "Milestones", [
        Column("title", "Milestone", LINK), Column("due", "Due", DATE), Column("completed", "Completed", DATE), Column("state", "State"),
    ], [{"title": m.title, "url": reverse("portfolio:milestone-edit", args=[project.code, m.pk]) if can_edit else None,
         "due": m.due_on,
         "completed": m.completed_on, "state": m.state}
        for m in project.milestones.all()])
    audit = audit_table([
        Project.history.filter(id=project.pk),
        FundingSource.history.filter(project_id=project.pk),
        FundingLine.history.filter(source__project_id=project.pk),
        Milestone.history.filter(project_id=project.pk),
        ConfidenceAssessment.history.filter(project_id=project.pk),
    ], caption="Audit trail: changes to this project", viewer=request.user)
    tables = [funding, sources, confidence, milestones, audit]
    download = download_response(request, tables, project.code)
    if download:
        return download
    return render(request, "portfolio/project_detail.html", {
        "project": project, "funding": funding, "sources": sources, "confidence": confidence,
        "milestones": milestones, "audit": audit, "can_edit": can_edit,
        "current_confidence": project.confidence_history.all()[0] if project.confidence_history.all() else None,
    })


@requires("create_projects")
def project_create(request):
    partnerships = partnerships_person_may_create_projects_in(request.user)
    form = ProjectForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(request, f"Project ‘{project.name}’ created. Now add its funding sources.")
        return redirect(project.get_absolute_url())
    return render(request, "portfolio/form.html", {"form": form, "title": "Create a project", "submit": "Create project"})


def _editable_project(request, code):
    project = _project(code)
    require_project_edit(request.user, project)
    return project


def _form_page(request, project, form, title, submit, done_message, save=None, next_url=None, **extra):
    """The shared shape of the project's forms: show, validate, save, say so, go back to the project."""
    if request.method == "POST" and form.is_valid():
        saved = save() if save else form.save()
        messages.success(request, done_message)
        return redirect(next_url(saved) if next_url else project.get_absolute_url())
    return render(request, "portfolio/form.html", {"form": form, "project": project, "title": title, "submit": submit, **extra})


@requires("edit_projects")
def project_edit(request, code):
    project = _editable_project(request, code)
    if request.user.role == Role.COUNCIL_OFFICER:
        form = CouncilOfficerProjectForm(request.POST or None, instance=project)
    else:
        form = ProjectForm(request.POST or None, instance=project, partnerships=partnerships_person_may_create_projects_in(request.user))
    return _form_page(request, project, form, f"Edit {project.name}", "Save changes", "Project updated.")


@requires("edit_projects")
def funding_source_add(request, code):
    project = _editable_project(request, code)
    form = FundingSourceForm(request.POST or None, instance=FundingSource(project=project))
    return _form_page(request, project, form, "Add a funding source", "Add funding source",
                      "Funding source added. Enter its allocation and spend by year.",
                      next_url=lambda source: reverse("portfolio:funding-edit", args=[project.code, source.pk]))


@requires("edit_projects")
def funding_edit(request, code, source_id):
    project = _editable_project(request, code)
    source = get_object_or_404(FundingSource, pk=source_id, project=project)
    form = FundingLinesForm(request.POST or None, source=source, years=project.funding_period.years)
    return _form_page(request, project, form, f"Funding: {source}", "Save funding", f"Funding for {source} saved.",
                      save=lambda: services.save_funding_lines(source, form.lines()))


@requires("edit_projects")
def confidence_add(request, code):
    project = _editable_project(request, code)
    form = ConfidenceForm(request.POST or None, instance=ConfidenceAssessment(project=project, assessed_by=request.user))
    return _form_page(request, project, form, "Record delivery confidence", "Record confidence", "Delivery confidence recorded.")


@requires("edit_projects")
def milestone_add(request, code):
    project = _editable_project(request, code)
    form = MilestoneForm(request.POST or None, instance=Milestone(project=project))
    return _form_page(request, project, form, "Add a milestone", "Add milestone", "Milestone added.")


@requires("edit_projects")
def milestone_edit(request, code, milestone_id):
    project = _editable_project(request, code)
    milestone = get_object_or_404(Milestone, pk=milestone_id, project=project)
    form = MilestoneForm(request.POST or None, instance=milestone)
    return _form_page(request, project, form, f"Milestone: {milestone.title}", "Save milestone", "Milestone updated.",
                      delete_url=reverse("portfolio:milestone-delete", args=[project.code, milestone.pk]))


@requires("edit_projects")
def milestone_delete(request, code, milestone_id):
    """Deleting asks for confirmation; the deletion stays in the audit trail."""
    project = _editable_project(request, code)
    milestone = get_object_or_404(Milestone, pk=milestone_id, project=project)
    if request.method == "POST":
        milestone.delete()
        messages.success(request, f"Milestone ‘{milestone.title}’ deleted.")
        return redirect(project.get_absolute_url())
    return render(request, "portfolio/confirm_delete.html", {"project": project, "thing": f"the milestone ‘{milestone.title}’"})


def confidence_sentence(rating, viewer) -> str:
    """ "Jo Smith rated delivery confidence Amber/Green on 1 June 2010: “On track”." """
    who = name_shown_to(viewer, rating.assessed_by, "")
    said = f": “{rating.commentary}”" if rating.commentary else ""
    if who:
        return f"{who} rated delivery confidence {rating.get_rating_display()} on {when_text(rating.assessed_on)}{said}."
    return f"Delivery confidence was rated {rating.get_rating_display()} on {when_text(rating.assessed_on)}{said}."
