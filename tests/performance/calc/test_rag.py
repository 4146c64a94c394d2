from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riep.performance.calc.rag import (
    ABSOLUTE,
    AMBER,
    GREEN,
    HIGHER,
    LOWER,
    PERCENT,
    RED,
    Band,
    target_contradicts_polarity,
)

numbers = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
tolerances = st.decimals(min_value=0, max_value=500, places=2)
ORDER = {RED: 0, AMBER: 1, GREEN: 2}


def test_worked_examples_and_the_rule_in_words():
    band = Band(D("65"), HIGHER, D("3"))
    assert [band.rating(D(x)) for x in ("66", "65", "63", "62", "61.9")] == [GREEN, GREEN, AMBER, AMBER, RED]
    assert band.rule("%") == ("Green at or above the target of 65.0%; amber below it by no more than 3.0 percentage "
                              "points (to 62.0%); red beyond 62.0%.")
    lower = Band(D("10"), LOWER, D("5"), PERCENT)  # 5% of 10 = 0.5
    assert [lower.rating(D(x)) for x in ("9", "10", "10.5", "10.51")] == [GREEN, GREEN, AMBER, RED]
    assert "to 10.5" in lower.rule("kg")
    assert Band(D("400"), HIGHER).rule("homes", 0) == "Green at or above the target of 400 homes; red below it (no tolerance)."


@given(numbers, st.sampled_from([HIGHER, LOWER]), tolerances, st.sampled_from([ABSOLUTE, PERCENT]), numbers, numbers)
def test_a_better_value_never_gets_a_worse_rating(target, polarity, tolerance, kind, a, b):
    band = Band(target, polarity, tolerance, kind)
    better, worse = (max(a, b), min(a, b)) if polarity == HIGHER else (min(a, b), max(a, b))
    assert ORDER[band.rating(better)] >= ORDER[band.rating(worse)]


@given(numbers, tolerances, numbers)
def test_polarity_mirrors_the_rating(target, tolerance, value):
    """Lower-is-better around a target is higher-is-better around its negative."""
    assert Band(target, LOWER, tolerance).rating(value) == Band(-target, HIGHER, tolerance).rating(-value)


@given(numbers, st.sampled_from([HIGHER, LOWER]), tolerances, st.sampled_from([ABSOLUTE, PERCENT]))
def test_the_thresholds_the_rule_names_are_the_ones_applied(target, polarity, tolerance, kind):
    band = Band(target, polarity, tolerance, kind)
    assert band.rating(target) == GREEN
    assert band.rating(band.amber_limit) == (GREEN if band.margin == 0 else AMBER)
    step = D("0.01") if polarity == HIGHER else D("-0.01")
    assert band.rating(band.amber_limit - step) == RED


@given(numbers, tolerances, tolerances)
def test_a_wider_tolerance_never_makes_a_rating_worse(value, narrow, extra):
    target = D(50)
    assert ORDER[Band(target, HIGHER, narrow + extra).rating(value)] >= ORDER[Band(target, HIGHER, narrow).rating(value)]


def test_bad_bands_are_refused():
    with pytest.raises(ValueError):
        Band(D(1), "sideways")
    with pytest.raises(ValueError):
        Band(D(1), HIGHER, D(-1))


def test_a_target_worse_than_its_baseline_contradicts_the_polarity():
    assert target_contradicts_polarity(D(60), D(55), HIGHER) and not target_contradicts_polarity(D(60), D(65), HIGHER)
    assert target_contradicts_polarity(D(10), D(12), LOWER) and not target_contradicts_polarity(D(10), D(9), LOWER)
