from decimal import Decimal as D

import pytest

from riep.performance.calc.forecast import MINIMUM_POINTS, forecast
from riep.performance.calc.periods import FINANCIAL_YEAR, next_periods, parse_period


def test_fewer_than_the_minimum_points_says_so_instead_of_a_line():
    result = forecast([D(1), D(2), D(3), D(4)], ["2011-12"])
    assert not result.available and not result.points
    assert "4 values" in result.refused and f"minimum of {MINIMUM_POINTS}" in result.refused


def test_a_trend_is_continued_with_an_interval_around_it():
    values = [D(x) for x in ("20.0", "19.1", "18.3", "17.2", "16.4", "15.3", "14.6")]
    result = forecast(values, ["2011-12", "2012-13", "2013-14"])
    assert result.available and [p.period for p in result.points] == ["2011-12", "2012-13", "2013-14"]
    centrals = [p.central for p in result.points]
    assert centrals[0] < D("14.6") and centrals == sorted(centrals, reverse=True)  # the fall goes on
    for p in result.points:
        assert p.lower <= p.central <= p.upper
    widths = [p.upper - p.lower for p in result.points]
    assert widths == sorted(widths)  # further ahead, less certain


def test_bounds_clip_the_band_and_a_flat_series_stays_flat():
    result = forecast([D(x) for x in ("99", "99.5", "99.7", "99.8", "99.9")], ["a", "b"], upper_bound=D(100))
    assert all(p.upper <= 100 for p in result.points)
    flat = forecast([D(5)] * 6, ["x"])
    assert (flat.points[0].lower, flat.points[0].central, flat.points[0].upper) == (D(5), D(5), D(5))


def test_periods_as_files_write_them():
    assert [parse_period(x, FINANCIAL_YEAR) for x in ("2009-10", "2009/10", "2009/2010", "FY 2009-10")] == ["2009-10"] * 4
    assert parse_period("2009", "calendar_year") == "2009"
    for bad in ("2009-11", "2009", "Q1 2009", "", "1850-51"):
        with pytest.raises(ValueError):
            parse_period(bad, FINANCIAL_YEAR)
    with pytest.raises(ValueError):
        parse_period("2009-10", "calendar_year")
    assert next_periods("2009-10", FINANCIAL_YEAR, 2) == ["2010-11", "2011-12"]
    assert next_periods("1999", "calendar_year", 2) == ["2000", "2001"]
