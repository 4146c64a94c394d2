"""The care calculator's section on a council's page: its placements under review, for those who may see them
(registered in CareConfig.ready(); see riep.registry.sections)."""
from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse

from riep.care.models import Placement
from riep.care.permissions import councils_whose_placements_person_may_see
from riep.core.tables import COUNT, LINK, MONEY, Column, Table
from riep.registry.sections import PageSection


def council_placements(request, council) -> PageSection | None:
    if not council.gss_code or not councils_whose_placements_person_may_see(request.user).filter(pk=council.pk).exists():
        return None
    found = Placement.objects.filter(council=council).aggregate(
        placements=Count("pk"), risks=Count("pk", filter=Q(gap_flag__startswith="below")), fees=Sum("current_weekly_fee"))
    if not found["placements"]:
        return None
    table = Table("placements", "Care placements of this council", [
        Column("what", "Placements", LINK), Column("placements", "Placements", COUNT),
        Column("risks", "Fee below the fair price (a risk)", COUNT), Column("fees", "Current weekly fees", MONEY),
    ], [{"what": "Placements under review", "url": reverse("care:portfolio") + f"?council={council.gss_code}", **found}])
    return PageSection("Care placements", table)
