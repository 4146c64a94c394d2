from decimal import Decimal

import pytest

from riep.core.fy import FinancialYear
from riep.ledger.calc.csr07 import compare, cumulative_rate, load_parameters, target_for, trajectory

D = Decimal
BASELINE = D("100000000")  # a £100m 2007-08 baseline


def test_parameters_come_from_the_reference_file():
    p = load_parameters()
    assert p.annual_rate == D("0.03")
    assert p.base_year == FinancialYear(2007)
    assert [(e.from_year.label, e.points) for e in p.extra_points] == [("2010-11", D("0.01"))]
    assert "Budget 2009" in p.extra_points[0].source


def test_cumulative_rates():
    # 1.03 − 1 = 0.03; 1.03² − 1 = 1.0609 − 1 = 0.0609; 1.03³ − 1 = 1.092727 − 1 = 0.092727;
    # 2010-11 adds Budget 2009's extra point: 0.092727 + 0.01 = 0.102727.
    assert cumulative_rate("2008-09") == D("0.03")
    assert cumulative_rate("2009-10") == D("0.0609")
    assert cumulative_rate("2010-11") == D("0.102727")


def test_worked_trajectory_on_a_100m_baseline():
    rows = trajectory(BASELINE)
    # £100m × 0.03 = £3,000,000; × 0.0609 = £6,090,000; × 0.102727 = £10,272,700 (10.27%, quoted as 10.3%).
    assert [(r.year.label, r.years_since_base, r.target) for r in rows] == [
        ("2008-09", 1, D("3000000.00")),
        ("2009-10", 2, D("6090000.00")),
        ("2010-11", 3, D("10272700.00")),
    ]
    # Without the extra point 2010-11 would have been 9.27%: £9,272,700.
    assert rows[2].target - BASELINE * D("0.01") == D("9272700")
    assert f"{rows[2].cumulative_rate * 100:.1f}%" == "10.3%"


def test_outside_the_period():
    with pytest.raises(ValueError, match="outside the CSR07 period"):
        cumulative_rate("2011-12")
    assert target_for(BASELINE, "2011-12") is None
    assert target_for(BASELINE, "2009-10") == D("6090000")


def test_forecast_versus_outturn():
    rows = compare(
        BASELINE,
        outturn={"2008-09": D("3300000")},
        forecast={"2008-09": D("2900000"), "2009-10": D("5000000")},
    )
    first, second, third = rows
    # 2008-09: outturn 3.3m vs 3.0m target: +300,000, 110.0%; forecast 2.9m: −100,000, 96.7%.
    assert first.outturn_gap == D("300000") and first.outturn_percent_of_target == D("110.0")
    assert first.forecast_gap == D("-100000") and first.forecast_percent_of_target == D("96.7")
    # 2009-10: forecast 5.0m vs 6.09m: −1,090,000; 5/6.09 = 82.1%.
    assert second.outturn is None and second.outturn_gap is None
    assert second.forecast_gap == D("-1090000") and second.forecast_percent_of_target == D("82.1")
    assert third.forecast is None


def test_zero_baseline_has_no_percentage():
    (row, *_) = compare(D(0), outturn={"2008-09": D(10)})
    assert row.target == 0 and row.outturn_percent_of_target is None
