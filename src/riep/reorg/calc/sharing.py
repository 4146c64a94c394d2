"""Shared back-office services: savings by function as ranges, set-up costs, each council's share, payback.

Savings: each function's saving is its participating councils' baseline cost × the saving percentage (low /
central / high; REFERENCE §9: 20–30% reported where shared). Shares of costs and savings follow one formula:
equal shares, by population, by transactions, by baseline cost, or shares entered (which must add up to 100%).
Money is split to the penny by the largest-remainder method, so the councils' shares add up exactly to the
whole. "Cash released for frontline services" for a council = its share of the annual saving less its share of
the yearly running cost of the shared service, once the set-up cost is paid back.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from riep.core.errors import UserError
from riep.core.money import PENNY, to_money

FORMULAS = {"equal": "Equal shares", "population": "By population", "transactions": "By transactions",
            "baseline": "By baseline cost", "entered": "Shares entered"}
LEVELS = ("low", "central", "high")


@dataclass(frozen=True)
class CouncilBaseline:
    council: str
    function: str
    cost: Decimal  # £ a year
    fte: Decimal = Decimal(0)
    transactions: int = 0


@dataclass(frozen=True)
class FunctionSaving:
    function: str
    low: Decimal  # percent of the baseline cost
    central: Decimal
    high: Decimal


@dataclass(frozen=True)
class CouncilShare:
    council: str
    share: Decimal  # fraction, 6 places
    set_up: Decimal
    running_cost: Decimal
    saving: dict  # level → £ a year
    cash_released: dict  # level → £ a year: saving − running cost


@dataclass(frozen=True)
class BusinessCase:
    baseline: Decimal
    saving: dict  # level → £ a year, all functions
    saving_by_function: dict  # function → {level → £}
    set_up: Decimal
    running_cost: Decimal
    payback_years: dict  # level → Decimal years (set-up / net yearly saving) or None when it never pays back
    shares: tuple[CouncilShare, ...]


SHARE_UNIT = Decimal("0.000001")


def _split_units(units: int, weights: Mapping[str, Decimal]) -> dict[str, int]:
    """units split by weights into whole units that add up to units exactly (largest remainder, ties by name)."""
    weight_sum = sum(weights.values(), Decimal(0))
    if weight_sum <= 0:
        raise UserError("The cost-sharing weights add up to nothing.", field="formula")
    raw = {k: Decimal(units) * w / weight_sum for k, w in weights.items()}
    floor = {k: int(v.to_integral_value(ROUND_FLOOR)) for k, v in raw.items()}
    left = units - sum(floor.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - floor[k]), k))[:left]:
        floor[k] += 1
    return floor


def split_money(total: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """total split by weights to the penny; the parts add up to total exactly."""
    return {k: Decimal(v) * PENNY for k, v in _split_units(int(to_money(total) / PENNY), weights).items()}


def split_shares(weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Each council's share as a fraction to 6 places; the shares add up to exactly 1."""
    return {k: Decimal(v) * SHARE_UNIT for k, v in _split_units(int(1 / SHARE_UNIT), weights).items()}


def weights_for(formula: str, councils: Sequence[str], baselines: Sequence[CouncilBaseline],
                population: Mapping[str, int] | None = None,
                entered: Mapping[str, Decimal] | None = None) -> dict[str, Decimal]:
    if formula not in FORMULAS:
        raise UserError(f"Choose a cost-sharing formula: {', '.join(FORMULAS)}.", field="formula")
    if formula == "equal":
        return {c: Decimal(1) for c in councils}
    if formula == "population":
        population = population or {}
        missing = [c for c in councils if not population.get(c)]
        if missing:
            raise UserError(f"Sharing by population needs the population of {', '.join(missing)}.",
                            field="formula")
        return {c: Decimal(population[c]) for c in councils}
    if formula in ("transactions", "baseline"):
        w = {c: Decimal(0) for c in councils}
        for b in baselines:
            if b.council in w:
                w[b.council] += Decimal(b.transactions) if formula == "transactions" else b.cost
        return w
    entered = entered or {}
    if set(entered) != set(councils):
        raise UserError("Give a share for every participating council.", field="shares")
    if any(v < 0 for v in entered.values()):
        raise UserError("A council's share must not be negative.", field="shares")
    total = sum(entered.values(), Decimal(0))
    if total != 100:
        raise UserError(f"The councils' shares add up to {total}%, not 100%.", field="shares")
    return dict(entered)


def check_savings(savings: Sequence[FunctionSaving]) -> None:
    for i, s in enumerate(savings):
        if s.low < 0 or s.high > 100:
            raise UserError(f"{s.function}: a saving is between 0% and 100% of the baseline.",
                            field=f"savings[{i}].low")
        if s.low > s.high:
            raise UserError(f"{s.function}: the low saving ({s.low}%) is above the high ({s.high}%).",
                            field=f"savings[{i}].low")
        if not s.low <= s.central <= s.high:
            raise UserError(f"{s.function}: the central saving must lie between the low and the high.",
                            field=f"savings[{i}].central")


def business_case(councils: Sequence[str], baselines: Sequence[CouncilBaseline], savings: Sequence[FunctionSaving],
                  set_up: Decimal, running_cost: Decimal, formula: str,
                  population: Mapping[str, int] | None = None,
                  entered: Mapping[str, Decimal] | None = None) -> BusinessCase:
    if len(councils) < 2:
        raise UserError("A shared service needs at least two councils.", field="councils")
    if set_up < 0 or running_cost < 0:
        raise UserError("Set-up and running costs must not be negative.", field="set_up")
    for i, b in enumerate(baselines):
        if b.cost < 0 or b.transactions < 0 or b.fte < 0:
            raise UserError(f"{b.council}, {b.function}: the baseline must not be negative.",
                            field=f"baselines[{i}].cost")
    check_savings(savings)
    rates = {s.function: s for s in savings}
    by_function: dict[str, dict] = {}
    for b in baselines:
        rate = rates.get(b.function)
        if rate is None:
            continue
        row = by_function.setdefault(b.function, {lvl: Decimal(0) for lvl in LEVELS})
        for lvl in LEVELS:
            row[lvl] += b.cost * getattr(rate, lvl) / 100
    by_function = {f: {lvl: to_money(v) for lvl, v in row.items()} for f, row in by_function.items()}
    saving = {lvl: sum((row[lvl] for row in by_function.values()), Decimal("0.00")) for lvl in LEVELS}
    weights = weights_for(formula, councils, baselines, population, entered)
    set_up_parts = split_money(set_up, weights)
    running_parts = split_money(running_cost, weights)
    saving_parts = {lvl: split_money(saving[lvl], weights) for lvl in LEVELS}
    fractions = split_shares(weights)
    shares = tuple(CouncilShare(
        c, fractions[c], set_up_parts[c], running_parts[c],
        {lvl: saving_parts[lvl][c] for lvl in LEVELS},
        {lvl: saving_parts[lvl][c] - running_parts[c] for lvl in LEVELS}) for c in councils)
    payback = {}
    for lvl in LEVELS:
        net = saving[lvl] - to_money(running_cost)
        payback[lvl] = (to_money(set_up) / net).quantize(Decimal("0.01")) if net > 0 else None
    return BusinessCase(to_money(sum((b.cost for b in baselines), Decimal(0))), saving, by_function,
                        to_money(set_up), to_money(running_cost), payback, shares)
