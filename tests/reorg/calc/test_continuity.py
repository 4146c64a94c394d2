from decimal import Decimal as D

import pytest

from riep.core.errors import UserError
from riep.reorg.calc.continuity import AGGREGATED, OWN, successor_series


def test_predecessors_summed_before_vesting_and_marked():
    points = successor_series({"2009-10": D(50)}, {"A": {"2008-09": D(10)}, "B": {"2008-09": D(30), "2007-08": D(5)}},
                              split=[], before_vesting=["2007-08", "2008-09"], additive=True)
    assert [(p.period, p.value, p.basis) for p in points] == [
        ("2007-08", D(5), AGGREGATED), ("2008-09", D(40), AGGREGATED), ("2009-10", D(50), OWN)]
    assert "1 of 2 predecessors have no value" in points[0].note


def test_rates_are_not_summed():
    with pytest.raises(UserError):
        successor_series({}, {}, [], [], additive=False)
