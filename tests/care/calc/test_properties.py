"""Properties of the price that must hold for any needs and any valid card."""
from decimal import Decimal as D

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from riep.care.calc import (
    RateCardError,
    Scenario,
    ServiceType,
    SupportNeeds,
    fair_weekly_price,
    fixed_cost_floor,
    load_rate_card,
    price_breakdown,
    price_portfolio,
    weekly_total,
)

CARD = load_rate_card("england-2025-26")
CARDS = [CARD, load_rate_card("england-2026-27"), load_rate_card("london-2026-27")]
SHARED_CORE = (ServiceType.RESIDENTIAL, ServiceType.SUPPORTED_LIVING_ACCOMMODATION)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def hours(max_hours: int):
    return st.integers(0, max_hours * 10_000).map(lambda n: D(n).scaleb(-4))


@st.composite
def needs_strategy(draw, service=None):
    service = service or draw(st.sampled_from(list(ServiceType)))
    shared_by = draw(st.integers(1, 12))
    core = draw(hours(60)) * shared_by if service in SHARED_CORE else D(0)
    nights_by = draw(st.one_of(st.none(), st.integers(1, 12)))
    sharers = nights_by or shared_by
    return SupportNeeds(service, shared_core_hours=core, shared_by=shared_by, one_to_one_hours=draw(hours(60)),
                        two_to_one_hours=draw(hours(40)), waking_night_hours=draw(hours(70)) * sharers,
                        sleep_in_nights=D(draw(st.integers(0, 7))) * sharers, nights_shared_by=nights_by)


def total(needs, card=CARD, scenario=Scenario.CENTRAL):
    return weekly_total(needs, card, scenario)


def with_field(needs, **changes):
    """The needs with some fields changed; discards the example if that breaks a limit (168 h a week)."""
    values = {f: getattr(needs, f) for f in SupportNeeds.__dataclass_fields__}
    values.update(changes)
    try:
        return SupportNeeds(**values)
    except ValueError:
        assume(False)


@FAST
@given(needs_strategy(), st.sampled_from(CARDS))
def test_lines_always_sum_to_the_total_to_the_penny(needs, card):
    for scenario in Scenario:
        breakdown = price_breakdown(needs, card, scenario)
        assert sum(line.amount for line in breakdown.lines) == breakdown.total
        assert all(line.amount == line.amount.quantize(D("0.01")) for line in breakdown.lines)
        assert breakdown.total == weekly_total(needs, card, scenario)


@FAST
@given(needs_strategy(), st.sampled_from(CARDS))
def test_floor_at_most_central_at_most_ceiling(needs, card):
    price = fair_weekly_price(needs, card)
    assert price.floor <= price.total <= price.ceiling


FIELDS = ["shared_core_hours", "one_to_one_hours", "two_to_one_hours", "waking_night_hours", "sleep_in_nights"]


@FAST
@given(needs_strategy(), st.sampled_from(FIELDS), hours(20))
def test_price_rises_weakly_with_every_kind_of_support(needs, field, extra):
    assume(field != "shared_core_hours" or needs.service_type in SHARED_CORE)
    more = with_field(needs, **{field: getattr(needs, field) + extra})
    for scenario in Scenario:
        assert total(more, scenario=scenario) >= total(needs, scenario=scenario)


@FAST
@given(needs_strategy(), st.sampled_from(FIELDS))
def test_price_rises_strictly_with_an_hour_or_night_more(needs, field):
    # One more hour (or night) for this person: at least ~£1.40 even when shared by 12.
    assume(field != "shared_core_hours" or needs.service_type in SHARED_CORE)
    sharers = needs.shared_by if field == "shared_core_hours" else needs.night_sharers
    step = D(sharers) if field in ("shared_core_hours", "waking_night_hours", "sleep_in_nights") else D(1)
    more = with_field(needs, **{field: getattr(needs, field) + step})
    assert total(more) > total(needs)


@FAST
@given(needs_strategy(service=ServiceType.SUPPORTED_LIVING_ACCOMMODATION), st.integers(1, 5))
def test_sharing_core_hours_among_more_people_lowers_the_price(needs, more_people):
    assume(needs.shared_core_hours > 0)
    shared = with_field(needs, shared_by=needs.shared_by + more_people, nights_shared_by=needs.night_sharers)
    assert total(shared) <= total(needs)
    if needs.shared_core_hours / needs.shared_by >= 1:
        assert total(shared) < total(needs)


@FAST
@given(needs_strategy(), st.integers(1, 5))
def test_sharing_nights_among_more_people_lowers_the_price(needs, more_people):
    shared = with_field(needs, nights_shared_by=needs.night_sharers + more_people)
    assert total(shared) <= total(needs)


# NLW is a check on pay (no role below it), not a price input; the full-time week only sets
# where the NI and pension thresholds fall and carries no range. Every other value is a rate.
RATE_KEYS = [p.key for p in CARD.parameters
             if p.key not in ("statutory.national_living_wage", "on_costs.fte_weekly_hours")]


@FAST
@given(needs_strategy(), st.sampled_from(RATE_KEYS), st.integers(1, 500))
def test_price_moves_with_every_rate_in_its_direction(needs, key, step):
    p = CARD.param(key)
    bump = D(step).scaleb(-2) if p.unit != "£/place" else D(step * 100)
    try:
        card = CARD.with_parameter(key, low=p.low + bump, central=p.central + bump, high=p.high + bump)
    except RateCardError:
        assume(False)  # e.g. a percentage pushed over 100
    for scenario in Scenario:
        before, after = total(needs, CARD, scenario), total(needs, card, scenario)
        assert (after <= before) if p.lowers_price else (after >= before)


@FAST
@given(needs_strategy(), st.integers(10, 300))
def test_price_rises_strictly_with_the_pay_of_a_role_in_use(needs, pence):
    assume(needs.one_to_one_hours >= 1)
    role = CARD.setting(f"services.{needs.service_type.value}.roles.one_to_one")
    p = CARD.param(f"pay.{role}")
    bump = D(pence).scaleb(-2)
    card = CARD.with_parameter(p.key, low=p.low + bump, central=p.central + bump, high=p.high + bump)
    assert total(needs, card) > total(needs)


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(list(ServiceType)), st.sampled_from(CARDS))
def test_zero_needs_is_the_fixed_cost_floor(service, card):
    price = fair_weekly_price(SupportNeeds(service), card)
    fixed = [line for line in price.lines if line.block != "care_and_support_staff"
             and line.key not in ("mileage", "running_costs", "management_and_supervision")]
    assert price.total == fixed_cost_floor(card, service) == sum(line.amount for line in fixed)
    if service in SHARED_CORE:
        assert price.total > 0  # hotel, premises and overheads remain with no support hours


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(needs_strategy(), min_size=1, max_size=40), st.sampled_from(CARDS))
def test_portfolio_gives_exactly_the_single_placement_pence(needs, card):
    prices = price_portfolio(needs, card)
    for i, n in enumerate(needs):
        single = fair_weekly_price(n, card)
        assert prices.money(prices.total[i]) == single.total
        assert prices.money(prices.floor[i]) == single.floor
        assert prices.money(prices.ceiling[i]) == single.ceiling
        for line in single.lines:
            assert prices.money(prices.lines[line.key][i]) == line.amount
        assert sum(int(v[i]) for v in prices.lines.values()) == int(prices.total[i])
    assert prices.total.dtype == np.int64
