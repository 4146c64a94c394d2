from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riep.performance.calc.reward import (
    HIGHER,
    LOWER,
    RewardRule,
    achievement,
    allocate,
    apportion,
    earned,
    per_target_allocation,
)

money = st.decimals(min_value=0, max_value=10_000_000, places=2)
shares = st.decimals(min_value=-2, max_value=3, places=3)
RULE = RewardRule()


def test_bath_and_north_east_somerset_all_targets_met_pays_the_whole_reward():
    """B&NES LAA 2006-09: £4.548m reward grant if all reward targets are met (REFERENCE.md §7)."""
    allocations = per_target_allocation(D("4548000"), [f"t{i}" for i in range(12)])
    assert set(allocations.values()) == {D("379000.00")}
    assert sum(earned(a, D("1.0"), RULE) for a in allocations.values()) == D("4548000.00")


def test_wirral_style_partial_achievement():
    """Wirral LAA 2005-08 expected £7.905m of £9.824m: a mix of full, partial and missed targets gives a share."""
    allocations = per_target_allocation(D("9824000"), ["a", "b", "c", "d"])  # £2,456,000 each
    got = [earned(allocations[k], s, RULE) for k, s in zip("abcd", (D("1.2"), D("1"), D("0.6"), D("0.59")))]
    # two full, one at exactly the 60% threshold (60% of its allocation), one just below it (nothing)
    assert got == [D("2456000.00"), D("2456000.00"), D("1473600.00"), D("0.00")]


def test_achievement_is_the_share_of_the_stretch_in_the_better_direction():
    assert achievement(D(50), D(60), D(56), HIGHER) == D("0.6")
    assert achievement(D(20), D(16), D(17), LOWER) == D("0.75")
    with pytest.raises(ValueError):
        achievement(D(20), D(24), D(22), LOWER)  # a "stretch" in the worse direction
    with pytest.raises(ValueError):
        achievement(D(20), D(20), D(22), HIGHER)


def test_an_agreement_without_partial_reward_pays_only_on_the_full_stretch():
    rule = RewardRule(partial=False)
    assert earned(D(1000), D("0.99"), rule) == 0 and earned(D(1000), D(1), rule) == D(1000)
    assert "only when" in rule.describe() and "60%" in RULE.describe()


@given(money, shares)
def test_reward_is_never_negative_nor_more_than_the_allocation(allocation, share):
    got = earned(allocation, share, RULE)
    assert D(0) <= got <= allocation


@given(money, shares, shares)
def test_more_achievement_never_earns_less(allocation, a, b):
    assert earned(allocation, max(a, b), RULE) >= earned(allocation, min(a, b), RULE)


@given(money, st.dictionaries(st.text("abcdef", min_size=1, max_size=3),
                              st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=6))
def test_allocation_adds_up_to_the_penny(total, weights):
    if sum(weights.values()) == 0:
        with pytest.raises(ValueError):
            allocate(total, weights)
        return
    parts = allocate(total, weights)
    assert sum(parts.values()) == total and all(p >= 0 for p in parts.values())
    for k, w in weights.items():  # each part is within a penny of its exact share
        assert abs(parts[k] - total * w / sum(weights.values())) < D("0.01")


@given(money, st.decimals(min_value=0, max_value=1, places=2), st.decimals(min_value=0, max_value=1, places=3))
def test_apportionment_accounts_for_every_penny(total, cost_share, voluntary):
    costs = (total * cost_share).quantize(D("0.01"))
    a = apportion(total, {"council": D(5), "police": D(3), "health": D(2)}, support_costs=costs,
                  voluntary_sector_share=voluntary)
    assert a.support_costs + a.voluntary_sector + sum(a.shares.values()) == a.earned == total


def test_apportionment_order_support_costs_then_voluntary_sector_then_contribution():
    a = apportion(D("1000000"), {"council": D(6), "health": D(4)}, support_costs=D("100000"), voluntary_sector_share=D("0.1"))
    assert (a.support_costs, a.voluntary_sector) == (D("100000.00"), D("90000.00"))
    assert a.shares == {"council": D("486000.00"), "health": D("324000.00")}
    with pytest.raises(ValueError):
        apportion(D(100), {}, support_costs=D(0))
    with pytest.raises(ValueError):
        apportion(D(100), {"a": D(1)}, support_costs=D(101))
