"""Council tax harmonisation for a scenario's former areas (Band D and tax base entered per predecessor)."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from riep.core.errors import UserError
from riep.reorg.calc.harmonisation import TARGETS, FormerArea, HarmonisationPath, harmonise, require_within_limit
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


def _numbers(text: str, field: str) -> list[Decimal]:
    out = []
    for i, part in enumerate(p.strip() for p in str(text).split(",")):
        try:
            value = Decimal(part.replace("£", ""))
        except ArithmeticError:
            raise UserError(f"{field.replace('_', ' ').capitalize()} number {i + 1} ({part!r}) is not a number.",
                            field=f"{field}[{i}]") from None
        if not value.is_finite() or abs(value) >= Decimal("1e11"):
            raise UserError(f"{field.replace('_', ' ').capitalize()} number {i + 1} ({part!r}) is not a number this "
                            "model can hold.", field=f"{field}[{i}]")
        out.append(value)
    return out


def parse_areas(band_d: str, tax_base: str, names: str = "") -> list[FormerArea]:
    """Former areas from comma-separated lists (the CLI, the calculator page and the API); errors name the list
    and the position."""
    ds, bases = _numbers(band_d, "band_d"), _numbers(tax_base, "tax_base")
    if len(ds) != len(bases):
        raise UserError(f"Give as many tax bases as Band D amounts ({len(ds)} Band D, {len(bases)} tax bases).",
                        field="tax_base")
    labels = [n.strip() for n in names.split(",")] if names and names.strip() else []
    if labels and len(labels) != len(ds):
        raise UserError(f"Give a name for each former area ({len(ds)}), or none.", field="names")
    labels = labels or [f"Area {chr(65 + i)}" if i < 26 else f"Area {i + 1}" for i in range(len(ds))]
    return [FormerArea(n, d, b) for n, d, b in zip(labels, ds, bases)]


def paths_as_json(paths: list[HarmonisationPath]) -> dict:
    """Per year and former area the Band D; per path the yield and income foregone (the CLI and API answer)."""
    def num(x):
        return None if x is None else str(x)
    return {"paths": [{
        "target": p.target, "label": p.label, "target_band_d": num(p.target_band_d), "years": p.years,
        "band_d": [{"year": r.year, "area": r.area, "band_d": num(r.band_d), "rise": num(r.rise)} for r in p.areas],
        "yield": [{"year": t.year, "yield": num(t.yield_), "income_foregone": num(t.foregone)} for t in p.totals],
        "total_income_foregone": num(p.total_foregone),
        "errors": list(p.breaches)} for p in paths]}
