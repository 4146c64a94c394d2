"""The procurement hub's section on a council's page: the spend files it has imported, for those who may see its
spend (registered in ProcurementConfig.ready(); see riep.registry.sections)."""
from __future__ import annotations

from django.db.models import Count, Max, Min, Sum
from django.urls import reverse

from riep.core.tables import COUNT, DATE, LINK, MONEY, Column, Table
from riep.procurement.models import FileStatus, SpendFile
from riep.procurement.permissions import may_see_spend_of
from riep.registry.sections import PageSection


def council_spend(request, council) -> PageSection | None:
    if not council.gss_code or not may_see_spend_of(request.user, council):
        return None
    found = SpendFile.objects.filter(council=council, status=FileStatus.IMPORTED).aggregate(
        files=Count("pk"), lines=Sum("lines_imported"), spend=Sum("total_amount"), first=Min("first_payment"),
        last=Max("last_payment"))
    if not found["files"]:
        return None
    table = Table("spend", "Spend over £500 published by this council", [
        Column("what", "Spend", LINK), Column("files", "Files", COUNT), Column("lines", "Lines", COUNT),
        Column("spend", "Total", MONEY), Column("first", "From", DATE), Column("last", "To", DATE),
    ], [{"what": "Spend lines and suppliers", "url": reverse("procurement:council", args=[council.gss_code]), **found}])
    return PageSection("Spend", table)
