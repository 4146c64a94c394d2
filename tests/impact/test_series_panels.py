"""Panels built from the platform's own series through riep.core.series, with predecessors joined up through the
registry; the source is registered here, in the test, as a capability would register it at start-up."""
import datetime as dt
from decimal import Decimal

import pytest

from riep.core import series
from riep.core.errors import UserError
from riep.impact.engine.panel import panel_from_frame
from riep.impact.services.series_panels import save_series_panel, series_frame
from riep.registry.models import CouncilType, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils():
    def council(name, code, start=None, end=None):
        return Organisation.objects.create(name=name, gss_code=code, council_type=CouncilType.DISTRICT,
                                           start_date=start, end_date=end)

    north = council("North Test", "E07900001", end=dt.date(2019, 3, 31))
    south = council("South Test", "E07900002", end=dt.date(2019, 3, 31))
    merged = council("Merged Test", "E06900003", start=dt.date(2019, 4, 1))
    other = council("Other Test", "E07900004")
    north.successors.add(merged)
    south.successors.add(merged)
    return {"north": north, "south": south, "merged": merged, "other": other}


@pytest.fixture
def source(councils):
    points = {"spend": [], "rate": []}
    for key, org in councils.items():
        years = range(2015, 2019) if key in ("north", "south") else range(2019 if key == "merged" else 2015, 2022)
        for year in years:
            points["spend"].append(series.Point(org.pk, f"{year}-{(year + 1) % 100:02d}", Decimal(100 + year - 2015)))
            if not (key == "south" and year == 2016):
                points["rate"].append(series.Point(org.pk, f"{year}-{(year + 1) % 100:02d}", Decimal("95.5")))

    def values(key, ids):
        if key not in points:
            raise series.NotFound(key)
        return [p for p in points[key] if ids is None or p.council_id in set(ids)]

    src = series.SeriesSource(
        key="testfinance", label="Test finance lines",
        measures=lambda: [series.Measure("spend", "Net spend", "£ thousand", source_note="Test publisher 2026"),
                          series.Measure("rate", "Collection rate", "%", additive=False)],
        values=values)
    series.register(src)
    yield src
    series._sources.pop("testfinance", None)


def test_successor_years_before_vesting_sum_the_predecessors(councils, source):
    frame, notes = series_frame([councils["merged"], councils["other"]], [("testfinance", "spend"),
                                                                        ("testfinance", "rate")], 2015, 2021)
    merged = frame[frame.gss_code == "E06900003"].set_index("year")
    # 2015-16 to 2018-19: North + South (100 + 100, 101 + 101, ...); from 2019-20 the council's own figures.
    assert merged.loc[2015, "testfinance_spend"] == 200 and merged.loc[2018, "testfinance_spend"] == 206
    assert merged.loc[2019, "testfinance_spend"] == 104
    # A rate is not additive: before vesting it is a gap, and the notes say why.
    assert merged.loc[2016, "testfinance_rate"] != merged.loc[2016, "testfinance_rate"]  # NaN
    assert merged.loc[2019, "testfinance_rate"] == 95.5
    assert any("sum of its predecessors (North Test, South Test)" in n and "2015 to 2018" in n for n in notes)
    assert any("rate or share" in n for n in notes)
    # The frame is a valid engine panel, gaps and all.
    panel = panel_from_frame(frame, "gss_code", "year", ["testfinance_spend", "testfinance_rate"])
    assert panel.units == ("E06900003", "E07900004") and panel.times == tuple(range(2015, 2022))


def test_saved_panel_keeps_provenance_and_refuses_bad_requests(councils, source):
    panel = save_series_panel(None, name="Test spend", councils=[councils["merged"], councils["other"]],
                              measures=[("testfinance", "spend")], first=2015, last=2021)
    assert panel.numeric_columns == ["testfinance_spend"] and panel.first_period == 2015
    assert "Test publisher 2026" in panel.source and any("predecessors" in w for w in panel.warnings)
    with pytest.raises(UserError, match="first year 2021 is after the last year 2015"):
        series_frame([councils["other"]], [("testfinance", "spend")], 2021, 2015)
    with pytest.raises(series.NotFound):
        series_frame([councils["other"]], [("testfinance", "nothing")], 2015, 2021)
    with pytest.raises(UserError, match="No figures at all"):
        series_frame([councils["other"]], [("testfinance", "spend")], 2030, 2031)
