"""Options, payback and NPV, against the ledger's Green Book engine."""
from decimal import Decimal as D

import pytest

from riep.core.errors import UserError
from riep.ledger.green_book import discount_factors, present_value
from riep.reorg.calc.options import (
    AGGREGATION,
    DISAGGREGATION,
    TRANSITION,
    Assumption,
    Option,
    Predecessor,
    Profile,
    Successor,
    check_assumption,
    check_option,
    evaluate,
)

PREDS = {"c": Predecessor("c", "County", D("900000000"), is_county=True),
         "a": Predecessor("a", "District A", D("60000000")), "b": Predecessor("b", "District B", D("40000000"))}
ASSUMPTIONS = [Assumption("sm", "Senior management", AGGREGATION, D("0.5"), D("1"), D("1.5")),
               Assumption("sc", "Split social care", DISAGGREGATION, D("1000000"), D("2000000"), D("3000000")),
               Assumption("tr", "Transition", TRANSITION, D("5000000"), D("10000000"), D("15000000"))]
CENTRAL = {a.key: a.central for a in ASSUMPTIONS}
PROFILE = Profile(savings_ramp=(D("0.5"), D("1")), transition_phasing=(D("1"),), horizon_years=5)
ONE = Option("One unitary", (Successor("Unitary", ("c", "a", "b")),))
TWO = Option("Two unitaries", (Successor("North", ("a",)), Successor("South", ("b",))))


def test_one_unitary_by_hand():
    r = evaluate(ONE, PREDS, ASSUMPTIONS, CENTRAL, PROFILE, discount_factors(4))
    # merged spend £1bn × 1% = £10m a year at full savings, half in year 0; transition £10m in year 0
    assert [y.net for y in r.years] == [D("-5000000.00")] + [D("10000000.00")] * 4
    assert [y.cumulative for y in r.years][:2] == [D("-5000000.00"), D("5000000.00")]
    assert r.payback_year == 1 and r.steady_net_saving == D("10000000.00")
    # NPV equals the Green Book engine's present value of the same flows
    assert r.npv == present_value([y.net for y in r.years])


def test_two_unitaries_split_the_county():
    r = evaluate(TWO, PREDS, ASSUMPTIONS, CENTRAL, PROFILE, discount_factors(4))
    # county split in proportion 60:40; both successors merge county + district; £1bn × 1% = £10m;
    # disaggregation: one extra piece × £2m; transition 2 × £10m
    assert r.years[0].transition == D("20000000.00") and r.years[0].disaggregation == D("2000000.00")
    assert r.steady_net_saving == D("8000000.00")
    assert r.years[0].net == D("-17000000.00")  # 5m − 2m − 20m
    # cumulative: −17, −9, −1, +7 → pays back in year 3
    assert r.payback_year == 3
    assert r.npv == present_value([y.net for y in r.years])


def test_npv_uses_the_declining_schedule_beyond_30_years():
    profile = Profile(savings_ramp=(), transition_phasing=(D(1),), horizon_years=40)
    r = evaluate(ONE, PREDS, ASSUMPTIONS, CENTRAL, profile, discount_factors(39))
    assert r.npv == present_value([y.net for y in r.years])


def test_never_paying_back_is_none():
    costly = {**CENTRAL, "tr": D("1000000000")}
    assert evaluate(ONE, PREDS, ASSUMPTIONS, costly, PROFILE, discount_factors(4)).payback_year is None


def test_a_predecessor_in_two_successors_is_refused():
    bad = Option("Overlap", (Successor("North", ("a",)), Successor("South", ("a", "b"))))
    with pytest.raises(UserError) as error:
        check_option(bad, PREDS, 0)
    assert error.value.field == "options[0].successors" and "District A is in two successors" in str(error.value)


def test_low_above_high_is_refused():
    with pytest.raises(UserError) as error:
        check_assumption(Assumption("x", "Property", AGGREGATION, D("2"), D("2"), D("1")), 3)
    assert error.value.field == "assumptions[3].low"
