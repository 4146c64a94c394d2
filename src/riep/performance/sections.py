"""The performance toolkit's section on a council's page: its indicators and scorecard, counting only the values
this person may see (registered in PerformanceConfig.ready(); see riep.registry.sections)."""
from __future__ import annotations

from django.db.models import Count, Max
from django.urls import reverse

from riep.core.tables import COUNT, LINK, Column, Table
from riep.performance.models import IndicatorValue
from riep.performance.permissions import visible_values_filter
from riep.registry.sections import PageSection


def council_indicators(request, council) -> PageSection | None:
    if not council.gss_code:
        return None
    values = IndicatorValue.objects.filter(visible_values_filter(request.user), council=council)
    found = values.aggregate(indicators=Count("indicator", distinct=True), latest=Max("period"))
    if not found["indicators"]:
        return None
    table = Table("indicators", "Performance indicators of this council", [
        Column("what", "Indicators", LINK), Column("indicators", "Indicators with values", COUNT),
        Column("latest", "Latest period"),
    ], [{"what": "Scorecard against targets", "url": reverse("performance:council-scorecard", args=[council.gss_code]),
         **found}])
    return PageSection("Indicators", table)
