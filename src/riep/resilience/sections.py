"""Financial resilience's section on a council's page: a link to its indicators from the revenue outturn returns,
for those who may see them (registered in ResilienceConfig.ready(); see riep.registry.sections)."""
from __future__ import annotations

from django.urls import reverse

from riep.core.permissions import has_permission
from riep.core.tables import LINK, Column, Table
from riep.registry.sections import PageSection
from riep.resilience.services import indicators as service


def council_resilience(request, council) -> PageSection | None:
    if not council.gss_code or not has_permission(request.user, "view_resilience"):
        return None
    years = service.years()
    if not years:
        return None
    table = Table("resilience", "Financial resilience of this council", [
        Column("what", "Indicators", LINK), Column("years", "Years of revenue outturn"),
    ], [{"what": "Financial resilience indicators beside its peers",
         "url": reverse("resilience:council", args=[council.gss_code]), "years": f"{min(years)} to {max(years)}"}])
    return PageSection("Financial resilience", table)
