"""The fair weekly price for one person, itemised line by line.

How the total is kept exact: each line is computed exactly in Decimal and rounded half-up to
the penny once; percentage lines apply to the sum of the already-rounded lines they cover; the
total is defined as the sum of the lines. So the breakdown always adds up to the total.

Card-level rates (the loaded hourly cost of each role, the fixed lines per place) are derived once
per card, service and scenario, and carried to 4 decimal places of a pound; the portfolio path in
`portfolio.py` uses exactly the same derived rates, in integers.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from .needs import ServiceType, SupportNeeds
from .ratecard import MissingRoleError, Parameter, RateCard, RateCardError, Scenario

PENNY = Decimal("0.01")
RATE_QUANTUM = Decimal("0.0001")  # derived rates: 4 decimal places of a pound (a hundredth of a penny)
WEEKS_PER_YEAR_FOR_CAPITAL = Decimal(52)
_EXACT = Context(prec=50)  # far beyond any rounding boundary the inputs can reach (see methodology)

BLOCKS = {
    "care_and_support_staff": "Care and support staff",
    "management_and_other_staff": "Management and other staff",
    "supplies_and_services": "Supplies and services",
    "repairs_and_maintenance": "Repairs and maintenance",
    "head_office": "Head office",
    "return_on_operations": "Return on operations",
    "premises": "Premises (rent or return on capital)",
}
_SHARED_CORE_SERVICES = {ServiceType.RESIDENTIAL, ServiceType.SUPPORTED_LIVING_ACCOMMODATION}
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


@dataclass(frozen=True, slots=True)
class Breakdown:
    needs: SupportNeeds
    card: str
    financial_year: str
    vintage: str
    scenario: Scenario
    lines: tuple[Line, ...]
    total: Decimal

    def line(self, key: str) -> Line:
        return next(line for line in self.lines if line.key == key)

    def amounts(self) -> dict[str, Decimal]:
        return {line.key: line.amount for line in self.lines}

    def by_block(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in self.lines:
            totals[line.block] = totals.get(line.block, Decimal("0.00")) + line.amount
        return totals


@dataclass(frozen=True, slots=True)
class FairPrice:
    """The central price itemised, with the floor and ceiling of the range around it."""

    central: Breakdown
    floor: Decimal
    ceiling: Decimal

    @property
    def total(self) -> Decimal:
        return self.central.total

    @property
    def lines(self) -> tuple[Line, ...]:
        return self.central.lines


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
    with localcontext(_EXACT):
        loaded = (rate * factor).quantize(RATE_QUANTUM, ROUND_HALF_UP)
    return loaded, (RateUsed.of(card.param(f"pay.{role}"), scenario),) + sources


def _on_cost_factor(card: RateCard, hourly: Decimal, scenario: Scenario) -> tuple[Decimal, tuple]:
    v = {key: card.value(key, scenario) for key in _ON_COST_KEYS}
    with localcontext(_EXACT):
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
    with localcontext(_EXACT):
        sleep_in = (night.value(scenario) * factor).quantize(RATE_QUANTUM, ROUND_HALF_UP)
    sources["sleep_in"] = (RateUsed.of(night, scenario), RateUsed.of(card.param(f"pay.{sleep_role}"), scenario)) + on_costs

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
        with localcontext(_EXACT):
            return to_pence(amount * 100 / occupancy)

    fixed: list[Line] = []
    for key in card.keys_under(f"{prefix}.fixed_staff_hours"):
        role = key.rsplit(".", 1)[1]
        hours = card.value(key, scenario)
        rate, rate_sources = loaded_hourly_rate(card, role, scenario, key)
        fixed.append(Line(f"staff.{role}", _words(role), "management_and_other_staff", per_place(hours * rate),
                          (("hours per place a week", _num(hours)), ("loaded hourly cost", _gbp(rate)),
                           ("occupancy", f"{_num(occupancy)}%")),
                          (RateUsed.of(card.param(key), scenario),) + rate_sources + occ,
                          f"{_num(hours)} h × {_gbp(rate)} ÷ {_num(occupancy)}% occupancy"))
    for key in card.keys_under(f"{prefix}.hotel"):
        p = card.param(key)
        item, value = key.rsplit(".", 1)[1], p.value(scenario)
        if p.basis == "place":
            amount, formula, used = per_place(value), f"{_gbp(value)} per place ÷ {_num(occupancy)}% occupancy", occ
        else:
            amount, formula, used = to_pence(value), f"{_gbp(value)} per resident", ()
        fixed.append(Line(f"hotel.{item}", _words(item), "supplies_and_services", amount,
                          (("per week", _gbp(value)), ("basis", p.basis)), (RateUsed.of(p, scenario),) + used, formula))
    if card.has(f"{prefix}.repairs_and_maintenance"):
        p = card.param(f"{prefix}.repairs_and_maintenance")
        value = p.value(scenario)
        fixed.append(Line("repairs_and_maintenance", "Repairs and maintenance", "repairs_and_maintenance",
                          per_place(value), (("per place a week", _gbp(value)),), (RateUsed.of(p, scenario),) + occ,
                          f"{_gbp(value)} per place ÷ {_num(occupancy)}% occupancy"))

    method = card.setting(f"{prefix}.premises.method")
    if method == "capital":
        cap, roc = card.param(f"{prefix}.premises.capital_value_per_place"), card.param(f"{prefix}.premises.return_on_capital")
        value, rate = cap.value(scenario), roc.value(scenario)
        with localcontext(_EXACT):
            amount = to_pence(value * rate / WEEKS_PER_YEAR_FOR_CAPITAL / occupancy)
        premises = Line("premises", "Premises: return on capital", "premises", amount,
                        (("capital value per place", _gbp(value)), ("return on capital", f"{_num(rate)}%")),
                        (RateUsed.of(cap, scenario), RateUsed.of(roc, scenario)) + occ,
                        f"{_gbp(value)} × {_num(rate)}% ÷ 52 weeks ÷ {_num(occupancy)}% occupancy")
    elif method == "rent":
        rent = card.param(f"{prefix}.premises.rent_per_place")
        value = rent.value(scenario)
        premises = Line("premises", "Premises: rent", "premises", per_place(value),
                        (("rent per place a week", _gbp(value)),), (RateUsed.of(rent, scenario),) + occ,
                        f"{_gbp(value)} ÷ {_num(occupancy)}% occupancy")
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


def _words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _num(value: Decimal) -> str:
    """Hours and counts for display: 112, 37.5, 0.1667 (never 112.0000)."""
    text = format(value.normalize(), "f")
    return text


def _gbp(value: Decimal) -> str:
    """£38.00, £16.9160: at least pence, more places only when the value carries them."""
    return f"£{value.quantize(PENNY) if value.as_tuple().exponent > -2 else value:,}"


def _need_amounts(needs: SupportNeeds, r: CostRates) -> dict[str, Decimal]:
    """The lines driven by the person's hours, in display order (before percentage lines)."""
    out: dict[str, Decimal] = {}
    visits = needs.visit_hours
    with localcontext(_EXACT):
        if r.service in _SHARED_CORE_SERVICES:
            out["core_support"] = to_pence(needs.shared_core_hours * r.core / needs.shared_by)
        out["one_to_one_support"] = to_pence(needs.one_to_one_hours * r.one_to_one)
        out["two_to_one_support"] = to_pence(needs.two_to_one_hours * 2 * r.two_to_one)
        out["waking_nights"] = to_pence(needs.waking_night_hours * r.waking_night / needs.night_sharers)
        out["sleep_ins"] = to_pence(needs.sleep_in_nights * r.sleep_in / needs.night_sharers)
        if r.travel is not None:
            out["travel_time"] = to_pence(visits * r.travel)
        if r.mileage is not None:
            out["mileage"] = to_pence(visits * r.mileage)
        if r.running is not None:
            out["running_costs"] = to_pence(visits * r.running)
    return out


def _percent(base: Decimal, percent: Decimal) -> Decimal:
    return to_pence(base * percent / 100)


def _all_amounts(needs: SupportNeeds, r: CostRates) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(need-driven lines, percentage and fixed lines) as pence Decimals."""
    need = _need_amounts(needs, r)
    rest: dict[str, Decimal] = {}
    direct = sum((need[k] for k in _DIRECT if k in need), Decimal("0.00"))
    if r.management_percent is not None:
        rest["management_and_supervision"] = _percent(direct, r.management_percent)
    for line in r.fixed_lines:
        rest[line.key] = line.amount
    operating = sum(need.values(), Decimal("0.00")) + sum(rest.values(), Decimal("0.00"))
    rest["head_office"] = _percent(operating, r.head_office_percent)
    rest["return_on_operations"] = _percent(operating + rest["head_office"], r.return_percent)
    rest["premises"] = r.premises.amount
    return need, rest


_DIRECT = ("core_support", "one_to_one_support", "two_to_one_support", "waking_nights", "sleep_ins", "travel_time")


def weekly_total(needs: SupportNeeds, card: RateCard, scenario: Scenario = Scenario.CENTRAL) -> Decimal:
    """The total alone (no itemisation), for speed."""
    need, rest = _all_amounts(needs, cost_rates(card, needs.service_type, scenario))
    return sum(need.values(), Decimal("0.00")) + sum(rest.values(), Decimal("0.00"))


def price_breakdown(needs: SupportNeeds, card: RateCard, scenario: Scenario = Scenario.CENTRAL) -> Breakdown:
    r = cost_rates(card, needs.service_type, scenario)
    need, rest = _all_amounts(needs, r)
    fixed = {line.key: line for line in r.fixed_lines}
    lines: list[Line] = []

    def staff_line(key, label, rate, hours_text, formula, source_key):
        lines.append(Line(key, label, "care_and_support_staff", need[key],
                          hours_text + (("loaded hourly cost", _gbp(rate)),), r.sources[source_key], formula))

    n = needs
    if "core_support" in need:
        staff_line("core_support", "Shared core support", r.core,
                   (("shared core hours a week", _num(n.shared_core_hours)), ("shared by", str(n.shared_by))),
                   f"{_num(n.shared_core_hours)} h ÷ {n.shared_by} × {_gbp(r.core)}", "core")
    staff_line("one_to_one_support", "One-to-one support", r.one_to_one,
               (("hours a week", _num(n.one_to_one_hours)),), f"{_num(n.one_to_one_hours)} h × {_gbp(r.one_to_one)}", "one_to_one")
    staff_line("two_to_one_support", "Two-to-one support (two staff)", r.two_to_one,
               (("hours a week", _num(n.two_to_one_hours)),),
               f"{_num(n.two_to_one_hours)} h × 2 staff × {_gbp(r.two_to_one)}", "two_to_one")
    staff_line("waking_nights", "Waking nights", r.waking_night,
               (("waking-night hours a week", _num(n.waking_night_hours)), ("shared by", str(n.night_sharers))),
               f"{_num(n.waking_night_hours)} h ÷ {n.night_sharers} × {_gbp(r.waking_night)}", "waking_night")
    lines.append(Line("sleep_ins", "Sleep-in nights", "care_and_support_staff", need["sleep_ins"],
                      (("sleep-in nights a week", _num(n.sleep_in_nights)), ("shared by", str(n.night_sharers)),
                       ("loaded cost per night", _gbp(r.sleep_in))), r.sources["sleep_in"],
                      f"{_num(n.sleep_in_nights)} nights ÷ {n.night_sharers} × {_gbp(r.sleep_in)}"))
    visits = (("visit hours a week (two-to-one counted twice)", _num(n.visit_hours)),)
    if "travel_time" in need:
        lines.append(Line("travel_time", "Paid travel time", "care_and_support_staff", need["travel_time"],
                          visits + (("travel cost per visit hour", _gbp(r.travel)),),
                          r.sources["travel_time_per_visit_hour"], f"{_num(n.visit_hours)} h × {_gbp(r.travel)}"))
    if "management_and_supervision" in rest:
        base = sum((need[k] for k in _DIRECT if k in need), Decimal("0.00"))
        lines.append(Line("management_and_supervision", "Management and supervision", "management_and_other_staff",
                          rest["management_and_supervision"], (("care and support staff cost", f"{_gbp(base)}"),),
                          r.sources["management_percent"], f"{_gbp(base)} × {_num(r.management_percent)}%"))
    lines.extend(line for key, line in fixed.items() if key.startswith("staff."))
    lines.extend(line for key, line in fixed.items() if key.startswith("hotel."))
    for key, label in (("mileage", "Mileage"), ("running_costs", "Running costs (office, systems, recruitment)")):
        if key in need:
            rate = r.mileage if key == "mileage" else r.running
            lines.append(Line(key, label, "supplies_and_services", need[key], visits + (("per visit hour", _gbp(rate)),),
                              r.sources[f"{key}_per_visit_hour"], f"{_num(n.visit_hours)} h × {_gbp(rate)}"))
    if "repairs_and_maintenance" in fixed:
        lines.append(fixed["repairs_and_maintenance"])
    operating = sum((line.amount for line in lines), Decimal("0.00"))
    lines.append(Line("head_office", "Head office", "head_office", rest["head_office"],
                      (("operating costs", f"{_gbp(operating)}"),), r.sources["head_office_percent"],
                      f"{_gbp(operating)} × {_num(r.head_office_percent)}%"))
    base = operating + rest["head_office"]
    lines.append(Line("return_on_operations", "Return on operations", "return_on_operations",
                      rest["return_on_operations"], (("operating costs and head office", f"{_gbp(base)}"),),
                      r.sources["return_on_operations_percent"], f"{_gbp(base)} × {_num(r.return_percent)}%"))
    lines.append(r.premises)
    total = sum((line.amount for line in lines), Decimal("0.00"))
    return Breakdown(needs, card.name, card.financial_year.label, card.vintage, scenario, tuple(lines), total)


def fair_weekly_price(needs: SupportNeeds, card: RateCard) -> FairPrice:
    """The central price itemised, with the floor and ceiling from the card's low/high values."""
    return FairPrice(central=price_breakdown(needs, card, Scenario.CENTRAL),
                     floor=weekly_total(needs, card, Scenario.FLOOR),
                     ceiling=weekly_total(needs, card, Scenario.CEILING))


def fixed_cost_floor(card: RateCard, service: ServiceType, scenario: Scenario = Scenario.CENTRAL) -> Decimal:
    """The price with no support hours: hotel, premises and overheads (what a vacant-needs place costs)."""
    return weekly_total(SupportNeeds(service), card, scenario)
