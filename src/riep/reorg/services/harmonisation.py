"""Council tax harmonisation for a scenario's former areas (Band D and tax base entered per predecessor)."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from riep.core.errors import UserError
from riep.reorg.calc.harmonisation import (  # noqa: F401  (parse_areas, paths_as_json: the adapters' entry points)
    TARGETS,
    FormerArea,
    HarmonisationPath,
    harmonise,
    parse_areas,
    paths_as_json,
    require_within_limit,
)
from riep.reorg.models import Scenario


def former_areas(scenario: Scenario) -> list[FormerArea]:
    """Predecessors with a Band D and tax base: the district areas (Band D including the county's precept)."""
    areas = [FormerArea(str(p.council), p.band_d, p.tax_base)
             for p in scenario.predecessors.select_related("council") if p.band_d is not None and p.tax_base is not None]
    return areas


def scenario_paths(scenario: Scenario) -> list[HarmonisationPath]:
    areas = former_areas(scenario)
    if len(areas) < 2:
        return []
    return harmonise(areas, scenario.tax_years, scenario.referendum_limit)


@transaction.atomic
def save_tax_plan(scenario: Scenario, target: str, years: int, referendum_limit: Decimal | None, user=None) -> Scenario:
    """The scenario's chosen harmonisation path; refused (nothing saved) over seven years or over the limit."""
    if target not in TARGETS:
        raise UserError(f"Choose a harmonisation target: {', '.join(TARGETS)}.", field="tax_target")
    areas = former_areas(scenario)
    paths = harmonise(areas, years, referendum_limit, targets=[target])
    require_within_limit(paths)
    scenario.tax_target, scenario.tax_years, scenario.referendum_limit = target, years, referendum_limit
    scenario._history_user = user if getattr(user, "pk", None) else None
    scenario.save()
    return scenario

