"""Additionality: how much of a saving would not have happened without the partnership.

For each gain and year (Additionality Guide, English Partnerships 3rd ed. 2008 / HCA 4th ed. 2014):

    gross side      = GI  × (1 − L)  × (1 − Dp)  × (1 − S)  × M
    reference side  = GI* × (1 − L*) × (1 − Dp*) × (1 − S*) × M*
    additional      = (gross side − reference side) × attribution
    additional net  = additional − costs of achieving the gain in that year (investment + ongoing)

GI is the gross cashable saving; GI* is what would have been saved anyway (deadweight), given
either as a share of GI or as amounts per year. Attribution is applied last, to the difference.
A year with no reference amount is never taken as "nothing would have happened anyway": it uses the
deadweight share if one is given (an override or the set's value), else the highest deadweight ratio
(GI*/GI) recorded in any other year of the gain, with a warning — the cautious reading.
Costs are deducted in full, not attributed: the public purse bears all of them (a cautious choice).
Each rounding is to the penny. Parameters carry their source and a verify flag; an override needs a reason.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from riep.core.fy import FinancialYear
from riep.core.money import to_money

from .gains import ZERO, Gain, as_share, split_by_shares
from .reference import as_decimal, load

FACTORS = ("leakage", "displacement", "substitution", "multiplier")
PARAMETERS = FACTORS + ("deadweight",) + tuple(f"reference_{f}" for f in FACTORS)
_SHARES = {"leakage", "displacement", "substitution", "deadweight"} | {f"reference_{f}" for f in FACTORS[:3]}


@dataclass(frozen=True, slots=True)
class Parameter:
    """One additionality parameter; value None means "estimate for each intervention" (deadweight)."""

    name: str
    value: Decimal | None
    source: str
    verify: bool = True
    level: str | None = None  # ready-reckoner level it came from, if any
    override_reason: str | None = None


@dataclass(frozen=True, slots=True)
class ParameterSet:
    key: str
    label: str
    parameters: tuple[Parameter, ...]  # the reference_* ones are optional: they default to the gross side's
    illustrative: bool = False
    description: str = ""

    def get(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        if name.startswith("reference_"):
            base = self.get(name.removeprefix("reference_"))
            return replace(base, name=name)
        raise KeyError(f"parameter set {self.key} has no {name}")


def _sources() -> dict[str, str]:
    return load("additionality")["sources"]


def _parameter(name: str, spec: Mapping) -> Parameter:
    value = spec.get("value")
    return Parameter(
        name=name, value=None if value is None else as_decimal(value), source=_sources()[spec["source"]],
        verify=bool(spec.get("verify", True)), level=spec.get("level"),
    )


def load_parameter_sets() -> dict[str, ParameterSet]:
    """The named parameter sets in reference/additionality.json, by key (a fresh dict of the frozen sets, built once:
    the value report asks for them once per gain)."""
    return dict(_parameter_sets())


@lru_cache(maxsize=1)
def _parameter_sets() -> dict[str, ParameterSet]:
    sets = {}
    for spec in load("additionality")["parameter_sets"]:
        params = tuple(_parameter(name, p) for name, p in spec["parameters"].items())
        sets[spec["key"]] = ParameterSet(spec["key"], spec["label"], params, spec["illustrative"], spec["description"])
    return sets


def ready_reckoner(factor: str, level: str) -> Parameter:
    """A ready-reckoner level, e.g. ready_reckoner("leakage", "low") → 10%, with its source and verify flag."""
    levels = load("additionality")["levels"]
    if factor not in levels or level not in levels[factor]["values"]:
        raise KeyError(f"no ready-reckoner level '{level}' for {factor}")
    spec = levels[factor]
    return Parameter(factor, as_decimal(spec["values"][level]), _sources()[spec["source"]], spec["verify"], level)


def parameter_set_from_levels(
    key: str, label: str, leakage: str = "none", displacement: str = "none", multiplier: str | None = None,
    deadweight: Decimal | None = None, deadweight_source: str = "",
) -> ParameterSet:
    """A parameter set built from ready-reckoner levels; no multiplier level means 1 (right for cost savings)."""
    riep = _sources()["riep"]
    params = [
        ready_reckoner("leakage", leakage),
        ready_reckoner("displacement", displacement),
        Parameter("substitution", Decimal(0), riep),
        ready_reckoner("multiplier", multiplier) if multiplier else Parameter("multiplier", Decimal(1), riep),
        Parameter("deadweight", None if deadweight is None else as_decimal(deadweight), deadweight_source or riep),
    ]
    return ParameterSet(key, label, tuple(params))


@dataclass(frozen=True, slots=True)
class Override:
    """A changed parameter value; the reason is mandatory so every departure from the set is explained."""

    parameter: str
    value: Decimal
    reason: str

    def __post_init__(self) -> None:
        if self.parameter not in PARAMETERS:
            raise ValueError(f"'{self.parameter}' is not an additionality parameter ({', '.join(PARAMETERS)})")
        if not str(self.reason or "").strip():
            raise ValueError(f"overriding {self.parameter} needs a reason")
        object.__setattr__(self, "value", as_decimal(self.value))


@dataclass(frozen=True, slots=True)
class Assessment:
    """How one gain's additionality is judged: parameter set, overrides, reference case and attribution."""

    gain: Gain
    parameter_set: ParameterSet
    attribution: Fraction = Fraction(1)
    overrides: tuple[Override, ...] = ()
    reference_amounts: "Mapping | tuple" = ()  # year → what would have been saved anyway (GI*)
    evidence_strength: int | None = None  # Maryland Scientific Methods Scale, 1 to 5
    attribution_reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "attribution", as_share(self.attribution))
        pairs = dict(self.reference_amounts).items()
        # Kept as sorted (year, amount) pairs so the assessment stays hashable.
        amounts = tuple(sorted((FinancialYear.parse(y), to_money(v)) for y, v in pairs))
        if any(v < 0 for _, v in amounts):
            raise ValueError("a reference case amount must not be negative")
        object.__setattr__(self, "reference_amounts", amounts)
        if self.evidence_strength is not None and self.evidence_strength not in range(1, 6):
            raise ValueError("evidence strength is a Maryland Scientific Methods Scale level, 1 to 5")
        names = [o.parameter for o in self.overrides]
        if len(set(names)) != len(names):
            raise ValueError("a parameter is overridden twice")

    def reference_in(self, year: FinancialYear) -> Decimal | None:
        """The reference amount recorded for a year, or None when none is recorded for it."""
        return dict(self.reference_amounts).get(year)

    def parameter(self, name: str) -> Parameter:
        """The effective parameter: the override if there is one, else the set's value."""
        base = self.parameter_set.get(name)
        for o in self.overrides:
            if o.parameter == name:
                return replace(base, value=o.value, override_reason=o.reason, level=None)
        return base


@dataclass(frozen=True, slots=True)
class AdditionalYear:
    year: FinancialYear
    gross_impact: Decimal  # GI
    gross_side: Decimal
    reference_impact: Decimal  # GI*
    reference_side: Decimal
    additional: Decimal  # (gross side − reference side) × attribution
    costs: Decimal  # investment + ongoing costs in the year
    additional_net: Decimal  # additional − costs
    net: Decimal  # the gain's own net value in the year, for comparison


@dataclass(frozen=True, slots=True)
class GainAdditionality:
    gain_id: str
    project_id: str | None
    council_shares: tuple[tuple[str, Fraction], ...]
    parameters: tuple[Parameter, ...]
    attribution: Fraction
    evidence_strength: int | None
    years: tuple[AdditionalYear, ...]
    warnings: tuple[str, ...] = ()

    def _sum(self, name: str) -> Decimal:
        return sum((getattr(y, name) for y in self.years), ZERO)

    @property
    def gross_impact(self) -> Decimal:
        return self._sum("gross_impact")

    @property
    def additional(self) -> Decimal:
        return self._sum("additional")

    @property
    def additional_net(self) -> Decimal:
        return self._sum("additional_net")

    @property
    def costs(self) -> Decimal:
        return self._sum("costs")

    def in_year(self, year: "FinancialYear | str") -> AdditionalYear | None:
        year = FinancialYear.parse(year)
        return next((y for y in self.years if y.year == year), None)


def _factor(a: Assessment, prefix: str) -> Decimal:
    value = Decimal(1)
    for name in FACTORS:
        p = a.parameter(prefix + name)
        value *= p.value if name == "multiplier" else 1 - p.value
    return value


def _validated(a: Assessment) -> tuple[Parameter, ...]:
    used = []
    for name in PARAMETERS:
        p = a.parameter(name)
        if name == "deadweight" and a.reference_amounts:
            if p.value is None:
                used.append(Parameter(name, None, "reference case given as amounts per year", verify=False))
                continue
            # Both: the amounts govern the years they cover, the share every other year.
        if p.value is None:
            raise ValueError(
                f"gain {a.gain.id}: deadweight has no universal default; estimate it for this intervention "
                "(override 'deadweight' with a reason, or give reference amounts per year)"
            )
        if name in _SHARES and not 0 <= p.value <= 1:
            raise ValueError(f"{name} must be between 0 and 1 (got {p.value})")
        if p.value < 0:
            raise ValueError(f"{name} must not be negative (got {p.value})")
        used.append(p)
    return tuple(used)


def _warnings(a: Assessment, used: tuple[Parameter, ...]) -> tuple[str, ...]:
    out = []
    if a.parameter("multiplier").value > 1:
        out.append("Multiplier above 1: the Guide's composite multipliers are for economic outputs; "
                   "a cost saving is normally taken at about 1.")
    unverified = [p.name.replace("_", " ") for p in used if p.verify and not p.override_reason]
    if unverified:
        out.append(f"Default values still to be verified against the Guide: {', '.join(unverified)}.")
    if a.parameter_set.illustrative:
        out.append(f"'{a.parameter_set.label}' is an illustrative parameter set: confirm it fits this gain.")
    return tuple(out)


def _highest_reference_ratio(a: Assessment) -> Decimal:
    """The largest share of the gross saving the reference case took in any year with both recorded."""
    ratios = [amount / a.gain.in_year(year).gross_saving for year, amount in a.reference_amounts
              if a.gain.in_year(year).gross_saving > 0]
    return min(max(ratios, default=Decimal(1)), Decimal(1))


def _reference_impact(a: Assessment, year: FinancialYear, gi: Decimal, deadweight: Decimal | None) -> tuple[Decimal, bool]:
    """GI* for a year and whether it was filled in for a year with no reference amount."""
    if not a.reference_amounts:
        return to_money(gi * deadweight), False
    recorded = a.reference_in(year)
    if recorded is not None:
        return recorded, False
    if gi == 0:
        return ZERO, False
    share = deadweight if deadweight is not None else _highest_reference_ratio(a)
    return to_money(gi * share), True


def assess_additionality(a: Assessment, years: Iterable | None = None) -> GainAdditionality:
    """Additional savings for one gain, per year (default: every year the gain records)."""
    used = _validated(a)
    chosen = [FinancialYear.parse(y) for y in years] if years is not None else [y.year for y in a.gain.years]
    gross_factor, reference_factor = _factor(a, ""), _factor(a, "reference_")
    deadweight = a.parameter("deadweight").value
    attribution = a.attribution
    rows = []
    filled: list[FinancialYear] = []
    for year in chosen:
        amounts = a.gain.in_year(year)
        gi = amounts.gross_saving
        gi_star, was_filled = _reference_impact(a, year, gi, deadweight)
        if was_filled:
            filled.append(year)
        gross_side = to_money(gi * gross_factor)
        reference_side = to_money(gi_star * reference_factor)
        additional = to_money((gross_side - reference_side) * attribution.numerator / attribution.denominator)
        rows.append(AdditionalYear(
            year=year, gross_impact=gi, gross_side=gross_side, reference_impact=gi_star,
            reference_side=reference_side, additional=additional, costs=amounts.costs,
            additional_net=additional - amounts.costs, net=amounts.net,
        ))
    shares = tuple((s.council_code, s.share) for s in a.gain.council_shares())
    warnings = _warnings(a, used)
    if filled:
        how = (f"the deadweight share {deadweight:.1%}" if deadweight is not None
               else f"the highest reference-case share recorded in another year ({_highest_reference_ratio(a):.1%})")
        warnings += (f"No reference case recorded for {', '.join(y.label for y in filled)}: taken as {how}, "
                     "not as no deadweight.",)
    return GainAdditionality(
        a.gain.id, a.gain.project_id, shares, used, attribution, a.evidence_strength, tuple(rows), warnings,
    )


@dataclass(frozen=True, slots=True)
class AdditionalitySummary:
    """Additional savings for many gains, with totals per project, council and the partnership."""

    gains: tuple[GainAdditionality, ...]

    @property
    def additional(self) -> Decimal:
        return sum((g.additional for g in self.gains), ZERO)

    @property
    def additional_net(self) -> Decimal:
        return sum((g.additional_net for g in self.gains), ZERO)

    def by_project(self, net: bool = False) -> dict[str | None, Decimal]:
        totals: dict = defaultdict(lambda: ZERO)
        for g in self.gains:
            totals[g.project_id] += g.additional_net if net else g.additional
        return dict(totals)

    def by_council(self, net: bool = False) -> dict[str, Decimal]:
        """Each gain's yearly figure split by its council shares, to the penny, so the parts add back up."""
        totals: dict = defaultdict(lambda: ZERO)
        for g in self.gains:
            codes = [code for code, _ in g.council_shares]
            for y in g.years:
                parts = split_by_shares(y.additional_net if net else y.additional, [s for _, s in g.council_shares])
                for code, part in zip(codes, parts):
                    totals[code] += part
        return dict(totals)

    def by_year(self, net: bool = False) -> dict[FinancialYear, Decimal]:
        totals: dict = defaultdict(lambda: ZERO)
        for g in self.gains:
            for y in g.years:
                totals[y.year] += y.additional_net if net else y.additional
        return dict(sorted(totals.items()))


def additionality(assessments: Iterable[Assessment], years: Iterable | None = None) -> AdditionalitySummary:
    """Assesses every gain; the partnership total is AdditionalitySummary.additional."""
    assessments = list(assessments)
    ids = [a.gain.id for a in assessments]
    if len(set(ids)) != len(ids):
        raise ValueError("a gain is assessed twice")
    years = list(years) if years is not None else None
    return AdditionalitySummary(tuple(assess_additionality(a, years) for a in assessments))
