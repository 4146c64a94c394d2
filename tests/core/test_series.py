"""The council series protocol: sources register, readers ask, nobody imports the owner."""
from decimal import Decimal

import pytest

from riep.core import series
from riep.core.errors import NotFound


@pytest.fixture
def source():
    points = [series.Point(2, "2016-17", Decimal("5")), series.Point(1, "2016-17", Decimal("3")),
              series.Point(1, "2015-16", Decimal("2"))]
    src = series.SeriesSource(
        key="test-source", label="Test source",
        measures=lambda: [series.Measure("spend", "Spend", "£ thousand")],
        values=lambda key, ids: [p for p in points if ids is None or p.council_id in ids],
    )
    series.register(src)
    yield src
    series._sources.pop("test-source", None)


def test_values_are_ordered_by_council_then_period_and_filtered(source):
    assert [(p.council_id, p.period) for p in series.values("test-source", "spend")] == [
        (1, "2015-16"), (1, "2016-17"), (2, "2016-17")]
    assert [p.value for p in series.values("test-source", "spend", [2])] == [Decimal("5")]


def test_unknown_source_or_measure_is_not_found(source):
    with pytest.raises(NotFound, match="no series source"):
        series.values("nope", "spend")
    with pytest.raises(NotFound, match="has no measure 'rate'"):
        series.values("test-source", "rate")


def test_registering_again_replaces(source):
    again = series.SeriesSource("test-source", "Again", source.measures, source.values)
    series.register(again)
    assert series.source("test-source").label == "Again"
