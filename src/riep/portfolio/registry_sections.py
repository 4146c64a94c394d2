"""The portfolio's sections on the registry's pages: a council's projects, and a partnership's projects with their
funding (registered in PortfolioConfig.ready(); see riep.registry.sections)."""
from __future__ import annotations

from riep.core.tables import LINK, Column, Table
from riep.core.tables.paging import downloading, page_of
from riep.portfolio.services import partnership_projects_table, projects_with_funding
from riep.registry.sections import PageSection


def council_projects(request, council) -> PageSection:
    projects = (projects_with_funding().filter(participating_councils=council)
                | projects_with_funding().filter(lead_council=council)).distinct().order_by("name", "pk")
    page = None if downloading(request) else page_of(request, projects, param="projects-page", anchor="table-projects")
    table = Table("projects", "Projects this council takes part in", [
        Column("name", "Project", LINK), Column("partnership", "Partnership"), Column("role", "Role"),
        Column("status", "Status"),
    ], [{"name": p.name, "url": p.get_absolute_url(), "partnership": p.partnership.name,
         "role": "Lead council" if p.lead_council_id == council.pk else "Participant", "status": p.get_status_display()}
        for p in (projects if page is None else page.items)], page=page)
    return PageSection("Projects", table)


def partnership_projects(request, partnership) -> PageSection:
    projects = projects_with_funding().filter(partnership=partnership).order_by("name", "pk")
    if downloading(request):  # the download holds every project
        return PageSection("Projects and their funding", partnership_projects_table(partnership, projects))
    page = page_of(request, projects, param="projects-page", anchor="table-projects")
    intro = ("The totals row is the sum of the projects above it." if page.pages <= 1 else
             f"The totals row is the sum of all {page.count_text} projects, not only of this page's.")
    return PageSection("Projects and their funding", partnership_projects_table(partnership, projects, page),
                       intro=intro)
