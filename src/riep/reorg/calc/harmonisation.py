"""Council tax harmonisation after reorganisation: each former area's Band D moves in equal steps to one Band D.

The rule (Local Government and Public Involvement in Health Act 2007 and its orders): the new council may charge
different Band D amounts in its former areas for a harmonisation period, but one Band D must apply by the start
of year 8. A path here moves each area by equal steps over N years (1 ≤ N ≤ 7), starting in year 1 (the first
year of the new council), so every area pays the target from year N; year 8 is shown to prove it. Each year's
rise in any area must be within the referendum limit the user sets. Yield = Σ Band D × tax base (Band D
equivalents). Income foregone = the weighted-average path's yield minus this path's yield, year by year: the
weighted-average target raises what the predecessors raised, so it is the revenue-neutral reference.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from riep.core.errors import UserError
from riep.core.money import to_money

MAX_YEARS = 7  # one Band D by the start of year 8
SHOWN_YEARS = 8
TARGETS = ("lowest", "highest", "weighted_average")
TARGET_LABELS = {"lowest": "To the lowest Band D", "highest": "To the highest Band D",
                 "weighted_average": "To the weighted average Band D"}
TAX_BASE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class FormerArea:
    name: str
    band_d: Decimal  # the predecessor's Band D in the year before vesting (£)
    tax_base: Decimal  # Band D equivalent dwellings


@dataclass(frozen=True)
class AreaYear:
    year: int  # 0 = the year before vesting; 1 = the new council's first year
    area: str
    band_d: Decimal
    rise: Decimal | None  # fraction on the year before (0.0199 = 1.99%); None in year 0 or from a zero Band D
    yield_: Decimal


@dataclass(frozen=True)
class PathYear:
    year: int
    yield_: Decimal
    foregone: Decimal  # weighted-average path's yield − this path's yield


@dataclass(frozen=True)
class HarmonisationPath:
    target: str
    label: str
    target_band_d: Decimal
    years: int
    areas: tuple[AreaYear, ...]
    totals: tuple[PathYear, ...]
    total_foregone: Decimal  # years 1 … 8
    breaches: tuple[str, ...]  # referendum-limit breaches, each naming area and year; empty if within the limit


def check_areas(areas: Sequence[FormerArea]) -> None:
    if len(areas) < 2:
        raise UserError("Give at least two former areas to harmonise.", field="band_d")
    names = [a.name for a in areas]
    if len(set(names)) != len(names):
        raise UserError("Each former area needs a different name.", field="name")
    for i, a in enumerate(areas):
        if a.band_d < 0:
            raise UserError(f"Band D of {a.name} (area {i + 1}) must not be negative.", field=f"band_d[{i}]")
        if a.tax_base < 0:
            raise UserError(f"Tax base of {a.name} (area {i + 1}) must not be negative.", field=f"tax_base[{i}]")
    if sum(a.tax_base for a in areas) <= 0:
        raise UserError("The former areas' tax bases add up to nothing: give at least one positive tax base.",
                        field="tax_base")


def check_years(years: int) -> None:
    if not isinstance(years, int) or years < 1:
        raise UserError("The harmonisation period is at least 1 year.", field="years")
    if years > MAX_YEARS:
        raise UserError(f"A harmonisation over {years} years breaks the rule that one Band D applies by the start "
                        f"of year 8: use at most {MAX_YEARS} years.", field="years")


def weighted_average(areas: Sequence[FormerArea]) -> Decimal:
    base = sum(a.tax_base for a in areas)
    return to_money(sum(a.band_d * a.tax_base for a in areas) / base)


def target_band_d(areas: Sequence[FormerArea], target: str) -> Decimal:
    if target == "lowest":
        return to_money(min(a.band_d for a in areas))
    if target == "highest":
        return to_money(max(a.band_d for a in areas))
    if target == "weighted_average":
        return weighted_average(areas)
    raise UserError(f"Unknown harmonisation target {target!r}: choose {', '.join(TARGETS)}.", field="target")


def _step(start: Decimal, target: Decimal, year: int, years: int) -> Decimal:
    if year >= years:
        return target
    return to_money(start + (target - start) * year / years)


def _rise(before: Decimal, after: Decimal) -> Decimal | None:
    return None if before == 0 else ((after - before) / before).quantize(Decimal("0.000001"), ROUND_HALF_UP)


def _path(areas: Sequence[FormerArea], target: str, years: int, limit: Decimal | None) -> HarmonisationPath:
    goal = target_band_d(areas, target)
    rows, breaches = [], []
    for a in areas:
        previous = to_money(a.band_d)
        for year in range(0, SHOWN_YEARS + 1):
            band_d = to_money(a.band_d) if year == 0 else _step(to_money(a.band_d), goal, year, years)
            rise = None if year == 0 else _rise(previous, band_d)
            if limit is not None and rise is not None and rise > limit:
                breaches.append(f"{a.name} in year {year}: a rise of {rise:.2%} is above the referendum limit "
                                f"of {limit:.2%}")
            rows.append(AreaYear(year, a.name, band_d, rise, to_money(band_d * a.tax_base)))
            previous = band_d
    totals = []
    for year in range(0, SHOWN_YEARS + 1):
        totals.append(sum((r.yield_ for r in rows if r.year == year), Decimal("0.00")))
    return HarmonisationPath(target, TARGET_LABELS[target], goal, years, tuple(rows),
                             tuple(PathYear(y, v, Decimal("0.00")) for y, v in enumerate(totals)), Decimal("0.00"),
                             tuple(breaches))


def harmonise(areas: Sequence[FormerArea], years: int, referendum_limit: Decimal | None = None,
              targets: Sequence[str] = TARGETS) -> list[HarmonisationPath]:
    """Every path asked for, with income foregone against the weighted-average path. Raises UserError for a
    period over seven years or bad areas; a path that breaks the referendum limit carries its breaches (use
    `require_within_limit` to make them an error)."""
    areas = [FormerArea(a.name, Decimal(a.band_d), Decimal(a.tax_base).quantize(TAX_BASE_PLACES)) for a in areas]
    check_areas(areas)
    check_years(years)
    if referendum_limit is not None and referendum_limit < 0:
        raise UserError("The referendum limit must not be negative.", field="referendum_limit")
    reference = _path(areas, "weighted_average", years, referendum_limit)
    out = []
    for target in targets:
        path = reference if target == "weighted_average" else _path(areas, target, years, referendum_limit)
        totals = tuple(PathYear(t.year, t.yield_, r.yield_ - t.yield_) for t, r in zip(path.totals, reference.totals))
        foregone = sum((t.foregone for t in totals if t.year >= 1), Decimal("0.00"))
        out.append(HarmonisationPath(path.target, path.label, path.target_band_d, years, path.areas, totals,
                                     foregone, path.breaches))
    return out


def require_within_limit(paths: Sequence[HarmonisationPath]) -> None:
    for p in paths:
        if p.breaches:
            raise UserError(f"{p.label} breaks the referendum limit: {p.breaches[0]}"
                            + (f" (and {len(p.breaches) - 1} more)" if len(p.breaches) > 1 else "") + ".",
                            field="referendum_limit")


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
