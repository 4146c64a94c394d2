"""The ledger's sections on a council's page: its efficiency gains and its NI 179 returns (registered in
LedgerConfig.ready(); see riep.registry.sections)."""
from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from riep.core.tables import COUNT, FINANCIAL_YEAR, LINK, MONEY, Column, Table
from riep.ledger.models import EfficiencyGain, Ni179Return
from riep.ledger.permissions import gains_person_may_read, may_read_council_gains
from riep.registry.sections import PageSection


def council_gains(request, council) -> PageSection | None:
    # Only the gains the gain pages would open for this person (a board member: their own partnership's).
    gains = (gains_person_may_read(request.user, EfficiencyGain.objects.filter(Q(council=council) | Q(shares__council=council)))
             .distinct().select_related("council").order_by("reference"))
    rows = [{"reference": g.reference, "url": reverse("ledger:gain", args=[g.reference]), "area": g.service_area,
             "status": g.get_status_display(), "first": g.first_year,
             "role": "Records it" if g.council_id == council.pk else "Has a share"} for g in gains]
    if not rows:
        return None
    table = Table("gains", "Efficiency gains of this council", [
        Column("reference", "Gain", LINK), Column("area", "Service area"), Column("status", "Status"),
        Column("first", "First year", FINANCIAL_YEAR), Column("role", "This council"),
    ], rows)
    return PageSection("Efficiency gains", table, intro=f"{len(rows)} gain{'s' if len(rows) != 1 else ''} in the "
                                                      "efficiency ledger record this council or give it a share.")


def council_returns(request, council) -> PageSection | None:
    if not council.gss_code or not may_read_council_gains(request.user, council):
        return None
    returns = list(Ni179Return.objects.filter(council=council).order_by("year"))
    if not returns and not EfficiencyGain.objects.filter(Q(council=council) | Q(shares__council=council)).exists():
        return None
    table = Table("returns", "NI 179 returns of this council", [
        Column("year", "Financial year", FINANCIAL_YEAR), Column("status", "Status", LINK),
        Column("version", "Version", COUNT), Column("figure", "Validated figure", MONEY),
    ], [{"year": r.year, "status": r.get_status_display(), "version": r.version,
         "url": reverse("ledger:ni179", args=[council.gss_code, r.year.label]),
         "figure": r.validated_total if r.locked else None} for r in returns])
    every = reverse("ledger:council-returns", args=[council.gss_code])
    return PageSection("NI 179 returns", table, intro="" if returns else "No return has been started yet.",
                       more=("Every year's return of this council", every))
