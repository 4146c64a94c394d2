"""Real per-head spend indicators from the revenue outturn returns (riep.finance) and the register's population.

Each catalogue indicator with `derived_from = "finance:<line>"` gets, for every council with a population and a
figure, the line's value (published in £ thousand) × 1,000 ÷ population. These are published statistics, so they
are approved as they are made and never labelled illustrative. Re-running changes only what the returns changed.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from riep.finance import services as finance
from riep.peers.services import tier
from riep.performance.models import Indicator, IndicatorValue
from riep.registry.models import Organisation

POPULATION_NOTE = "Population: the council register's ONS mid-2020 estimate, the same for every year."


@transaction.atomic
def refresh_finance_indicators() -> int:
    """Creates or updates the per-head values; returns how many values were written or changed."""
    indicators = list(Indicator.objects.filter(derived_from__startswith="finance:"))
    if not indicators or not finance.years("RS"):
        return 0
    councils = list(Organisation.objects.councils().filter(population__gt=0))
    population = {c.pk: c.population for c in councils}
    upper = {c.pk for c in councils if tier(c) == "upper"}
    existing = {(v.indicator_id, v.council_id, v.period): v for v in IndicatorValue.objects.filter(indicator__in=indicators)}
    now, new, changed = timezone.now(), [], []
    for ind in indicators:
        line = ind.derived_from.split(":", 1)[1]
        vintage = f"{line}, revenue outturn (RS)"
        for (council_id, year), thousands in finance.line_values(line).items():
            people = population.get(council_id)
            if not people or (ind.geography == "upper tier" and council_id not in upper):  # districts run no care
                continue
            value = (thousands * 1000 / Decimal(people)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            found = existing.get((ind.pk, council_id, year))
            if found is None:
                new.append(IndicatorValue(indicator=ind, council_id=council_id, period=year, value=value,
                                          vintage=vintage, note=POPULATION_NOTE, approved_at=now))
            elif found.value != value:
                found.value, found.vintage, found.approved_at = value, vintage, now
                changed.append(found)
    IndicatorValue.objects.bulk_create(new, batch_size=2000)
    IndicatorValue.objects.bulk_update(changed, ["value", "vintage", "approved_at"], batch_size=2000)
    return len(new) + len(changed)
