"""Baselines from the revenue outturn (riep.finance), with entered figures kept where it has none; continuity of a
successor's series across vesting day through riep.core.series; options that overlap are refused."""
from decimal import Decimal

import pytest

from riep.core import series
from riep.core.errors import UserError
from riep.finance import services as finance
from riep.registry.models import Organisation
from riep.reorg.models import Option, Scenario
from riep.reorg.services import baselines
from riep.reorg.services.continuity import continuous_series
from riep.reorg.services.scenarios import save_option

pytestmark = pytest.mark.usefixtures("demo")


def test_baselines_from_the_outturn_where_it_has_figures(db, monkeypatch, client, sign_in):
    scenario = Scenario.objects.get(slug="suffolk-today")
    ipswich = scenario.predecessors.get(council__gss_code="E07000202")
    babergh = scenario.predecessors.get(council__gss_code="E07000200")
    line = finance.Line("RS-805", "RS", 805, "NET REVENUE EXPENDITURE", "", ("2016-17", "2017-18"))
    monkeypatch.setattr(finance, "available_lines", lambda family=None: [line])
    monkeypatch.setattr(finance, "line", lambda key: line)
    monkeypatch.setattr(finance, "line_values", lambda key, year=None, councils=None:
                        {(ipswich.council_id, "2017-18"): Decimal("23456.7")})
    sign_in("manager@improvementeast.example")
    assert client.post("/reorg/scenarios/suffolk-today/baselines/", {"line": "RS-805", "year": "2017-18"}).status_code == 302
    ipswich.refresh_from_db()
    babergh.refresh_from_db()
    assert ipswich.baseline_spend == Decimal("23456700.00") and "RS-805" in ipswich.baseline_source
    assert babergh.baseline_spend == Decimal("20000000.00") and babergh.baseline_source.startswith("Entered")
    with pytest.raises(UserError) as error:
        baselines.take_baselines_from_outturn(None, scenario, "RS-805", "2009-10")
    assert error.value.field == "year"


def test_without_outturn_data_the_entered_baselines_are_used(db):
    scenario = Scenario.objects.get(slug="durham-2009")
    with pytest.raises(UserError) as error:
        baselines.take_baselines_from_outturn(None, scenario, "RS-999")
    assert "enter the baselines" in str(error.value)


def test_a_predecessor_in_two_successors_is_refused_and_nothing_saved(db):
    scenario = Scenario.objects.get(slug="bedfordshire-2009")
    entries = {p.council.gss_code or p.council.snac_code: p for p in scenario.predecessors.select_related("council")}
    before = Option.objects.count()
    with pytest.raises(UserError) as error:
        save_option(scenario, "Overlap", {"North": [entries["E06000055"], entries["09UC"]],
                                          "South": [entries["09UC"], entries["09UE"]]}, 2)
    assert "in two successors" in str(error.value) and error.value.field == "options[2].successors"
    assert Option.objects.count() == before


@pytest.fixture
def spend_source():
    """A registered additive series: £ by financial year for Durham's predecessors and the unitary."""
    durham = Organisation.objects.get(gss_code="E06000047")
    olds = list(durham.predecessors.all())
    data = {(c.pk, "2007-08"): Decimal(10) for c in olds} | {(c.pk, "2008-09"): Decimal(11) for c in olds} | \
           {(durham.pk, "2009-10"): Decimal(100)}
    source = series.SeriesSource("test-spend", "Test spend", lambda: [series.Measure("spend", "Spend", "£")],
                                 lambda key, ids: [series.Point(c, p, v) for (c, p), v in data.items()
                                                   if ids is None or c in ids])
    series.register(source)
    yield durham, len(olds)
    series._sources.pop("test-spend", None)


def test_continuity_sums_predecessors_before_vesting_day(db, spend_source, client, sign_in):
    durham, count = spend_source
    points = continuous_series("test-spend", "spend", durham)
    assert [(p.period, p.value, p.basis) for p in points] == [
        ("2007-08", Decimal(10 * count), "aggregated"), ("2008-09", Decimal(11 * count), "aggregated"),
        ("2009-10", Decimal(100), "own")]
    sign_in("reviewer@communities.example")
    page = client.get("/reorg/continuity/", {"council": "E06000047", "measure": "test-spend:spend"}).content.decode()
    assert "Predecessors summed (before vesting)" in page and "Own figure" in page
