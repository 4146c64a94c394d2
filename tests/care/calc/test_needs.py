"""Support needs: parsing and the limits that catch mistakes."""
from decimal import Decimal as D

import pytest

from riep.care.calc import ServiceType, SupportNeeds, check_needs


def test_service_type_parsing_is_forgiving_about_case_and_separators():
    assert ServiceType.parse("Supported-Living Floating") is ServiceType.SUPPORTED_LIVING_FLOATING
    assert ServiceType.parse(" HOMECARE ") is ServiceType.HOMECARE
    with pytest.raises(ValueError, match="'respite' is not a service type \\(expected one of: residential"):
        ServiceType.parse("respite")


def test_needs_are_normalised_to_decimal_hours():
    needs = SupportNeeds("residential", shared_core_hours="1,000", shared_by="40", one_to_one_hours=3)
    assert needs.service_type is ServiceType.RESIDENTIAL
    assert needs.shared_core_hours == D("1000") and needs.shared_by == 40
    assert needs.night_sharers == 40  # nights shared by the same people unless said otherwise
    assert SupportNeeds("homecare", one_to_one_hours=D(2), two_to_one_hours=D(1)).visit_hours == D(4)
    assert SupportNeeds("residential").is_zero


@pytest.mark.parametrize("changes, field, message", [
    ({"one_to_one_hours": "-1"}, "one_to_one_hours", "is negative"),
    ({"one_to_one_hours": "£250"}, "one_to_one_hours", "looks like money"),
    ({"one_to_one_hours": "lots"}, "one_to_one_hours", "is not a number"),
    ({"one_to_one_hours": "1.23456"}, "one_to_one_hours", "more than 4 decimal places"),
    ({"one_to_one_hours": "1250.00"}, "one_to_one_hours", "is this a fee"),
    ({"shared_core_hours": "700", "shared_by": 4}, "shared_core_hours", "more than 168 hours a week per person"),
    ({"waking_night_hours": "200"}, "waking_night_hours", "more than 168"),
    ({"sleep_in_nights": "8"}, "sleep_in_nights", "more than 7 nights"),
    ({"shared_by": 0}, "shared_by", "between 1 and 100"),
    ({"shared_by": "2.5"}, "shared_by", "whole number"),
    ({"nights_shared_by": "x"}, "nights_shared_by", "whole number"),
    ({"one_to_one_hours": 100, "two_to_one_hours": 100}, "two_to_one_hours", "together exceed 168"),
    ({"service_type": "nursing"}, "service_type", "not a service type"),
])
def test_bad_needs_are_reported_by_field(changes, field, message):
    values = {"service_type": "residential", **changes}
    needs, problems = check_needs(**values)
    assert needs is None
    assert any(f == field and message in m for f, m in problems), problems
    with pytest.raises(ValueError, match=field):
        SupportNeeds(**values)


def test_homecare_and_floating_support_have_no_shared_core_hours():
    for service in ("homecare", "supported_living_floating"):
        _, problems = check_needs(service_type=service, shared_core_hours=D(10))
        assert problems[0][0] == "shared_core_hours" and "has no shared core hours" in problems[0][1]


def test_floats_are_refused():
    with pytest.raises(ValueError, match="one_to_one_hours must not be a float"):
        SupportNeeds("residential", one_to_one_hours=2.5)


def test_every_problem_is_collected_not_just_the_first():
    _, problems = check_needs(service_type="respite", one_to_one_hours="-1", sleep_in_nights="x")
    assert {f for f, _ in problems} == {"service_type", "one_to_one_hours", "sleep_in_nights"}
