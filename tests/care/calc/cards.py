"""A small rate card with round numbers, so the worked examples can be checked by hand."""
from __future__ import annotations

import copy

from riep.care.calc import rate_card_from_dict

SRC = "test value"


def p(central, unit, low=None, high=None, **extra):
    entry = {"central": central, "unit": unit, "source": SRC, "date": "2025-04-01", **extra}
    if low is not None:
        entry.update(low=low, high=high)
    return entry


ROLES = {"core": "care_worker", "one_to_one": "care_worker", "two_to_one": "care_worker",
         "waking_night": "care_worker", "sleep_in": "care_worker"}

SIMPLE = {
    "name": "simple-2025-26", "area": "Testshire", "financial_year": "2025-26", "vintage": "test",
    "description": "Round numbers for hand-checked examples.",
    "parameters": {
        "statutory": {
            "national_living_wage": p("10.00", "£/hour"),
            "employer_ni_rate": p("10", "%"),
            "employer_ni_weekly_threshold": p("100", "£/week"),
            "pension_employer_rate": p("3", "%"),
            "pension_qualifying_earnings_lower_weekly": p("120", "£/week"),
            "pension_qualifying_earnings_upper_weekly": p("1000", "£/week"),
            "holiday_cover": p("12", "%"),
        },
        "on_costs": {
            "sickness_cover": p("3", "%"),
            "training_cover": p("5", "%"),
            "fte_weekly_hours": p("40", "hours/week"),
        },
        "pay": {
            "care_worker": p("12.00", "£/hour"),
            "manager": p("20.00", "£/hour"),
        },
        "sleep_in": {"rate_per_night": p("50", "£/night")},
        "services": {
            "residential": {
                "roles": dict(ROLES),
                "fixed_staff_hours": {"manager": p("1", "hours/place/week")},
                "hotel": {
                    "food": p("40", "£/week", low="30", high="50", basis="resident"),
                    "utilities": p("20", "£/week", basis="place"),
                },
                "repairs_and_maintenance": p("16", "£/place/week"),
                "premises": {
                    "method": "capital",
                    "capital_value_per_place": p("52000", "£/place"),
                    "return_on_capital": p("10", "%"),
                },
                "occupancy": p("80", "%"),
                "head_office_percent": p("10", "%"),
                "return_on_operations_percent": p("5", "%", low="3", high="8"),
            },
            "homecare": {
                "roles": dict(ROLES),
                "management_percent": p("10", "%"),
                "travel_time_per_visit_hour": p("0.25", "hours/visit hour"),
                "mileage_per_visit_hour": p("2.00", "£/visit hour"),
                "running_costs_per_visit_hour": p("3.00", "£/visit hour"),
                "premises": {"method": "none"},
                "occupancy": p("100", "%"),
                "head_office_percent": p("10", "%"),
                "return_on_operations_percent": p("5", "%"),
            },
        },
    },
}


def simple_data() -> dict:
    return copy.deepcopy(SIMPLE)


def simple_card():
    return rate_card_from_dict(simple_data(), "simple-2025-26.json")
