"""Every council that reports has every indicator (or the reason it has none), reconciling to the workbook's cells."""
from decimal import Decimal as D

from riep.core.methodology import all_pages
from riep.registry.models import Organisation
from riep.resilience.calc.indicators import INDICATORS
from riep.resilience.services.indicators import all_indicators, assessed_councils, years
from riep.resilience.services.warnings import validation_rows


def council(gss):
    return Organisation.objects.get(gss_code=gss)


def test_every_reporting_council_has_every_indicator_or_a_reason(resilience):
    assert years() == ["2015-16", "2016-17", "2017-18"]
    assessed = assessed_councils().count()
    for year in years():
        found = all_indicators(year)
        assert len(found) >= 348, year  # 353 report in 2015-16; a few fewer lines are complete in later years
        for values in found.values():
            assert {i.key for i in INDICATORS} == set(values)
            assert all(v.value is not None or v.status == "not depleting" or v.reason for v in values.values())
        with_level = sum(1 for v in found.values() if v["reserves_level"].value is not None)
        assert with_level >= 348 and assessed >= len(found)


def test_indicators_reconcile_to_hand_picked_cells(resilience):
    northants = all_indicators("2017-18", [council("E10000021").pk])[council("E10000021").pk]
    # RS 2017-18 row 31: BG31 (805) 421883.8066307113, BY31 (915 at 31 March) 5185, BZ31 (916 at 31 March) 0.
    assert northants["reserves_level"].value == D(5185) / D("421883.8066307113")
    assert northants["unallocated_reserves"].value == 0
    # RS 2015-16 row 213: BS213 (915 at 1 April 2015) 47695, BT213 (916) 12009.
    assert northants["reserves_change"].value == (D(5185) - D(47695 + 12009)) / D(47695 + 12009)
    # Sustainability: BU31 + BV31 (1 April 2017: 8481 + 11721) down to 5185 in the year.
    assert northants["reserves_sustainability"].value == D(5185) / (D(8481 + 11721) - D(5185))
    norfolk = all_indicators("2016-17", [council("E10000020").pk])[council("E10000020").pk]
    # RS 2016-17 row 196: H196 125840.7210955262, I196 277996.7687652984, BG196 619776.1952308248, BQ196 331105.
    assert norfolk["social_care_ratio"].value == (D("125840.7210955262") + D("277996.7687652984")) / D("619776.1952308248")
    assert norfolk["council_tax_share"].value == D(331105) / D("619776.1952308248")
    district = all_indicators("2016-17", [council("E07000148").pk])[council("E07000148").pk]  # Norwich
    assert district["social_care_ratio"].value is None and "districts" in district["social_care_ratio"].reason


def test_the_methodology_page_shows_the_figures_measured(resilience):
    page = (all_pages()["resilience"].body_html)
    text = (__import__("pathlib").Path(__file__).parents[2] / "src/riep/methodology/resilience.md").read_text()
    for row in validation_rows():
        assert row in text, row
    assert "Any of the four rules" in page and "false alarm" in page
