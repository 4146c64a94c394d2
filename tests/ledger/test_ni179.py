"""NI 179 of each demo council and year, against figures worked by hand (issue 9: the demo made plausible).

Demo gains (illustrative), amounts per year as gross − investment − ongoing costs:
  EE-NFK-001 shared Norfolk 0.6 / Suffolk 0.4, realised, first 2008-09, set-up investment 400,000 in 2007-08:
      2008-09: 5,000,000 − 1,500,000 − 400,000 − 400,000 (2007-08 set-up) = 2,700,000 → Norfolk 1,620,000, Suffolk 1,080,000
      2009-10: 11,500,000 − 600,000 = 10,900,000 → Norfolk 6,540,000, Suffolk 4,360,000
      2010-11: 13,000,000 − 600,000 = 12,400,000 → Norfolk 7,440,000, Suffolk 4,960,000
  EE-SFK-001 shared Suffolk 0.4 / Norfolk 0.35 / Cambridgeshire 0.25, first 2008-09 (NI 179 counts it in full,
      whatever the reference case): 2008-09 6,500,000 − 300,000 = 6,200,000 → 2,480,000 / 2,170,000 / 1,550,000;
      2009-10 15,000,000 → 6,000,000 / 5,250,000 / 3,750,000; 2010-11 18,000,000 → 7,200,000 / 6,300,000 / 4,500,000
  EE-<council>-OWN, each council's own programme (net): Norfolk 17.3m, 29.2m, 49.3m; Suffolk 13.2m, 22.6m, 39.3m;
      Cambridgeshire 12.25m, 23.4m, 37.9m
  EE-NFK-002 Norfolk, 2008-09 only: fails persistence → deleted from every year: 0
  EE-NFK-003 Norfolk, non-cashable → never counted: 0
  EE-CAM-001 Cambridgeshire, at risk, first 2009-10: 80,000 − 5,000 = 75,000 a year
Totals (and % of the CSR07 target on the illustrative baselines £640m, £520m, £430m):
  Norfolk        21,090,000 (109.8%)   40,990,000 (105.2%)   63,040,000 (95.9%)
  Suffolk        16,760,000 (107.4%)   32,960,000 (104.1%)   51,460,000 (96.3%)
  Cambridgeshire 13,800,000 (107.0%)   27,225,000 (104.0%)   42,475,000 (96.2%)
"""
from decimal import Decimal

import pytest

from riep.ledger.calc.ni179 import ReasonCode
from riep.ledger.services import ni179_for_council

from .conftest import FY, council

EXPECTED = {
    "E10000020": {2008: "21090000.00", 2009: "40990000.00", 2010: "63040000.00"},
    "E10000029": {2008: "16760000.00", 2009: "32960000.00", 2010: "51460000.00"},
    "E10000003": {2008: "13800000.00", 2009: "27225000.00", 2010: "42475000.00"},
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
    assert by_gain["EE-NFK-001"].counted == Decimal("1620000.00")


def test_return_page_shows_persistence_failure_and_total(as_user):
    client = as_user("board@improvementeast.example")
    page = client.get("/ledger/ni179/E10000020/2008-09/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "£21,090,000" in text
    assert "Not ongoing" in text and "EE-NFK-002" in text


def test_return_exports_csv_and_xlsx(as_user):
    client = as_user("board@improvementeast.example")
    csv = client.get("/ledger/ni179/E10000029/2009-10/?export=csv")
    body = csv.getvalue()
    assert csv.status_code == 200 and b"32960000.00" in body and b"104.1%" in body
    xlsx = client.get("/ledger/ni179/E10000029/2009-10/?export=xlsx")
    assert xlsx.getvalue()[:2] == b"PK"
