"""Green Book appraisal of partnership funding: discounting, optimism bias, savings persistence, NPV, BCR, VfM band.

Discounting uses the declining schedule in reference/green_book_discount.json, applied year by year:
DF(0) = 1 and DF(t) = DF(t−1) / (1 + r(t)), so year 31 is discounted at 3.0% on top of 30 years at 3.5%
(not 3.0% back to year 0). Optimism bias, VfM bands: reference/optimism_bias.json, reference/vfm_bands.json.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from riep.core.fy import FinancialYear
from riep.core.money import to_money

from .gains import ZERO
from .reference import as_decimal, load

RATIO = Decimal("0.000001")  # ratios (BCR, return per pound) are kept to 6 places; display rounds further


@dataclass(frozen=True, slots=True)
class DiscountBand:
    from_year: int
    to_year: int | None  # None: every later year
    rate: Decimal


def load_discount_schedule() -> tuple[DiscountBand, ...]:
    data = load("green_book_discount")
    return tuple(DiscountBand(b["from_year"], b["to_year"], as_decimal(b["rate"])) for b in data["bands"])


def discount_rate(t: int, schedule: Sequence[DiscountBand] | None = None) -> Decimal:
    """The real discount rate applying to year t (0 = the base year)."""
    for band in schedule or load_discount_schedule():
        if band.from_year <= t and (band.to_year is None or t <= band.to_year):
            return band.rate
    raise ValueError(f"no discount rate for year {t}")


def discount_factors(last_year: int, schedule: Sequence[DiscountBand] | None = None) -> tuple[Decimal, ...]:
    """DF(0) … DF(last_year); DF(0) = 1 and each year divides by (1 + that year's rate)."""
    if last_year < 0:
        raise ValueError("years are counted from 0, the base year")
    schedule = schedule or load_discount_schedule()
    factors = [Decimal(1)]
    for t in range(1, last_year + 1):
        factors.append(factors[-1] / (1 + discount_rate(t, schedule)))
    return tuple(factors)


def discount_factor(t: int, schedule: Sequence[DiscountBand] | None = None) -> Decimal:
    return discount_factors(t, schedule)[t]


def _offsets(flows: "Mapping | Sequence", base_year: FinancialYear | None) -> dict[int, Decimal]:
    """Cash flows keyed by year offset from the base year; a sequence is read as years 0, 1, 2, …"""
    if not isinstance(flows, Mapping):
        return {t: to_money(v) for t, v in enumerate(flows)}
    out: dict[int, Decimal] = {}
    for key, value in flows.items():
        if isinstance(key, int):
            t = key
        else:
            if base_year is None:
                raise ValueError("cash flows keyed by financial year need a base year")
            t = FinancialYear.parse(key) - base_year
        if t < 0:
            raise ValueError(f"a cash flow falls before the base year ({key})")
        out[t] = out.get(t, ZERO) + to_money(value)
    return out


def present_value(
    flows: "Mapping | Sequence",
    base_year: "FinancialYear | str | None" = None,
    schedule: Sequence[DiscountBand] | None = None,
) -> Decimal:
    """PV to the penny of flows given as a sequence (year 0 first) or a mapping of year offset or FinancialYear."""
    base = FinancialYear.parse(base_year) if base_year is not None else None
    by_offset = _offsets(flows, base)
    if not by_offset:
        return ZERO
    factors = discount_factors(max(by_offset), schedule)
    # Round once, at the end, so many small flows do not accumulate rounding.
    return to_money(sum((v * factors[t] for t, v in by_offset.items()), Decimal(0)))


# --- optimism bias -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OptimismBias:
    key: str
    label: str
    capex: tuple[Decimal, Decimal] | None  # (upper, lower) percent uplift; None: not applicable
    works_duration: tuple[Decimal, Decimal] | None  # None: no works-duration uplift (outsourcing)
    opex: tuple[Decimal, Decimal] | None = None  # outsourcing: the uplift applies to operating costs
    note: str = ""


MEASURES = ("capex", "works_duration", "opex")


def load_optimism_bias() -> dict[str, OptimismBias]:
    """Project types from reference/optimism_bias.json, by key."""
    out = {}
    for t in load("optimism_bias")["project_types"]:
        pair = lambda spec: (as_decimal(spec["upper"]), as_decimal(spec["lower"])) if spec else None  # noqa: E731
        out[t["key"]] = OptimismBias(t["key"], t["label"], pair(t.get("capex")), pair(t.get("works_duration")),
                                     pair(t.get("opex")), t.get("note", ""))
    return out


def optimism_bias_uplift(
    project_type: str, measure: str = "capex", bound: str = "upper", mitigation: "Decimal | None" = None,
) -> Decimal:
    """Uplift in percent.

    mitigation is the share (0 to 1) of the contributory factors that are managed (see managed_share); as the
    Supplementary Green Book Guidance on optimism bias applies it, uplift = upper bound × (1 − mitigation). It
    overrides `bound`. The lower bound is what a project whose risks are all managed should expect to approach.
    """
    types = load_optimism_bias()
    if project_type not in types:
        raise KeyError(f"unknown project type '{project_type}' ({', '.join(types)})")
    if measure not in MEASURES:
        raise ValueError("measure is 'capex', 'works_duration' or 'opex'")
    kind = types[project_type]
    pair = getattr(kind, measure)
    if pair is None:
        offered = [m.replace("_", " ") for m in MEASURES if getattr(kind, m) is not None]
        raise ValueError(f"{kind.label} has no {measure.replace('_', ' ')} uplift (it has: {', '.join(offered)})")
    upper, lower = pair
    if mitigation is None:
        if bound not in ("upper", "lower"):
            raise ValueError("bound is 'upper' or 'lower'")
        return upper if bound == "upper" else lower
    mitigation = as_decimal(mitigation)
    if not 0 <= mitigation <= 1:
        raise ValueError("mitigation is the share of contributory factors managed, between 0 and 1")
    return upper * (1 - mitigation)


def managed_share(contributions: "Sequence[tuple[Decimal, Decimal]]") -> Decimal:
    """The share of the upper bound that is managed: Σ contribution% × mitigation factor, as a fraction.

    contributions are (the risk area's % contribution to the upper bound, its mitigation factor from 0 to 1), as in
    the guidance's tables: e.g. [(5, 1), (2, 1), (22, 0.4), (5, 1), (3, 1)] → 23.8% managed → 0.238.
    """
    total = Decimal(0)
    for contribution, factor in contributions:
        contribution, factor = as_decimal(contribution), as_decimal(factor)
        if not 0 <= factor <= 1:
            raise ValueError(f"a mitigation factor is between 0 and 1 (got {factor})")
        if contribution < 0:
            raise ValueError(f"a contribution to optimism bias cannot be negative (got {contribution})")
        total += contribution * factor
    if total > 100:
        raise ValueError(f"managed contributions add up to {total}%, more than 100%")
    return total / 100


def apply_optimism_bias(amount: Decimal, uplift_percent: Decimal) -> Decimal:
    """amount × (1 + uplift/100), to the penny."""
    return to_money(to_money(amount) * (1 + as_decimal(uplift_percent) / 100))


# --- persistence of savings ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Persistence:
    """How a saving lasts: full value for full_years, then decays by decay_rate a year; nothing after stops_after.

    Persistence() is a saving that lasts undiminished for the whole horizon.
    """

    full_years: int | None = None
    decay_rate: Decimal = Decimal(0)
    stops_after: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "decay_rate", as_decimal(self.decay_rate))
        if not 0 <= self.decay_rate <= 1:
            raise ValueError("decay rate is a fraction between 0 and 1")
        if self.decay_rate and self.full_years is None:
            raise ValueError("say after how many full years the saving starts to decay")

    def fraction(self, year: int) -> Decimal:
        """Share of the first-year saving left in year `year` (1 = the first year of the saving)."""
        if self.stops_after is not None and year > self.stops_after:
            return Decimal(0)
        if self.full_years is not None and year > self.full_years:
            return (1 - self.decay_rate) ** (year - self.full_years)
        return Decimal(1)


def savings_profile(annual_saving: Decimal, years: int, persistence: Persistence = Persistence()) -> tuple[Decimal, ...]:
    """The saving in each of `years` years, to the penny."""
    saving = to_money(annual_saving)
    return tuple(to_money(saving * persistence.fraction(i)) for i in range(1, years + 1))


def savings_by_year(
    first_year: "FinancialYear | str", annual_saving: Decimal, years: int, persistence: Persistence = Persistence(),
) -> dict[FinancialYear, Decimal]:
    first = FinancialYear.parse(first_year)
    return {first + i: v for i, v in enumerate(savings_profile(annual_saving, years, persistence))}


# --- value-for-money bands and appraisal ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VfmBand:
    key: str
    label: str
    lower: Decimal | None  # included
    upper: Decimal | None  # excluded

    def contains(self, bcr: Decimal) -> bool:
        return (self.lower is None or bcr >= self.lower) and (self.upper is None or bcr < self.upper)


def load_vfm_bands() -> tuple[VfmBand, ...]:
    bands = load("vfm_bands")["bands"]
    dec = lambda v: None if v is None else as_decimal(v)  # noqa: E731
    return tuple(VfmBand(b["key"], b["label"], dec(b["lower"]), dec(b["upper"])) for b in bands)


def vfm_band(bcr: Decimal | None) -> VfmBand | None:
    """Poor < 1 ≤ low < 1.5 ≤ medium < 2 ≤ high; no band when there is no ratio (no costs)."""
    if bcr is None:
        return None
    return next(b for b in load_vfm_bands() if b.contains(as_decimal(bcr)))


@dataclass(frozen=True, slots=True)
class Appraisal:
    base_year: FinancialYear
    last_benefit_year: FinancialYear | None
    pv_partnership_funding: Decimal
    pv_council_costs: Decimal  # investment and ongoing costs, before any uplift
    optimism_bias_percent: Decimal  # on the councils' one-off investment (capital)
    optimism_bias: Decimal  # the uplift in money, on investment and on ongoing costs together
    pv_costs: Decimal  # funding (never uplifted) + council costs with their uplifts
    pv_benefits: Decimal
    npv: Decimal
    bcr: Decimal | None
    return_per_pound: Decimal | None  # PV benefits per pound (PV) of partnership funding
    vfm_band: VfmBand | None
    opex_optimism_bias_percent: Decimal = Decimal(0)  # on the councils' ongoing (operating) costs


def _non_negative(flows: Mapping, what: str) -> None:
    for year, value in flows.items():
        if to_money(value) < 0:
            raise ValueError(f"{what} in {year} is negative ({value}): record a cost as a positive amount")


def appraise(
    partnership_funding: Mapping,
    council_costs: Mapping,
    benefits: Mapping,
    base_year: "FinancialYear | str",
    horizon_years: int | None = None,
    optimism_bias_percent: Decimal = Decimal(0),
    schedule: Sequence[DiscountBand] | None = None,
    council_ongoing_costs: Mapping | None = None,
    opex_optimism_bias_percent: Decimal = Decimal(0),
) -> Appraisal:
    """NPV, BCR and VfM band of partnership funding.

    Costs = partnership funding + the councils' one-off investment (council_costs) and ongoing costs
    (council_ongoing_costs), all years, discounted. Optimism bias uplifts the councils' estimates only: the
    capital percentage their investment, the operating (opex) percentage their ongoing costs — so an outsourcing
    uplift, which the guidance sets for operating costs, never lands on capital. The partnership grant is a known
    sum and is never uplifted. Benefits = additional savings in base_year … base_year + horizon_years (all years
    when no horizon).
    """
    base = FinancialYear.parse(base_year)
    if horizon_years is not None and horizon_years < 0:
        raise ValueError(f"the appraisal horizon is a number of years from the base year, not negative ({horizon_years})")
    council_ongoing_costs = council_ongoing_costs or {}
    _non_negative(partnership_funding, "Partnership funding")
    _non_negative(council_costs, "Council investment")
    _non_negative(council_ongoing_costs, "Council ongoing costs")
    last = base + horizon_years if horizon_years is not None else None
    kept = {FinancialYear.parse(y): v for y, v in benefits.items() if last is None or FinancialYear.parse(y) <= last}
    pv_funding = present_value(partnership_funding, base, schedule)
    pv_investment = present_value(council_costs, base, schedule)
    pv_ongoing = present_value(council_ongoing_costs, base, schedule)
    uplifted = (apply_optimism_bias(pv_investment, optimism_bias_percent)
                + apply_optimism_bias(pv_ongoing, opex_optimism_bias_percent))
    pv_council = pv_investment + pv_ongoing
    pv_costs = pv_funding + uplifted
    pv_benefits = present_value(kept, base, schedule)
    bcr = (pv_benefits / pv_costs).quantize(RATIO) if pv_costs > 0 else None
    per_pound = (pv_benefits / pv_funding).quantize(RATIO) if pv_funding > 0 else None
    return Appraisal(
        base_year=base, last_benefit_year=last, pv_partnership_funding=pv_funding, pv_council_costs=pv_council,
        optimism_bias_percent=as_decimal(optimism_bias_percent), optimism_bias=uplifted - pv_council,
        pv_costs=pv_costs, pv_benefits=pv_benefits, npv=pv_benefits - pv_costs, bcr=bcr,
        return_per_pound=per_pound, vfm_band=vfm_band(bcr),
        opex_optimism_bias_percent=as_decimal(opex_optimism_bias_percent),
    )
