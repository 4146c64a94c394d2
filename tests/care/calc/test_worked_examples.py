"""Worked examples on the round-number card in cards.py, with the arithmetic written out.

Loaded hourly cost of a care worker (pay £12.00, 40-hour full-time week):
  weekly pay           = 12.00 × 40 = £480
  employer NI share    = 10% × (480 − 100) / 480 = 38 / 480 = 0.0791666…
  pension share        = 3% × (480 − 120) / 480  = 10.8 / 480 = 0.0225
  cover                = 1 + 12% holiday + 3% sickness + 5% training = 1.20
  loaded               = 12.00 × 1.20 × (1 + 0.0791666… + 0.0225) = 12.00 × 1.322 = £15.8640
Manager (pay £20.00): weekly £800; NI 10% × 700/800 = 0.0875; pension 3% × 680/800 = 0.0255;
  loaded = 20.00 × 1.20 × 1.113 = £26.7120
Sleep-in night: £50 × 1.322 (the care worker's on-cost factor) = £66.1000
"""
from decimal import Decimal as D

from riep.care.calc import (
    Scenario,
    ServiceType,
    SupportNeeds,
    fair_weekly_price,
    fixed_cost_floor,
    loaded_hourly_rate,
    price_breakdown,
)

from .cards import simple_card


def test_loaded_hourly_rates():
    card = simple_card()
    assert loaded_hourly_rate(card, "care_worker", Scenario.CENTRAL, "test")[0] == D("15.8640")
    assert loaded_hourly_rate(card, "manager", Scenario.CENTRAL, "test")[0] == D("26.7120")


def test_residential_worked_example():
    needs = SupportNeeds(ServiceType.RESIDENTIAL, shared_core_hours=D("100"), shared_by=4, one_to_one_hours=D("3"),
                         two_to_one_hours=D("1"), waking_night_hours=D("70"), sleep_in_nights=D("7"),
                         nights_shared_by=10)
    price = fair_weekly_price(needs, simple_card())
    assert price.central.amounts() == {
        "core_support": D("396.60"),        # 100 h ÷ 4 = 25 h × 15.864 = 396.60
        "one_to_one_support": D("47.59"),   # 3 h × 15.864 = 47.592
        "two_to_one_support": D("31.73"),   # 1 h × 2 staff × 15.864 = 31.728
        "waking_nights": D("111.05"),       # 70 h ÷ 10 = 7 h × 15.864 = 111.048
        "sleep_ins": D("46.27"),            # 7 nights ÷ 10 = 0.7 × 66.10 = 46.27
        "staff.manager": D("33.39"),        # 1 h/place × 26.712 ÷ 80% occupancy = 33.39
        "hotel.food": D("40.00"),           # per resident: not divided by occupancy
        "hotel.utilities": D("25.00"),      # £20 per place ÷ 80% = 25.00
        "repairs_and_maintenance": D("20.00"),  # £16 per place ÷ 80% = 20.00
        "head_office": D("75.16"),          # operating 751.63 × 10% = 75.163
        "return_on_operations": D("41.34"),  # (751.63 + 75.16) = 826.79 × 5% = 41.3395
        "premises": D("125.00"),            # £52,000 × 10% ÷ 52 = 100 ÷ 80% = 125.00
    }
    # 751.63 + 75.16 + 41.34 + 125.00
    assert price.total == D("993.13")
    # Floor: food £30 and return 3% → operating 741.63; head office 74.16; return 3% × 815.79 = 24.47
    assert price.floor == D("965.26")
    # Ceiling: food £50 and return 8% → operating 761.63; head office 76.16; return 8% × 837.79 = 67.02
    assert price.ceiling == D("1029.81")


def test_homecare_worked_example():
    price = price_breakdown(SupportNeeds(ServiceType.HOMECARE, one_to_one_hours=D("10")), simple_card())
    assert price.amounts() == {
        "one_to_one_support": D("158.64"),  # 10 h × 15.864
        "two_to_one_support": D("0.00"),
        "waking_nights": D("0.00"),
        "sleep_ins": D("0.00"),
        "travel_time": D("39.66"),          # 0.25 h travel per visit hour × 15.864 = 3.966 × 10 h
        "management_and_supervision": D("19.83"),  # (158.64 + 39.66) = 198.30 × 10%
        "mileage": D("20.00"),              # 10 h × £2.00
        "running_costs": D("30.00"),        # 10 h × £3.00
        "head_office": D("26.81"),          # 268.13 × 10% = 26.813
        "return_on_operations": D("14.75"),  # (268.13 + 26.81) = 294.94 × 5% = 14.747
        "premises": D("0.00"),
    }
    assert price.total == D("309.69")       # £30.97 an hour of care
    assert "shared_core" not in price.amounts()


def test_zero_needs_gives_fixed_cost_floor_not_zero():
    card = simple_card()
    # Manager 33.39 + food 40 + utilities 25 + repairs 20 = 118.39; head office 11.84;
    # return 5% × 130.23 = 6.51; premises 125.00 → 261.74
    assert fixed_cost_floor(card, ServiceType.RESIDENTIAL) == D("261.74")
    price = fair_weekly_price(SupportNeeds(ServiceType.RESIDENTIAL), card)
    assert price.total == D("261.74")
    # food £30, return 3%: 108.39 + 10.84 + 3.58 + 125 = 247.81; food £50, return 8%: 128.39 + 12.84 + 11.30 + 125
    assert (price.floor, price.ceiling) == (D("247.81"), D("277.53"))


def test_lines_carry_inputs_and_sources():
    price = fair_weekly_price(SupportNeeds(ServiceType.RESIDENTIAL, shared_core_hours=D("100"), shared_by=4),
                              simple_card())
    core = price.central.line("core_support")
    assert dict(core.inputs)["shared by"] == "4"
    assert core.formula == "100 h ÷ 4 × £15.8640"
    used = {r.key: r for r in core.rates}
    assert used["pay.care_worker"].value == D("12.00")
    assert used["statutory.employer_ni_rate"].source == "test value"
    assert {r.key for r in price.central.line("premises").rates} >= {
        "services.residential.premises.capital_value_per_place", "services.residential.occupancy"}
    assert price.central.by_block()["premises"] == D("125.00")
