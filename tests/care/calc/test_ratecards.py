"""Loading, validating, uplifting and comparing rate cards."""
import json
from decimal import Decimal as D

import pytest

from riep.care.calc import (
    RATE_CARD_DIR,
    MissingRoleError,
    RateCardError,
    Scenario,
    ServiceType,
    SupportNeeds,
    available_rate_cards,
    compare_cards,
    fair_weekly_price,
    load_rate_card,
    rate_card_from_dict,
    rate_card_to_dict,
    save_rate_card,
    uplift_card,
)
from riep.care.calc.price import price_breakdown

from .cards import simple_data

SHIPPED = ["england-2025-26", "england-2026-27", "london-2026-27"]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_cards_load_and_cover_every_service(name):
    card = load_rate_card(name)
    assert card.name == name
    assert card.services == list(ServiceType)
    for p in card.parameters:
        assert p.source and p.date
        # Anything not statutory is flagged for the council to replace.
        assert p.key.startswith("statutory.") or p.illustrative


def test_statutory_values_of_the_shipped_cards():
    c25, c26 = load_rate_card("england-2025-26"), load_rate_card("england-2026-27")
    assert c25.value("statutory.national_living_wage") == D("12.21")
    assert c26.value("statutory.national_living_wage") == D("12.71")
    assert c25.value("statutory.employer_ni_rate") == D(15)
    assert c25.value("statutory.employer_ni_weekly_threshold") == D(96)
    assert c25.value("statutory.holiday_cover") == D("12.07")
    assert c26.param("statutory.pension_qualifying_earnings_lower_weekly").verify  # carried over, to check
    assert not c26.param("statutory.national_living_wage").verify


def test_available_rate_cards_lists_the_shipped_cards():
    names = [info.name for info in available_rate_cards()]
    assert names == sorted(SHIPPED)


def test_unknown_card_names_the_available_ones():
    with pytest.raises(RateCardError, match="nope: not found.*england-2025-26"):
        load_rate_card("nope")


def test_round_trip_through_json(tmp_path):
    card = load_rate_card("england-2025-26")
    path = tmp_path / "england-2025-26.json"
    save_rate_card(card, path)
    again = load_rate_card(path)
    assert again.parameters == card.parameters and dict(again.settings) == dict(card.settings)
    assert rate_card_to_dict(again) == rate_card_to_dict(card)


def test_file_name_must_match_card_name(tmp_path):
    path = tmp_path / "other-2025-26.json"
    save_rate_card(load_rate_card("england-2025-26"), path)
    with pytest.raises(RateCardError, match="other-2025-26.json: name: 'england-2025-26' must match"):
        load_rate_card(path)


def test_invalid_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken-2025-26.json"
    path.write_text('{"name": "broken-2025-26",\n  oops}')
    with pytest.raises(RateCardError, match="broken-2025-26.json: is not valid JSON \\(line 2"):
        load_rate_card(path)


def set_in(data, dotted, value):
    *path, last = dotted.split(".")
    node = data["parameters"]
    for part in path:
        node = node[part]
    if value is None:
        del node[last]
    else:
        node[last] = value


@pytest.mark.parametrize("key, value, message", [
    ("pay.care_worker.central", "ten", "pay.care_worker: central value 'ten' is not a number"),
    ("pay.care_worker.unit", "£/week", "pay.care_worker: unit must be '£/hour'"),
    ("pay.care_worker.low", "9.00", "pay.care_worker: low value 9.00 is below the National Living Wage 10.00"),
    ("pay.care_worker.low", "13.00", "pay.care_worker: range must run low ≤ central ≤ high"),
    ("pay.care_worker.central", "12.000001", "more than 4 decimal places"),
    ("pay.care_worker.source", "", "pay.care_worker: every value needs a source and a date"),
    ("pay.care_worker.date", None, "pay.care_worker: 'date' missing"),
    ("pay.care_worker.colour", "red", "pay.care_worker: unknown field"),
    ("statutory.employer_ni_rate.central", "150", "statutory.employer_ni_rate: low value 150% is over 100%"),
    ("statutory.employer_ni_rate", None, "statutory.employer_ni_rate: missing"),
    ("statutory.employer_ni_rate.central", "-1", "at least zero"),
    ("on_costs.fte_weekly_hours.low", "30", "fte_weekly_hours: must be a single positive number"),
    ("pay.nurse", {"central": "20", "unit": "£/hour", "source": "x", "date": "2025"}, None),  # an extra role is fine
    ("services.residential.hotel.food.basis", None, "hotel.food: hotel items need basis"),
    ("services.residential.occupancy.central", "0", "services.residential.occupancy: must be more than 0%"),
    ("services.residential.occupancy", None, "services.residential.occupancy: missing"),
    ("services.residential.premises.method", "lease", "premises.method: must be one of"),
    ("services.residential.premises.capital_value_per_place", None, "capital_value_per_place: missing"),
    ("services.residential.roles.core", None, "services.residential.roles.core: missing"),
    ("services.residential.roles.extra", "care_worker", "services.residential.roles.extra: unknown setting"),
    ("services.respite", {"roles": {"core": "care_worker"}}, "unknown service type 'respite'"),
    ("services.residential.shiny", {"central": "1", "unit": "%", "source": "x", "date": "x"},
     "services.residential.shiny: unknown parameter"),
])
def test_bad_card_values_name_the_file_and_key(key, value, message):
    data = simple_data()
    set_in(data, key, value)
    if message is None:
        rate_card_from_dict(data, "simple-2025-26.json")
        return
    with pytest.raises(RateCardError) as caught:
        rate_card_from_dict(data, "simple-2025-26.json")
    assert str(caught.value).startswith("rate card simple-2025-26.json: ")
    assert message in str(caught.value)


def test_a_role_missing_from_the_card_is_an_error_naming_the_role():
    data = simple_data()
    data["parameters"]["services"]["residential"]["roles"]["waking_night"] = "night_nurse"
    with pytest.raises(MissingRoleError, match="no pay rate for role 'night_nurse'") as caught:
        rate_card_from_dict(data, "simple-2025-26.json")
    assert caught.value.role == "night_nurse"
    data = simple_data()
    data["parameters"]["services"]["residential"]["fixed_staff_hours"]["cook"] = {
        "central": "2", "unit": "hours/place/week", "source": "x", "date": "x"}
    with pytest.raises(MissingRoleError, match="role 'cook' \\(needed by services.residential.fixed_staff_hours.cook"):
        rate_card_from_dict(data, "simple-2025-26.json")


def test_pricing_a_service_the_card_lacks_says_so():
    data = simple_data()
    card = rate_card_from_dict(data, "simple-2025-26.json")
    with pytest.raises(RateCardError, match="no rates for Supported living \\(floating support\\)"):
        fair_weekly_price(SupportNeeds(ServiceType.SUPPORTED_LIVING_FLOATING, one_to_one_hours=D(3)), card)


def test_scenarios_take_occupancy_the_price_lowering_way():
    card = load_rate_card("england-2025-26")
    occupancy = card.param("services.residential.occupancy")
    assert occupancy.lowers_price
    assert occupancy.value(Scenario.FLOOR) == occupancy.high == D(95)
    assert occupancy.value(Scenario.CEILING) == occupancy.low == D(88)
    food = card.param("services.residential.hotel.food")
    assert (food.value(Scenario.FLOOR), food.value(Scenario.CEILING)) == (food.low, food.high)


def test_uplift_follows_its_stated_assumptions():
    base = load_rate_card("england-2025-26")
    new = uplift_card(base, name="england-2026-27-test", financial_year="2026-27", vintage="test",
                      national_living_wage=D("12.71"), nlw_source="GOV.UK", cpi_percent=D("3.8"),
                      statutory={"statutory.employer_ni_rate": D(15)}, statutory_source="HMRC")
    assert new.financial_year.label == "2026-27"
    # Pay follows the NLW ratio 12.71 / 12.21 (= 1.04095…), to the penny, never below the new NLW.
    assert new.value("pay.care_worker") == D("13.12")  # 12.60 × 1.04095 = 13.116
    assert new.param("pay.care_worker").low == D("12.71")  # was at the NLW, stays at it
    assert new.value("pay.nurse") == D("23.42")  # 22.50 × 1.04095 = 23.421
    assert new.value("sleep_in.rate_per_night") == D("83.28")  # 80 × 1.04095 = 83.276
    # Non-staff £ amounts follow CPI 3.8%.
    assert new.value("services.residential.hotel.food") == D("39.44")  # 38 × 1.038
    # Percentages and hours carry over.
    assert new.value("services.residential.occupancy") == D(92)
    assert new.value("services.homecare.travel_time_per_visit_hour") == D("0.25")
    # Statutory values not supplied are carried over and flagged for checking.
    assert new.param("statutory.employer_ni_weekly_threshold").verify
    assert not new.param("statutory.employer_ni_rate").verify
    assert "uplifted from england-2025-26" in new.param("pay.care_worker").source
    # Explicit pay uplift instead of the NLW ratio.
    flat = uplift_card(base, name="x", financial_year="2026-27", vintage="test", national_living_wage=D("12.71"),
                       nlw_source="GOV.UK", cpi_percent=D(0), pay_uplift_percent=D(5))
    assert flat.value("pay.care_worker") == D("13.23")  # 12.60 × 1.05
    assert flat.value("services.residential.hotel.food") == D("38.00")
    with pytest.raises(RateCardError, match="statutory.nonsense: is not a statutory parameter"):
        uplift_card(base, name="x", financial_year="2026-27", vintage="t", national_living_wage=D("12.71"),
                    nlw_source="x", cpi_percent=D(0), statutory={"statutory.nonsense": D(1)})


def test_comparison_of_two_cards_for_the_same_needs():
    needs = SupportNeeds(ServiceType.SUPPORTED_LIVING_ACCOMMODATION, shared_core_hours=D(112), shared_by=3,
                         one_to_one_hours=D(10), sleep_in_nights=D(7))
    a, b = load_rate_card("england-2025-26"), load_rate_card("england-2026-27")
    comparison = compare_cards(needs, a, b)
    assert comparison.difference == comparison.b.total - comparison.a.total > 0
    assert sum(line.difference for line in comparison.lines) == comparison.difference
    core = next(line for line in comparison.lines if line.key == "core_support")
    assert core.a == price_breakdown(needs, a).line("core_support").amount
    assert core.difference > 0
    assert comparison.floor_difference > 0 and comparison.ceiling_difference > 0


def test_comparison_keeps_lines_found_on_one_card_only():
    data = simple_data()
    plain = rate_card_from_dict(data, "simple-2025-26.json")
    del data["parameters"]["services"]["homecare"]["mileage_per_visit_hour"]
    no_mileage = rate_card_from_dict(data, "simple-2025-26.json")
    comparison = compare_cards(SupportNeeds(ServiceType.HOMECARE, one_to_one_hours=D(10)), plain, no_mileage)
    mileage = next(line for line in comparison.lines if line.key == "mileage")
    assert (mileage.a, mileage.b, mileage.difference) == (D("20.00"), None, D("-20.00"))
    assert sum(line.difference for line in comparison.lines) == comparison.difference


def test_shipped_card_files_are_json_with_string_numbers():
    # Numbers as strings keep Decimal exact whatever reads the file.
    for name in SHIPPED:
        text = (RATE_CARD_DIR / f"{name}.json").read_text(encoding="utf-8")
        data = json.loads(text)
        assert isinstance(data["parameters"]["pay"]["care_worker"]["central"], str)
