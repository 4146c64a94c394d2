"""Median, unscaled MAD, quartiles and distance in MADs: a worked example by hand, then properties."""
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from riep.peers.calc import mad, median, position, quantile


def test_worked_example_by_hand():
    # Peers: 1, 1, 2, 2, 4, 6, 9. Median: the 4th of 7 = 2.
    # |x - 2|: 1, 1, 0, 0, 2, 4, 7 -> sorted 0, 0, 1, 1, 2, 4, 7 -> MAD (unscaled) = 1.
    # Inclusive quartiles: h = 6 x 0.25 = 1.5 -> 1 + 0.5 x (2 - 1) = 1.5; h = 4.5 -> 4 + 0.5 x (6 - 4) = 5.
    peers = [9, 1, 2, 6, 1, 4, 2]
    assert median(peers) == 2 and mad(peers) == 1
    found = position(Decimal("9"), peers)
    assert (found.median, found.mad, found.distance_in_mads, found.quartile, found.n) == (2, 1, 7, 4, 7)
    assert (found.low, found.high) == (Decimal("1.5"), Decimal("5"))
    below = position(Decimal("0.5"), peers)
    assert below.distance_in_mads == Decimal("-1.5") and below.quartile == 1 and below.side == "below"


def test_even_group_and_ties():
    peers = [Decimal("0.10"), Decimal("0.20"), Decimal("0.30"), Decimal("0.40")]
    assert median(peers) == Decimal("0.25")
    assert mad(peers) == Decimal("0.10")  # deviations 0.15, 0.05, 0.05, 0.15 -> median 0.10
    assert position(Decimal("0.25"), peers).quartile == 2  # equal to the median: the lower of the two quarters
    assert position(quantile(peers, "0.25"), peers).quartile == 1


def test_zero_mad():
    peers = [5, 5, 5, 7]
    assert mad(peers) == 0
    assert position(5, peers).distance_in_mads == 0
    assert position(6, peers).distance_in_mads is None  # not "infinitely unusual"


def test_empty_group_is_refused():
    with pytest.raises(ValueError):
        position(1, [])


values = st.lists(st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False), min_size=1, max_size=40)


@given(values, st.decimals(min_value=-1000, max_value=1000, places=3))
def test_median_lies_within_the_values_and_mad_is_not_negative(group, value):
    found = position(value, group)
    assert min(group) <= found.median <= max(group)
    assert found.mad >= 0 and found.low <= found.median <= found.high and found.n == len(group)
    assert 1 <= found.quartile <= 4


@given(values, st.decimals(min_value=-1000, max_value=1000, places=3), st.decimals(min_value=-50, max_value=50, places=2))
def test_shifting_everyone_shifts_the_median_and_keeps_the_distance(group, value, shift):
    before, after = position(value, group), position(value + shift, [g + shift for g in group])
    assert after.median == before.median + shift and after.mad == before.mad
    assert after.distance_in_mads == before.distance_in_mads and after.quartile == before.quartile


@given(values, st.decimals(min_value=-1000, max_value=1000, places=3), st.integers(min_value=1, max_value=20))
def test_scaling_keeps_the_distance_in_mads(group, value, factor):
    before, after = position(value, group), position(value * factor, [g * factor for g in group])
    assert after.mad == before.mad * factor and after.distance_in_mads == before.distance_in_mads


@given(values, st.decimals(min_value=-1000, max_value=1000, places=3), st.decimals(min_value=-1000, max_value=1000, places=3))
def test_a_higher_value_is_never_in_a_lower_quartile(group, a, b):
    assume(a <= b)
    low, high = position(a, group), position(b, group)
    assert low.quartile <= high.quartile
    if low.distance_in_mads is not None and high.distance_in_mads is not None:
        assert low.distance_in_mads <= high.distance_in_mads


@given(values)
def test_order_of_the_group_does_not_matter(group):
    assert position(group[0], group) == position(group[0], list(reversed(group)))
