"""Reorganisation options: which predecessors go into which successor, and what each option saves a year.

An option's successors each take a set of predecessors; a predecessor may be in only one successor of an option.
A county whose area is split between successors has its county services disaggregated.

Per option and year t (0 = the vesting year), with assumptions A at the values given:
  gross saving(t)   = ramp(t) × Σ over successors merging ≥ 2 predecessors of
                      (their baseline spend × Σ aggregation percentages)
  disaggregation(t) = Σ over counties split k ways of (k − 1) × Σ disaggregation costs (£ a year each)
  transition(t)     = phasing(t) × number of successors × Σ one-off transition costs (£ per successor)
  net(t)            = gross − disaggregation − transition
The model is linear in every assumption, which is why the range simulation's symmetric case has its median at
the central result (see simulation.py).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from riep.core.errors import UserError
from riep.core.money import to_money

AGGREGATION, DISAGGREGATION, TRANSITION = "aggregation", "disaggregation", "transition"
KINDS = {AGGREGATION: "Aggregation saving (% of the merged councils' spend a year)",
         DISAGGREGATION: "Disaggregation cost (£ a year for each extra piece a county service is split into)",
         TRANSITION: "One-off transition cost (£ for each successor council)"}
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Predecessor:
    key: str  # stable id (the registry pk as text)
    name: str
    baseline_spend: Decimal  # £ a year
    is_county: bool = False


@dataclass(frozen=True)
class Successor:
    name: str
    predecessors: tuple[str, ...]  # Predecessor keys


@dataclass(frozen=True)
class Option:
    name: str
    successors: tuple[Successor, ...]


@dataclass(frozen=True)
class Assumption:
    key: str
    label: str
    kind: str
    low: Decimal
    central: Decimal
    high: Decimal
    source_note: str = ""

    def at(self, which: str) -> Decimal:
        return {"low": self.low, "central": self.central, "high": self.high}[which]


@dataclass(frozen=True)
class Profile:
    """How the steady-state saving builds up and how one-off costs fall, by year from vesting (fractions)."""

    savings_ramp: tuple[Decimal, ...] = (Decimal("0.5"), Decimal("0.8"), Decimal(1))  # then 1 for every later year
    transition_phasing: tuple[Decimal, ...] = (Decimal("0.6"), Decimal("0.4"))  # must add up to 1
    horizon_years: int = 10

    def ramp(self, t: int) -> Decimal:
        return self.savings_ramp[t] if t < len(self.savings_ramp) else Decimal(1)

    def phase(self, t: int) -> Decimal:
        return self.transition_phasing[t] if t < len(self.transition_phasing) else Decimal(0)


@dataclass(frozen=True)
class OptionYear:
    year: int
    gross_saving: Decimal
    disaggregation: Decimal
    transition: Decimal
    net: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class OptionResult:
    option: str
    years: tuple[OptionYear, ...]
    steady_net_saving: Decimal  # a full year at full savings, no one-off costs
    payback_year: int | None  # first year from which the cumulative position stays ≥ 0; None: not in the horizon
    npv: Decimal
    notes: tuple[str, ...] = field(default=())


def check_assumption(a: Assumption, index: int | None = None) -> None:
    where = f"assumptions[{index}]" if index is not None else f"assumption {a.key}"
    if a.kind not in KINDS:
        raise UserError(f"{a.label}: the kind must be one of {', '.join(KINDS)}.", field=f"{where}.kind")
    if a.low > a.high:
        raise UserError(f"{a.label}: the low value ({a.low}) is above the high value ({a.high}).",
                        field=f"{where}.low")
    if not a.low <= a.central <= a.high:
        raise UserError(f"{a.label}: the central value ({a.central}) must lie between the low ({a.low}) and the "
                        f"high ({a.high}).", field=f"{where}.central")
    if a.low < 0:
        raise UserError(f"{a.label}: values must not be negative (a cost is entered as a positive amount).",
                        field=f"{where}.low")


def check_option(option: Option, predecessors: Mapping[str, Predecessor], index: int | None = None) -> None:
    where = f"options[{index}]" if index is not None else f"option {option.name}"
    if not option.successors:
        raise UserError(f"Option {option.name!r} has no successor councils.", field=f"{where}.successors")
    seen: dict[str, str] = {}
    for s in option.successors:
        if not s.predecessors:
            raise UserError(f"Option {option.name!r}: {s.name} takes no predecessor councils.",
                            field=f"{where}.successors")
        for key in s.predecessors:
            if key not in predecessors:
                raise UserError(f"Option {option.name!r}: {s.name} names a council that is not one of the "
                                f"scenario's predecessors.", field=f"{where}.successors")
            if key in seen and seen[key] != s.name:
                raise UserError(f"Option {option.name!r}: {predecessors[key].name} is in two successors "
                                f"({seen[key]} and {s.name}); a predecessor goes into one successor only.",
                                field=f"{where}.successors")
            seen[key] = s.name
    missing = [p.name for k, p in predecessors.items() if k not in seen and not p.is_county]
    if missing:
        raise UserError(f"Option {option.name!r} leaves out {', '.join(missing)}: every predecessor district goes "
                        f"into a successor.", field=f"{where}.successors")


def county_splits(option: Option, predecessors: Mapping[str, Predecessor]) -> dict[str, int]:
    """How many successors each county's services go to: 1 when a successor takes the county, otherwise every
    successor of the option (the county's services are split across them)."""
    out = {}
    for key, p in predecessors.items():
        if p.is_county:
            out[key] = 1 if any(key in s.predecessors for s in option.successors) else len(option.successors)
    return out


def successor_spend(option: Option, predecessors: Mapping[str, Predecessor]) -> list[tuple[Decimal, int]]:
    """(baseline spend, number of predecessor bodies) per successor. A county no successor takes is split across
    the successors in proportion to their districts' spend (equally if that is nil)."""
    own = [sum((predecessors[k].baseline_spend for k in s.predecessors), Decimal(0)) for s in option.successors]
    bodies = [len(s.predecessors) for s in option.successors]
    spend = list(own)
    total_own = sum(own, Decimal(0))
    for key, pieces in county_splits(option, predecessors).items():
        if pieces == 1 and any(key in s.predecessors for s in option.successors):
            continue
        county = predecessors[key].baseline_spend
        for i in range(len(spend)):
            share = own[i] / total_own if total_own else Decimal(1) / len(spend)
            spend[i] += county * share
            bodies[i] += 1
    return list(zip(spend, bodies))


def _sum(assumptions: Sequence[Assumption], kind: str, values: Mapping[str, Decimal]) -> Decimal:
    return sum((values[a.key] for a in assumptions if a.kind == kind), Decimal(0))


def steady_state(option: Option, predecessors: Mapping[str, Predecessor], assumptions: Sequence[Assumption],
                 values: Mapping[str, Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """(full-year gross saving, yearly disaggregation cost, total one-off transition cost), unrounded."""
    pct = _sum(assumptions, AGGREGATION, values) / 100
    merged_spend = sum((spend for spend, bodies in successor_spend(option, predecessors) if bodies >= 2), Decimal(0))
    extra_pieces = sum(k - 1 for k in county_splits(option, predecessors).values())
    return (merged_spend * pct, extra_pieces * _sum(assumptions, DISAGGREGATION, values),
            len(option.successors) * _sum(assumptions, TRANSITION, values))


def net_flows(option: Option, predecessors: Mapping[str, Predecessor], assumptions: Sequence[Assumption],
              values: Mapping[str, Decimal], profile: Profile) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(gross saving, disaggregation cost, transition cost) per year, unrounded: rounding happens once, for
    display, so the range simulation and the central result are the same exact arithmetic."""
    steady_gross, disaggregation, transition_total = steady_state(option, predecessors, assumptions, values)
    return [(steady_gross * profile.ramp(t), disaggregation, transition_total * profile.phase(t))
            for t in range(profile.horizon_years)]


def npv_of(flows: Sequence[tuple[Decimal, Decimal, Decimal]], factors: Sequence[Decimal]) -> Decimal:
    """Σ net(t) × DF(t), unrounded; DF from the Green Book schedule (riep.ledger.green_book.discount_factors)."""
    return sum(((g - d - t) * factors[i] for i, (g, d, t) in enumerate(flows)), Decimal(0))


def evaluate(option: Option, predecessors: Mapping[str, Predecessor], assumptions: Sequence[Assumption],
             values: Mapping[str, Decimal], profile: Profile, factors: Sequence[Decimal]) -> OptionResult:
    """One option at one set of assumption values (key → value), discounted by `factors` (DF(0) = 1, …)."""
    flows = net_flows(option, predecessors, assumptions, values, profile)
    rows, cumulative = [], Decimal(0)
    for t, (gross, disaggregation, transition) in enumerate(flows):
        net = gross - disaggregation - transition
        cumulative += net
        rows.append(OptionYear(t, to_money(gross), to_money(disaggregation), to_money(transition), to_money(net),
                               to_money(cumulative)))
    steady_gross, disaggregation, _ = steady_state(option, predecessors, assumptions, values)
    return OptionResult(option.name, tuple(rows), to_money(steady_gross - disaggregation),
                        payback_year(rows), to_money(npv_of(flows, factors)))


def payback_year(rows: Sequence[OptionYear]) -> int | None:
    """The first year from which the cumulative position is never negative again (0 if it never is)."""
    last_negative = None
    for r in rows:
        if r.cumulative < 0:
            last_negative = r.year
    if last_negative is None:
        return 0
    return last_negative + 1 if last_negative + 1 < len(rows) else None


def check_profile(profile: Profile) -> None:
    if not 1 <= profile.horizon_years <= 60:
        raise UserError("The appraisal horizon is between 1 and 60 years.", field="horizon_years")
    if any(not 0 <= r <= 1 for r in profile.savings_ramp):
        raise UserError("Each year of the savings ramp is a fraction between 0 and 1.", field="savings_ramp")
    if any(p < 0 for p in profile.transition_phasing) or sum(profile.transition_phasing) != 1:
        raise UserError("The phasing of one-off transition costs must add up to 100%.", field="transition_phasing")


def central_values(assumptions: Sequence[Assumption], which: str = "central") -> dict[str, Decimal]:
    return {a.key: a.at(which) for a in assumptions}
