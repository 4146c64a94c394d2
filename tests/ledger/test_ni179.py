"""NI 179 of each demo council and year, against figures worked by hand.

Demo gains (illustrative), amounts per year as gross − investment − ongoing costs:
  EE-NFK-001 shared Norfolk 0.6 / Suffolk 0.4, realised, first 2008-09:
      2008-09: 250,000 − 80,000 − 20,000 = 150,000   → Norfolk 90,000.00, Suffolk 60,000.00
      2009-10: 300,000 −      0 − 25,000 = 275,000   → Norfolk 165,000.00, Suffolk 110,000.00
      2010-11: 300,000 −      0 − 25,000 = 275,000   → Norfolk 165,000.00, Suffolk 110,000.00
  EE-NFK-002 Norfolk, 2008-09 only: 120,000 − 10,000 = 110,000, nothing in 2009-10 or 2010-11
      → fails persistence (needs positive net in both) → deleted from every year: 0
  EE-NFK-003 Norfolk, non-cashable 90,000 a year → never counted: 0
  EE-SFK-001 Suffolk, first 2009-10 (heavy reference case; NI 179 counts the net saving in full):
      2009-10: 200,000 − 30,000 = 170,000; 2010-11: 210,000; 2011-12 (forecast): 210,000
  EE-CAM-001 Cambridgeshire, at risk, first 2009-10: 80,000 − 5,000 = 75,000 a year
Totals:
  Norfolk        2008-09  90,000.00   2009-10 165,000.00   2010-11 165,000.00
  Suffolk        2008-09  60,000.00   2009-10 280,000.00 (110,000 + 170,000)   2010-11 320,000.00 (110,000 + 210,000)
  Cambridgeshire 2008-09       0.00   2009-10  75,000.00   2010-11  75,000.00
"""
from decimal import Decimal

import pytest

from riep.ledger.calc.ni179 import ReasonCode
from riep.ledger.services import ni179_for_council

from .conftest import FY, council

EXPECTED = {
    "E10000020": {2008: "90000.00", 2009: "165000.00", 2010: "165000.00"},
    "E10000029": {2008: "60000.00", 2009: "280000.00", 2010: "320000.00"},
    "E10000003": {2008: "0.00", 2009: "75000.00", 2010: "75000.00"},
}


@pytest.mark.parametrize("gss,year", [(g, y) for g, years in EXPECTED.items() for y in years])
def test_ni179_matches_hand_computed_figures(ledger, gss, year):
    result = ni179_for_council(council(gss), FY(year))
    assert result.total == Decimal(EXPECTED[gss][year])


def test_persistence_failure_and_non_cashable_are_excluded_with_reasons(ledger):
    result = ni179_for_council(council("E10000020"), FY(2008))
    by_gain = {line.gain_id: line for line in result.lines}
    assert not by_gain["EE-NFK-002"].included
    assert ReasonCode.FAILS_PERSISTENCE in {r.code for r in by_gain["EE-NFK-002"].reasons}
    assert ReasonCode.NON_CASHABLE in {r.code for r in by_gain["EE-NFK-003"].reasons}
    assert by_gain["EE-NFK-001"].counted == Decimal("90000.00")


def test_return_page_shows_persistence_failure_and_total(as_user):
    client = as_user("board@improvementeast.example")
    page = client.get("/ledger/ni179/E10000020/2008-09/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "£90,000" in text
    assert "Not ongoing" in text and "EE-NFK-002" in text


def test_return_exports_csv_and_xlsx(as_user):
    client = as_user("board@improvementeast.example")
    csv = client.get("/ledger/ni179/E10000029/2009-10/?export=csv")
    assert csv.status_code == 200 and b"280000.00" in csv.getvalue()
    xlsx = client.get("/ledger/ni179/E10000029/2009-10/?export=xlsx")
    assert xlsx.getvalue()[:2] == b"PK"
