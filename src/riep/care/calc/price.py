"""The fair weekly price for one person, itemised line by line.

How the total is kept exact: each line is computed exactly in Decimal and rounded half-up to
the penny once; percentage lines apply to the sum of the already-rounded lines they cover; the
total is defined as the sum of the lines. So the breakdown always adds up to the total.

Card-level rates (the loaded hourly cost of each role, the fixed lines per place) come from
`rates.py`; the portfolio path in `portfolio.py` uses exactly the same derived rates, in integers.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from .needs import ServiceType, SupportNeeds
from .ratecard import RateCard, Scenario
from .rates import EXACT, CostRates, Line, cost_rates, gbp, plain, to_pence

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


def _need_amounts(needs: SupportNeeds, r: CostRates) -> dict[str, Decimal]:
    """The lines driven by the person's hours, in display order (before percentage lines)."""
    out: dict[str, Decimal] = {}
    visits = needs.visit_hours
    with localcontext(EXACT):
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
                          hours_text + (("loaded hourly cost", gbp(rate)),), r.sources[source_key], formula))

    n = needs
    if "core_support" in need:
        staff_line("core_support", "Shared core support", r.core,
                   (("shared core hours a week", plain(n.shared_core_hours)), ("shared by", str(n.shared_by))),
                   f"{plain(n.shared_core_hours)} h ÷ {n.shared_by} × {gbp(r.core)}", "core")
    staff_line("one_to_one_support", "One-to-one support", r.one_to_one,
               (("hours a week", plain(n.one_to_one_hours)),),
               f"{plain(n.one_to_one_hours)} h × {gbp(r.one_to_one)}", "one_to_one")
    staff_line("two_to_one_support", "Two-to-one support (two staff)", r.two_to_one,
               (("hours a week", plain(n.two_to_one_hours)),),
               f"{plain(n.two_to_one_hours)} h × 2 staff × {gbp(r.two_to_one)}", "two_to_one")
    staff_line("waking_nights", "Waking nights", r.waking_night,
               (("waking-night hours a week", plain(n.waking_night_hours)), ("shared by", str(n.night_sharers))),
               f"{plain(n.waking_night_hours)} h ÷ {n.night_sharers} × {gbp(r.waking_night)}", "waking_night")
    lines.append(Line("sleep_ins", "Sleep-in nights", "care_and_support_staff", need["sleep_ins"],
                      (("sleep-in nights a week", plain(n.sleep_in_nights)), ("shared by", str(n.night_sharers)),
                       ("loaded cost per night", gbp(r.sleep_in))), r.sources["sleep_in"],
                      f"{plain(n.sleep_in_nights)} nights ÷ {n.night_sharers} × {gbp(r.sleep_in)}"))
    visits = (("visit hours a week (two-to-one counted twice)", plain(n.visit_hours)),)
    if "travel_time" in need:
        lines.append(Line("travel_time", "Paid travel time", "care_and_support_staff", need["travel_time"],
                          visits + (("travel cost per visit hour", gbp(r.travel)),),
                          r.sources["travel_time_per_visit_hour"], f"{plain(n.visit_hours)} h × {gbp(r.travel)}"))
    if "management_and_supervision" in rest:
        base = sum((need[k] for k in _DIRECT if k in need), Decimal("0.00"))
        lines.append(Line("management_and_supervision", "Management and supervision", "management_and_other_staff",
                          rest["management_and_supervision"], (("care and support staff cost", f"{gbp(base)}"),),
                          r.sources["management_percent"], f"{gbp(base)} × {plain(r.management_percent)}%"))
    lines.extend(line for key, line in fixed.items() if key.startswith("staff."))
    lines.extend(line for key, line in fixed.items() if key.startswith("hotel."))
    for key, label in (("mileage", "Mileage"), ("running_costs", "Running costs (office, systems, recruitment)")):
        if key in need:
            rate = r.mileage if key == "mileage" else r.running
            lines.append(Line(key, label, "supplies_and_services", need[key],
                              visits + (("per visit hour", gbp(rate)),),
                              r.sources[f"{key}_per_visit_hour"], f"{plain(n.visit_hours)} h × {gbp(rate)}"))
    if "repairs_and_maintenance" in fixed:
        lines.append(fixed["repairs_and_maintenance"])
    operating = sum((line.amount for line in lines), Decimal("0.00"))
    lines.append(Line("head_office", "Head office", "head_office", rest["head_office"],
                      (("operating costs", f"{gbp(operating)}"),), r.sources["head_office_percent"],
                      f"{gbp(operating)} × {plain(r.head_office_percent)}%"))
    base = operating + rest["head_office"]
    lines.append(Line("return_on_operations", "Return on operations", "return_on_operations",
                      rest["return_on_operations"], (("operating costs and head office", f"{gbp(base)}"),),
                      r.sources["return_on_operations_percent"], f"{gbp(base)} × {plain(r.return_percent)}%"))
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
