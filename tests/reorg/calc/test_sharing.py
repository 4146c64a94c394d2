"""Shared services: Procurement Lincolnshire as the worked case; formulas; bad shares."""
from decimal import Decimal as D

import pytest

from riep.core.errors import UserError
from riep.reorg.calc.sharing import CouncilBaseline, FunctionSaving, business_case, split_money

LINCS = ["Lincolnshire CC", "Boston", "East Lindsey", "Lincoln", "North Kesteven", "South Holland",
         "South Kesteven", "West Lindsey"]


def test_procurement_lincolnshire_worked_case():
    # REFERENCE §9: county + 7 districts, £148k set-up, about £10.5m saved over 2008–11 (three years).
    # £3.5m a year is 25% of a £14m addressable procurement baseline (split equally here: £1.75m each).
    baselines = [CouncilBaseline(c, "procurement", D("1750000")) for c in LINCS]
    case = business_case(LINCS, baselines, [FunctionSaving("procurement", D(20), D(25), D(30))],
                         set_up=D("148000"), running_cost=D(0), formula="equal")
    assert case.saving["central"] == D("3500000.00")
    assert case.saving["central"] * 3 == D("10500000.00")
    assert (case.saving["low"], case.saving["high"]) == (D("2800000.00"), D("4200000.00"))
    # payback: 148,000 / 3,500,000 = 0.042 years (about a fortnight): "under two years where well planned"
    assert case.payback_years["central"] == D("0.04")
    # equal shares of eight: £18,500 of the set-up and £437,500 a year each released for the front line
    assert {s.set_up for s in case.shares} == {D("18500.00")}
    assert {s.cash_released["central"] for s in case.shares} == {D("437500.00")}


def test_shares_by_transactions_and_pennies_add_up():
    baselines = [CouncilBaseline("A", "payroll", D("100000"), transactions=1),
                 CouncilBaseline("B", "payroll", D("100000"), transactions=1),
                 CouncilBaseline("C", "payroll", D("100000"), transactions=1)]
    case = business_case(["A", "B", "C"], baselines, [FunctionSaving("payroll", D(20), D(25), D(30))],
                         set_up=D("100.00"), running_cost=D("10000"), formula="transactions")
    assert sorted(s.set_up for s in case.shares) == [D("33.33"), D("33.33"), D("33.34")]
    assert sum(s.set_up for s in case.shares) == D("100.00")
    # 300,000 × 25% = 75,000 a year less 10,000 running: 65,000; payback 100 / 65,000 → 0.00
    assert case.payback_years["central"] == D("0.00")


def test_split_money_is_proportional():
    assert split_money(D("1000"), {"a": D(3), "b": D(1)}) == {"a": D("750.00"), "b": D("250.00")}


def test_entered_shares_must_add_up_to_100():
    baselines = [CouncilBaseline("A", "hr", D(1000)), CouncilBaseline("B", "hr", D(1000))]
    with pytest.raises(UserError) as error:
        business_case(["A", "B"], baselines, [FunctionSaving("hr", D(20), D(25), D(30))], D(0), D(0), "entered",
                      entered={"A": D(60), "B": D(30)})
    assert error.value.field == "shares" and "90%" in str(error.value)


def test_low_saving_above_high_is_refused():
    with pytest.raises(UserError) as error:
        business_case(["A", "B"], [], [FunctionSaving("hr", D(30), D(25), D(20))], D(0), D(0), "equal")
    assert error.value.field == "savings[0].low"
