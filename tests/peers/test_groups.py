"""Comparator groups of each kind, and a council's position in one."""
from decimal import Decimal

import pytest

from riep.core.errors import UserError
from riep.finance.services import line_values
from riep.peers.services import (
    CHOSEN,
    NEAREST,
    NEAREST_K,
    SAME_REGION,
    SAME_TYPE,
    group_for,
    peer_position,
    save_chosen_group,
    tier,
)
from riep.registry.models import Organisation, Partnership, Region

NORFOLK, SUFFOLK, CAMBS, NORWICH = "E10000020", "E10000029", "E10000003", "E07000148"


def test_same_type_and_same_region(councils):
    norfolk = councils(NORFOLK)
    counties = group_for(norfolk, SAME_TYPE, "2017-18")
    assert norfolk not in counties and all(c.council_type == "CTY" for c in counties)
    assert councils(SUFFOLK) in counties and len(counties) == 26  # the 27 counties of 2017-18, less Norfolk
    region = group_for(norfolk, SAME_REGION, "2017-18")
    assert {c.region.name for c in region} == {"East of England"} and all(tier(c) == "upper" for c in region)
    assert councils(NORWICH) not in region  # a district is not an upper-tier peer
    assert councils(NORWICH) in group_for(councils("E07000146"), SAME_REGION, "2017-18")  # King's Lynn's districts


def test_a_year_keeps_only_councils_that_existed(councils):
    suffolk_districts = {c.name for c in group_for(councils("E07000200"), SAME_TYPE, "2017-18")}
    assert "Forest Heath District Council" in suffolk_districts
    later = {c.name for c in group_for(councils("E07000200"), SAME_TYPE, "2021-22")}
    assert "Forest Heath District Council" not in later and "West Suffolk Council" in later


def test_nearest_neighbours_are_like_councils(councils):
    norfolk = councils(NORFOLK)
    nearest = group_for(norfolk, NEAREST, "2017-18")
    assert len(nearest) == NEAREST_K and norfolk not in nearest and all(tier(c) == "upper" for c in nearest)
    # Rural shire counties spend like Norfolk; inner London boroughs do not.
    assert councils(SUFFOLK) in nearest or councils("E10000019") in nearest
    assert not any(c.council_type == "LBO" for c in nearest)


def test_chosen_group_and_position(councils):
    region = Region.objects.get(name="East of England")
    partnership = Partnership.objects.create(code="EE", name="Improvement East", region=region,
                                             accountable_body=councils(NORFOLK))
    members = [councils(g) for g in (NORFOLK, SUFFOLK, CAMBS, "E10000012", "E10000015")]
    save_chosen_group(partnership, "Eastern counties", members)
    chosen = group_for(councils(NORFOLK), CHOSEN)
    assert [c.gss_code for c in chosen] == ["E10000003", "E10000012", "E10000015", "E10000029"]
    with pytest.raises(UserError):
        group_for(councils(NORFOLK), "league")
    # Position of Norfolk's council tax requirement (RS line 890) among the chosen counties.
    values = {council_id: value for (council_id, _), value in line_values("RS-890", "2017-18").items()}
    found = peer_position(councils(NORFOLK), values, CHOSEN)
    peers = sorted(values[c.pk] for c in chosen)
    assert found.n == 4 and found.median == (peers[1] + peers[2]) / 2 and found.value == Decimal("354620")
    assert peer_position(councils(NORFOLK), {councils(NORFOLK).pk: Decimal(1)}, CHOSEN) is None  # no peer values


def test_a_council_with_no_figures_has_no_neighbours(councils):
    assert group_for(Organisation.objects.get(gss_code="E07000201"), NEAREST, "2017-18") == []  # no 2020 population
