"""The portfolio's results in the search box: projects by name or code (registered in PortfolioConfig.ready();
see riep.core.search). Every signed-in person may open a project's page."""
from __future__ import annotations

from django.db.models import Q

from riep.core.search import Result
from riep.portfolio.models import Project


def find_projects(user, query: str, limit: int) -> list[Result]:
    found = (Project.objects.filter(Q(name__icontains=query) | Q(code__icontains=query))
             .select_related("partnership", "lead_council").order_by("name")[:limit])
    return [Result(p.name, p.get_absolute_url(), f"{p.partnership.name} · led by {p.lead_council} · {p.get_status_display()}")
            for p in found]
