"""Standardised Euclidean nearest neighbours: a hand-checked example, then properties."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riep.peers.calc import nearest_neighbours, standardise


def test_hand_checked_example():
    # Feature 1 in 1, 2, 3 (mean 2, sd sqrt(2/3)); feature 2 in 100, 100, 400 (mean 200, sd sqrt(20000)).
    features = {"a": (1, 100), "b": (2, 100), "c": (3, 400)}
    z = standardise(features)
    assert z["a"][0] == pytest.approx(-1 / math.sqrt(2 / 3)) and z["c"][1] == pytest.approx(200 / math.sqrt(20000))
    found = nearest_neighbours("a", features, 2)
    assert [n.key for n in found] == ["b", "c"]
    assert found[0].distance == pytest.approx(1 / math.sqrt(2 / 3))  # only feature 1 differs, by one sd-unit
    # Without standardising, feature 2 (hundreds) would swamp feature 1; standardised, both count the same.


def test_a_feature_with_no_spread_is_left_out_and_ties_break_by_key():
    features = {"x": (1, 5), "z": (2, 5), "y": (0, 5)}
    assert len(standardise(features)["x"]) == 1
    assert [n.key for n in nearest_neighbours("x", features, 2)] == ["y", "z"]  # equal distances: key order


def test_bad_input():
    with pytest.raises(ValueError):
        nearest_neighbours("missing", {"a": (1,)}, 1)
    with pytest.raises(ValueError):
        standardise({"a": (1,), "b": (1, 2)})


# Whole-number features: the property is about units, not about float rounding of spreads near zero.
pools = st.dictionaries(st.integers(0, 50), st.tuples(st.integers(-100, 100), st.integers(-100, 100)), min_size=2, max_size=20)


@given(pools, st.integers(1, 30))
def test_neighbours_exclude_the_target_and_come_nearest_first(pool, k):
    target = min(pool)
    found = nearest_neighbours(target, pool, k)
    assert target not in [n.key for n in found] and len(found) == min(k, len(pool) - 1)
    assert [n.distance for n in found] == sorted(n.distance for n in found)


@given(pools, st.integers(1, 100), st.integers(-100, 100))
def test_units_do_not_matter(pool, scale, shift):
    """Standardising makes the answer the same whatever unit or origin a feature is measured in."""
    target = min(pool)
    moved = {key: (a * scale + shift, b) for key, (a, b) in pool.items()}
    before = [n.distance for n in nearest_neighbours(target, pool, 5)]
    after = [n.distance for n in nearest_neighbours(target, moved, 5)]
    assert after == pytest.approx(before, abs=1e-6)
