"""Indicators from RS lines, worked by hand; unavailable indicators give their reason."""
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from riep.resilience.calc.indicators import INDICATORS, compute
from riep.resilience.calc.rules import Rule, changes, flags
from riep.resilience.calc.validation import Event, validate


def lines(**kw):
    base = {"RS-805": D(1000), "RS-890": D(400), "RS-330": D(150), "RS-360": D(250), "RS-781": D(50), "RS-783": D(-10),
            "RS-915-1apr": D(200), "RS-916-1apr": D(50), "RS-915-31mar": D(150), "RS-916-31mar": D(50)}
    base.update({k.replace("_", "-"): v for k, v in kw.items()})
    return base


def test_worked_example():
    found = compute("2017-18", {"2015-16": lines(**{"RS-915-1apr": D(300), "RS-916-1apr": D(100)}),
                                "2017-18": lines()}, upper_tier=True)
    assert found["reserves_level"].value == D("0.2")  # (150 + 50) / 1000
    assert found["unallocated_reserves"].value == D("0.05")
    assert found["reserves_sustainability"].value == D(4)  # 200 left, falling 50 a year
    assert found["reserves_change"].value == D("-0.5")  # 400 at 1 April 2015 to 200 at 31 March 2018
    assert found["council_tax_share"].value == D("0.4") and found["social_care_ratio"].value == D("0.4")
    assert found["interest_share"].value == D("0.04")  # (50 - 10) / 1000: the HRA's share of interest left out


def test_unavailable_with_reasons():
    found = compute("2016-17", {"2016-17": lines(**{"RS-805": D(0)})}, upper_tier=False)
    assert found["reserves_level"].status == "unavailable" and "net revenue expenditure is 0" in found["reserves_level"].reason
    assert "districts do not provide social care" in found["social_care_ratio"].reason
    assert "needs the 2014-15 return" in found["reserves_change"].reason
    assert "RO1–RO6" in found["fees_and_charges"].reason
    assert compute("2016-17", {}, True)["reserves_level"].reason == "no 2016-17 revenue outturn return on record"
    growing = compute("2016-17", {"2016-17": lines(**{"RS-915-31mar": D(500)})}, True)["reserves_sustainability"]
    assert growing.status == "not depleting" and growing.value is None
    assert {i.key for i in INDICATORS} == set(found)


def test_rules_and_changes():
    rule = Rule("low", "Sustainability under five years", "reserves_sustainability", "below", D(5))
    this_year = flags([rule], compute("2017-18", {"2017-18": lines()}, True))
    assert [f.rule for f in this_year] == ["low"]
    last_year = flags([rule], compute("2016-17", {"2016-17": lines(**{"RS-915-31mar": D(500)})}, True))
    assert last_year == [] and changes(this_year, last_year).new == ("low",)
    assert changes([], this_year).cleared == ("low",)


def test_validation_counts_hits_lead_times_and_false_alarms():
    import datetime as dt

    flagged = {1: {"2015-16"}, 2: {"2017-18"}, 3: {"2016-17"}}
    events = [Event(1, "A", "s114", dt.date(2018, 2, 2)), Event(2, "B", "s114", dt.date(2017, 6, 1)),
              Event(9, "Not assessed", "s114", dt.date(2020, 1, 1))]
    result = validate("rule", flagged, {1, 2, 3, 4}, events)
    assert [h.name for h in result.hits] == ["A"] and result.hits[0].lead_years == D("1.8")
    assert [m.name for m in result.misses] == ["B"]  # flagged only after its event: a miss
    assert result.flagged_without_event == 1 and result.false_alarm_rate == D(1) / 2 and result.events == 2


TOLERANCE = D("1e-20")  # Decimal division keeps 28 significant digits


@given(st.decimals(min_value=1, max_value=10**6, places=0), st.decimals(min_value=0, max_value=10**6, places=0),
       st.decimals(min_value=0, max_value=10**6, places=0))
def test_sustainability_is_years_of_cover(nre, opening, closing):
    found = compute("2016-17", {"2016-17": lines(**{"RS-805": nre, "RS-915-1apr": opening, "RS-916-1apr": D(0),
                                                    "RS-915-31mar": closing, "RS-916-31mar": D(0)})}, True)
    sustainability = found["reserves_sustainability"]
    if closing >= opening:
        assert sustainability.status == "not depleting"
    else:
        assert abs(sustainability.value * (opening - closing) - closing) <= TOLERANCE * max(closing, 1)
    assert abs(found["reserves_level"].value * nre - closing) <= TOLERANCE * max(closing, 1)
