"""Peer positions: a hand-computed median/MAD example, and the real per-head spend indicators' arithmetic."""
from decimal import Decimal as D

import pytest

from riep.accounts.models import User
from riep.peers.services import save_chosen_group
from riep.performance import benchmarks
from riep.performance.models import Indicator, IndicatorValue
from riep.performance.services import delivery
from riep.performance.services import finance_indicators as per_head
from riep.registry.models import Organisation, Partnership
from tests.performance.conftest import MANAGER_EE

pytestmark = pytest.mark.usefixtures("performance")


def test_position_reproduces_a_hand_computed_median_and_mad():
    """Peers 10, 12, 13, 15, 20: median 13; deviations 3, 1, 0, 2, 7, whose median (the MAD) is 2. A council at 17
    is (17 − 13) / 2 = 2.0 MADs above the median; the middle half of the peers runs from 12 to 15."""
    ind = Indicator.objects.create(key="LOCAL-TEST", code="Local 1", name="A local indicator", definition="Test.",
                                   unit="count", polarity="higher", geography="all councils", source="Test")
    councils = list(Organisation.objects.councils().filter(region__code="E12000006", end_date=None, start_date=None)
                    .order_by("name")[:6])
    for council, value in zip(councils, ("17", "10", "12", "13", "15", "20")):
        IndicatorValue.objects.create(indicator=ind, council=council, period="2010-11", value=D(value))
    group = save_chosen_group(Partnership.objects.get(code="EE"), "Hand-worked example", councils)
    manager = User.objects.get(email=MANAGER_EE)
    measure = delivery.measure(manager, ind, councils[0], "2010-11")
    found = benchmarks.position_of(manager, measure, "chosen", group=group)
    assert (found.median, found.mad, found.distance_in_mads, found.n, found.low, found.high) == \
        (D(13), D(2), D(2), 5, D(12), D(15))
    assert benchmarks.describe(found) == "2.0 MADs above the median (median 13.00, MAD 2.00; 5 peers, middle half 12.00 to 15.00)"
    positions = benchmarks.positions_for(manager, [measure], "chosen", group=group)
    assert positions[(ind.pk, councils[0].pk)].startswith("2.0 MADs above")


def test_the_indicator_page_shows_positions_beside_councils_in_name_order(client, sign_in):
    sign_in(MANAGER_EE)
    page = client.get("/performance/indicators/NI192/", {"partnership": "EE", "peers": "same_type"}).content.decode()
    assert "Peer position" in page and "MADs" in page and "Before comparing councils" in page


def test_per_head_spend_is_the_line_in_thousands_over_the_registers_population(monkeypatch):
    norfolk = Organisation.objects.get(gss_code="E10000020")
    district = Organisation.objects.get(gss_code="E07000145")  # Great Yarmouth: runs no adult social care
    monkeypatch.setattr(per_head.finance, "years", lambda family="RS": ["2016-17"])
    lines = {"RS-360": {(norfolk.pk, "2016-17"): D("278000"), (district.pk, "2016-17"): D("0")},
             "RS-699": {(norfolk.pk, "2016-17"): D("1000000")}}
    monkeypatch.setattr(per_head.finance, "line_values", lambda key, year=None, councils=None: lines.get(key, {}))
    IndicatorValue.objects.filter(indicator__derived_from__startswith="finance:").delete()  # the demo's real ones
    assert per_head.refresh_finance_indicators() == 2
    asc = IndicatorValue.objects.get(indicator__key="SPEND-ASC", council=norfolk, period="2016-17")
    assert asc.value == (D("278000") * 1000 / norfolk.population).quantize(D("0.01")) and asc.approved
    assert not asc.illustrative and "mid-2020" in asc.note
    assert not IndicatorValue.objects.filter(indicator__key="SPEND-ASC", council=district).exists()
    assert per_head.refresh_finance_indicators() == 0  # nothing changed, nothing written
