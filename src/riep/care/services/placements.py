"""Which placements a person sees, filtered and ranked, and the priced portfolio table."""
from __future__ import annotations

from riep.care.models import Placement
from riep.care.permissions import (
    councils_whose_placements_person_may_see,
)
from riep.care.services.pricing import ZERO, flag_label
from riep.core.tables import LINK, MONEY, Column, Table
from riep.registry.models import Organisation


def visible_placements(user):
    return Placement.objects.filter(council__in=councils_whose_placements_person_may_see(user).values("pk")) \
        .select_related("council", "ledger_gain")


def visible_councils(user):
    """Councils in the user's scope that have placements on record."""
    return Organisation.objects.filter(pk__in=councils_whose_placements_person_may_see(user).values("pk"),
                                       care_placements__isnull=False).distinct().order_by("name")


def filter_placements(queryset, params):
    if params.get("council"):
        queryset = queryset.filter(council__gss_code=params["council"])
    if params.get("provider"):
        queryset = queryset.filter(provider=params["provider"])
    if params.get("service_type"):
        queryset = queryset.filter(service_type=params["service_type"])
    return queryset


def ranked(placements) -> list[Placement]:
    """Largest weekly gap (fee above the fair price) first; placements with no fee last."""
    placements = list(placements)
    return sorted(placements, key=lambda p: (p.weekly_gap is None, -(p.weekly_gap or 0), p.person_reference))


def portfolio_table(placements, caption: str = "Placements priced, largest gap first") -> Table:
    """Each placement priced; the totals row is the sum of the rows shown, to the penny."""
    money_keys = ("fee", "fair", "floor", "ceiling", "weekly_gap", "annual_gap", "agreed")
    rows = []
    footer = {"reference": f"Total ({len(placements)} placements)", **{k: ZERO for k in money_keys}}
    for p in placements:
        row = {"reference": p.person_reference, "url": p.get_absolute_url(), "council": p.council.short_name or p.council.name,
               "provider": p.provider, "service": p.get_service_type_display(), "fee": p.current_weekly_fee,
               "fair": p.fair_weekly_price, "floor": p.floor_weekly_price, "ceiling": p.ceiling_weekly_price,
               "weekly_gap": p.weekly_gap, "annual_gap": p.annual_gap, "flag": flag_label(p.gap_flag),
               "agreed": p.agreed_weekly_fee, "card": f"{p.rate_card} ({p.rate_card_vintage})"}
        for key in money_keys:
            if row[key] is not None:
                footer[key] += row[key]
        rows.append(row)
    columns = [
        Column("reference", "Person reference", LINK), Column("council", "Council"),
        Column("provider", "Provider"), Column("service", "Service"),
        Column("fee", "Current weekly fee", MONEY), Column("fair", "Fair weekly price", MONEY),
        Column("floor", "Floor", MONEY), Column("ceiling", "Ceiling", MONEY),
        Column("weekly_gap", "Weekly gap (fee − fair)", MONEY), Column("annual_gap", "Annual gap (× 52)", MONEY),
        Column("flag", "Assessment"), Column("agreed", "Agreed weekly fee", MONEY), Column("card", "Rate card (vintage)"),
    ]
    return Table("placements", caption, columns, rows, footer,
                 note="Gap = current fee − fair price. A negative gap means the provider is paid below the fair price: "
                      "a risk to the placement, never a saving. Totals are the sums of the rows shown.")


def provider_choices(queryset) -> list[str]:
    return sorted(set(queryset.values_list("provider", flat=True)))
