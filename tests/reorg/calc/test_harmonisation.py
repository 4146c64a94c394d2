"""Council tax harmonisation, checked by hand on a three-area case."""
from decimal import Decimal as D

import pytest

from riep.core.errors import UserError
from riep.reorg.calc.harmonisation import FormerArea, harmonise, require_within_limit, weighted_average

AREAS = [FormerArea("North", D("1000.00"), D("100")), FormerArea("Middle", D("1100.00"), D("200")),
         FormerArea("South", D("1300.00"), D("100"))]


def by(paths, target):
    return next(p for p in paths if p.target == target)


def band_d(path, area, year):
    return next(r.band_d for r in path.areas if r.area == area and r.year == year)


def test_weighted_average_by_hand():
    # (1000×100 + 1100×200 + 1300×100) / 400 = 450,000 / 400 = 1,125
    assert weighted_average(AREAS) == D("1125.00")


def test_straight_line_steps_to_the_highest_over_four_years():
    path = by(harmonise(AREAS, 4), "highest")
    # North: 1000 → 1300 in four equal steps of 75
    assert [band_d(path, "North", y) for y in range(0, 6)] == [D("1000.00"), D("1075.00"), D("1150.00"),
                                                                D("1225.00"), D("1300.00"), D("1300.00")]
    # year 4 on: one Band D everywhere; year 8 shown
    assert {band_d(path, a.name, 8) for a in AREAS} == {D("1300.00")}
    # yield in year 4: 1300 × 400 = 520,000; base-year yield 450,000
    assert path.totals[4].yield_ == D("520000.00") and path.totals[0].yield_ == D("450000.00")


def test_income_foregone_against_the_weighted_average_path():
    paths = harmonise(AREAS, 2)
    lowest, average = by(paths, "lowest"), by(paths, "weighted_average")
    # weighted average path: revenue neutral every year
    assert all(t.yield_ == D("450000.00") for t in average.totals)
    # lowest, year 1: North 1000, Middle 1050, South 1150 → 100,000 + 210,000 + 115,000 = 425,000; foregone 25,000
    assert lowest.totals[1].yield_ == D("425000.00") and lowest.totals[1].foregone == D("25000.00")
    # year 2 on: 1000 × 400 = 400,000; foregone 50,000 a year; years 1–8: 25,000 + 7 × 50,000
    assert lowest.totals[2].foregone == D("50000.00")
    assert lowest.total_foregone == D("375000.00")
    assert average.total_foregone == 0


def test_referendum_limit_breach_names_area_and_year():
    paths = harmonise(AREAS, 2, referendum_limit=D("0.0499"))
    highest = by(paths, "highest")
    assert highest.breaches and "North in year 1" in highest.breaches[0]
    assert not by(paths, "lowest").breaches  # falling bills never break a limit on rises
    with pytest.raises(UserError) as error:
        require_within_limit(paths)
    assert error.value.field == "referendum_limit" and "To the highest" in str(error.value)


def test_a_period_over_seven_years_breaks_the_year_8_rule():
    with pytest.raises(UserError) as error:
        harmonise(AREAS, 8)
    assert error.value.field == "years" and "year 8" in str(error.value)


def test_negative_tax_base_names_the_area():
    with pytest.raises(UserError) as error:
        harmonise([AREAS[0], FormerArea("Bad", D("1000"), D("-1"))], 3)
    assert error.value.field == "tax_base[1]" and "Bad" in str(error.value)
