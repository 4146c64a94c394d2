"""Card-level rates: everything about a card, service and scenario that does not depend on the person.

The loaded hourly cost of each role, the sleep-in cost per night, travel, mileage and running costs
per visit hour (all carried to 4 decimal places of a pound), and the fixed lines per place (already
divided by occupancy and rounded to the penny). Derived once per card and cached on it; the single
and the portfolio pricing paths both use exactly these values.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from .needs import ServiceType
from .ratecard import MissingRoleError, Parameter, RateCard, RateCardError, Scenario

PENNY = Decimal("0.01")
RATE_QUANTUM = Decimal("0.0001")  # derived rates: 4 decimal places of a pound (a hundredth of a penny)
WEEKS_PER_YEAR_FOR_CAPITAL = Decimal(52)
EXACT = Context(prec=50)  # far beyond any rounding boundary the inputs can reach (see methodology)
# Pay inputs shared by every loaded hourly rate; listed on each staff line as its sources.
_ON_COST_KEYS = ("statutory.employer_ni_rate", "statutory.employer_ni_weekly_threshold",
                 "statutory.pension_employer_rate", "statutory.pension_qualifying_earnings_lower_weekly",
                 "statutory.pension_qualifying_earnings_upper_weekly", "statutory.holiday_cover",
                 "on_costs.sickness_cover", "on_costs.training_cover", "on_costs.fte_weekly_hours")


def to_pence(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class RateUsed:
    """A rate-card entry as used in a line, with its provenance."""

    key: str
    value: Decimal
    unit: str
    source: str
    date: str
    verify: bool
    illustrative: bool

    @classmethod
    def of(cls, p: Parameter, scenario: Scenario) -> "RateUsed":
        return cls(p.key, p.value(scenario), p.unit, p.source, p.date, p.verify, p.illustrative)


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    label: str
    block: str
    amount: Decimal
    inputs: tuple[tuple[str, str], ...]
    rates: tuple[RateUsed, ...]
    formula: str = ""


@dataclass(frozen=True)
class CostRates:
    """Everything about a card, service and scenario that does not depend on the person."""

    service: ServiceType
    scenario: Scenario
    core: Decimal  # loaded £ per staff hour, by kind of need
    one_to_one: Decimal
    two_to_one: Decimal
    waking_night: Decimal
    sleep_in: Decimal  # loaded £ per sleep-in night
    travel: "Decimal | None"  # £ per visit hour: paid travel time at the one-to-one loaded rate
    mileage: "Decimal | None"
    running: "Decimal | None"
    management_percent: "Decimal | None"
    head_office_percent: Decimal
    return_percent: Decimal
    fixed_lines: tuple[Line, ...]  # per place, already divided by occupancy and rounded
    premises: Line
    sources: dict  # line key -> tuple[RateUsed, ...]


def loaded_hourly_rate(card: RateCard, role: str, scenario: Scenario, needed_by: str) -> tuple[Decimal, tuple]:
    """Base pay plus cover (holiday, sickness, training) and employer NI and pension.

    NI and pension thresholds are applied per worker per week, treating every worker as one
    full-time equivalent on this role's base rate (see the methodology for why this is close).
    """
    if not card.has(f"pay.{role}"):
        raise MissingRoleError(card.name, role, needed_by)
    rate = card.value(f"pay.{role}", scenario)
    factor, sources = _on_cost_factor(card, rate, scenario)
    with localcontext(EXACT):
        loaded = (rate * factor).quantize(RATE_QUANTUM, ROUND_HALF_UP)
    return loaded, (RateUsed.of(card.param(f"pay.{role}"), scenario),) + sources


def _on_cost_factor(card: RateCard, hourly: Decimal, scenario: Scenario) -> tuple[Decimal, tuple]:
    v = {key: card.value(key, scenario) for key in _ON_COST_KEYS}
    with localcontext(EXACT):
        weekly = hourly * v["on_costs.fte_weekly_hours"]
        if weekly > 0:
            ni = v["statutory.employer_ni_rate"] / 100 * max(
                Decimal(0), weekly - v["statutory.employer_ni_weekly_threshold"]) / weekly
            qualifying = min(weekly, v["statutory.pension_qualifying_earnings_upper_weekly"])
            pension = v["statutory.pension_employer_rate"] / 100 * max(
                Decimal(0), qualifying - v["statutory.pension_qualifying_earnings_lower_weekly"]) / weekly
        else:
            ni = pension = Decimal(0)
        cover = 1 + (v["statutory.holiday_cover"] + v["on_costs.sickness_cover"] + v["on_costs.training_cover"]) / 100
        factor = cover * (1 + ni + pension)
    return factor, tuple(RateUsed.of(card.param(key), scenario) for key in _ON_COST_KEYS)


def cost_rates(card: RateCard, service: ServiceType, scenario: Scenario = Scenario.CENTRAL) -> CostRates:
    cached = card.cache.get((service, scenario))
    if cached is None:
        cached = card.cache[(service, scenario)] = _derive(card, service, scenario)
    return cached


def _derive(card: RateCard, service: ServiceType, scenario: Scenario) -> CostRates:
    prefix = f"services.{service.value}"
    if service not in card.services:
        raise RateCardError(card.name, prefix, f"this card has no rates for {service.label}")
    sources: dict = {}
    loaded = {}
    for kind in ("core", "one_to_one", "two_to_one", "waking_night"):
        role = card.setting(f"{prefix}.roles.{kind}")
        loaded[kind], sources[kind] = loaded_hourly_rate(card, role, scenario, f"{prefix}.roles.{kind}")

    sleep_role = card.setting(f"{prefix}.roles.sleep_in")
    if not card.has(f"pay.{sleep_role}"):
        raise MissingRoleError(card.name, sleep_role, f"{prefix}.roles.sleep_in")
    night = card.param("sleep_in.rate_per_night")
    factor, on_costs = _on_cost_factor(card, card.value(f"pay.{sleep_role}", scenario), scenario)
    with localcontext(EXACT):
        sleep_in = (night.value(scenario) * factor).quantize(RATE_QUANTUM, ROUND_HALF_UP)
    pay = RateUsed.of(card.param(f"pay.{sleep_role}"), scenario)
    sources["sleep_in"] = (RateUsed.of(night, scenario), pay) + on_costs

    def optional(name):
        key = f"{prefix}.{name}"
        if not card.has(key):
            return None
        sources[name] = (RateUsed.of(card.param(key), scenario),)
        return card.value(key, scenario)

    travel_hours = optional("travel_time_per_visit_hour")
    travel = None
    if travel_hours is not None:
        travel = (travel_hours * loaded["one_to_one"]).quantize(RATE_QUANTUM, ROUND_HALF_UP)
        sources["travel_time_per_visit_hour"] += sources["one_to_one"]
    occupancy_param = card.param(f"{prefix}.occupancy")
    occupancy = occupancy_param.value(scenario)
    occ = (RateUsed.of(occupancy_param, scenario),)

    def per_place(amount: Decimal) -> Decimal:
        with localcontext(EXACT):
            return to_pence(amount * 100 / occupancy)

    fixed: list[Line] = []
    for key in card.keys_under(f"{prefix}.fixed_staff_hours"):
        role = key.rsplit(".", 1)[1]
        hours = card.value(key, scenario)
        rate, rate_sources = loaded_hourly_rate(card, role, scenario, key)
        fixed.append(Line(f"staff.{role}", words(role), "management_and_other_staff", per_place(hours * rate),
                          (("hours per place a week", plain(hours)), ("loaded hourly cost", gbp(rate)),
                           ("occupancy", f"{plain(occupancy)}%")),
                          (RateUsed.of(card.param(key), scenario),) + rate_sources + occ,
                          f"{plain(hours)} h × {gbp(rate)} ÷ {plain(occupancy)}% occupancy"))
    for key in card.keys_under(f"{prefix}.hotel"):
        p = card.param(key)
        item, value = key.rsplit(".", 1)[1], p.value(scenario)
        if p.basis == "place":
            amount, formula, used = per_place(value), f"{gbp(value)} per place ÷ {plain(occupancy)}% occupancy", occ
        else:
            amount, formula, used = to_pence(value), f"{gbp(value)} per resident", ()
        fixed.append(Line(f"hotel.{item}", words(item), "supplies_and_services", amount,
                          (("per week", gbp(value)), ("basis", p.basis)), (RateUsed.of(p, scenario),) + used, formula))
    if card.has(f"{prefix}.repairs_and_maintenance"):
        p = card.param(f"{prefix}.repairs_and_maintenance")
        value = p.value(scenario)
        fixed.append(Line("repairs_and_maintenance", "Repairs and maintenance", "repairs_and_maintenance",
                          per_place(value), (("per place a week", gbp(value)),), (RateUsed.of(p, scenario),) + occ,
                          f"{gbp(value)} per place ÷ {plain(occupancy)}% occupancy"))

    method = card.setting(f"{prefix}.premises.method")
    if method == "capital":
        cap = card.param(f"{prefix}.premises.capital_value_per_place")
        roc = card.param(f"{prefix}.premises.return_on_capital")
        value, rate = cap.value(scenario), roc.value(scenario)
        with localcontext(EXACT):  # both rate and occupancy are percentages: their hundreds cancel
            amount = to_pence(value * rate / WEEKS_PER_YEAR_FOR_CAPITAL / occupancy)
        premises = Line("premises", "Premises: return on capital", "premises", amount,
                        (("capital value per place", gbp(value)), ("return on capital", f"{plain(rate)}%")),
                        (RateUsed.of(cap, scenario), RateUsed.of(roc, scenario)) + occ,
                        f"{gbp(value)} × {plain(rate)}% ÷ 52 weeks ÷ {plain(occupancy)}% occupancy")
    elif method == "rent":
        rent = card.param(f"{prefix}.premises.rent_per_place")
        value = rent.value(scenario)
        premises = Line("premises", "Premises: rent", "premises", per_place(value),
                        (("rent per place a week", gbp(value)),), (RateUsed.of(rent, scenario),) + occ,
                        f"{gbp(value)} ÷ {plain(occupancy)}% occupancy")
    else:
        premises = Line("premises", "Premises: none (the person's own home or housing-funded)", "premises",
                        Decimal("0.00"), (), (), "not part of the care fee")

    return CostRates(
        service=service, scenario=scenario, core=loaded["core"], one_to_one=loaded["one_to_one"],
        two_to_one=loaded["two_to_one"], waking_night=loaded["waking_night"], sleep_in=sleep_in, travel=travel,
        mileage=optional("mileage_per_visit_hour"), running=optional("running_costs_per_visit_hour"),
        management_percent=optional("management_percent"),
        head_office_percent=optional("head_office_percent"), return_percent=optional("return_on_operations_percent"),
        fixed_lines=tuple(fixed), premises=premises, sources=sources)


def words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def plain(value: Decimal) -> str:
    """Hours and counts for display: 112, 37.5, 0.1667 (never 112.0000)."""
    return format(value.normalize(), "f")


def gbp(value: Decimal) -> str:
    """£38.00, £16.9160: at least pence, more places only when the value carries them."""
    return f"£{value.quantize(PENNY) if value.as_tuple().exponent > -2 else value:,}"
