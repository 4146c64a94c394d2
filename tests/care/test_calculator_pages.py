"""The step-by-step calculator, the placement page, the negotiation pack and recording an outcome."""
from decimal import Decimal

import pytest

from riep.care.models import Placement
from riep.ledger.models import EfficiencyGain

pytestmark = pytest.mark.usefixtures("demo")

KENT_OFFICER = "officer@kent.example"


def _placement(reference):
    return Placement.objects.get(council__gss_code="E10000016", person_reference=reference)


def test_commissioner_prices_a_placement_step_by_step(db, client, sign_in):
    sign_in(KENT_OFFICER)
    start = client.get("/care/")
    assert start.status_code == 302 and start["Location"] == "/care/calculator/needs/"
    # Later steps send you back to the start until the needs are given.
    assert client.get("/care/calculator/result/")["Location"] == "/care/calculator/needs/"
    page = client.get("/care/calculator/needs/").content.decode()
    assert "Step 1 of 4" in page and 'name="service_type"' in page
    step1 = client.post("/care/calculator/needs/", {"service_type": "residential", "shared_core_hours": "1000",
                                                   "shared_by": "40", "waking_night_hours": "140"})
    assert step1.status_code == 302 and step1["Location"] == "/care/calculator/rate-card/"
    assert "england-2026-27" in client.get("/care/calculator/rate-card/").content.decode()
    step2 = client.post("/care/calculator/rate-card/", {"rate_card": "england-2026-27"})
    assert step2["Location"] == "/care/calculator/costs/"
    step3 = client.post("/care/calculator/costs/", {"provider_fee": "1050"})
    assert step3["Location"] == "/care/calculator/result/"
    result = client.get("/care/calculator/result/").content.decode()
    for text in ("Fair weekly price £1,172.33", "Range £884.29 to £1,555.94", "Shared core support", "1000 h ÷ 40 × £17.7124",
                 "Waking nights", "Head office", "Return on operations", "April 2026 (uplifted from April 2025)",
                 "HMRC", "Rates used, with source and vintage", "−£122.33", "Risk: fee below the fair price", "not a saving",
                 "The fee is £122.33 a week below the fair price"):
        assert text in result, text
    assert "saving of" not in result.lower()
    assert "fee is −£" not in result and "govuk-panel--confirmation" not in result  # a risk is not a green panel
    assert "<dd class=\"govuk-summary-list__value\">1,000</dd>" in result and "1000.0000" not in result  # your answers
    csv = client.get("/care/calculator/result/", {"download": "breakdown", "format": "csv"}).getvalue().decode("utf-8-sig").splitlines()
    amounts = [Decimal(line.rsplit(",", 1)[1]) for line in csv[1:-1]]
    assert sum(amounts) == Decimal(csv[-1].rsplit(",", 1)[1]) == Decimal("1172.33")


def test_calculator_reports_bad_needs_by_field(db, client, sign_in):
    sign_in(KENT_OFFICER)
    response = client.post("/care/calculator/needs/", {"service_type": "homecare", "shared_core_hours": "10",
                                                      "one_to_one_hours": "abc", "shared_by": "0"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert 'href="#id_one_to_one_hours"' in page and "must be a number" in page
    assert 'href="#id_shared_by"' in page
    again = client.post("/care/calculator/needs/", {"service_type": "homecare", "shared_core_hours": "10"}).content.decode()
    assert "has no shared core hours" in again and 'href="#id_shared_core_hours"' in again


def test_placement_page_and_negotiation_pack(db, client, sign_in):
    sign_in(KENT_OFFICER)
    placement = _placement("DEMO-0001")
    page = client.get(f"/care/placements/{placement.pk}/").content.decode()
    for text in ("DEMO-0001", "Oakfield House", "£1,172.33", "£884.29 to £1,555.94", "not a saving", "Record the negotiated outcome",
                 "Audit trail"):
        assert text in page, text
    pack = client.get(f"/care/placements/{placement.pk}/pack/").content.decode()
    assert "Negotiation pack" in pack and "Assumptions" in pack and "1000 h ÷ 40" in pack
    pdf = client.get(f"/care/placements/{placement.pk}/pack.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_recording_an_agreed_fee_puts_the_saving_in_the_ledger(db, client, sign_in):
    sign_in(KENT_OFFICER)
    placement = _placement("DEMO-0013")  # £2,600 a week, fair £2,247.10
    bad = client.post(f"/care/placements/{placement.pk}/outcome/", {"agreed_weekly_fee": "-1", "agreed_on": "31/02/2026"})
    assert "There is a problem" in bad.content.decode() and "Enter a real date" in bad.content.decode()
    response = client.post(f"/care/placements/{placement.pk}/outcome/", {"agreed_weekly_fee": "2450.00", "agreed_on": "01/06/2026"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.agreed_weekly_fee == Decimal("2450.00") and placement.ledger_gain is not None
    gain = EfficiencyGain.objects.get(pk=placement.ledger_gain_id)
    assert gain.reference == f"CARE-E10000016-{placement.pk}" and gain.cash_releasing and gain.status == "realised"
    assert "fair price negotiation" in gain.evidence_method.lower() and f"/care/placements/{placement.pk}/pack/" in gain.evidence_method
    # An ongoing saving (issue 9 item 1): £150 a week for the rate card's 3 years from 1 June 2026 = 156 weeks:
    # 2026-27 43 weeks (304 days to 31 March ÷ 7 = 43.4), then 52, 52, and the 9 left in 2029-30.
    years = [(y.year.label, y.gross_saving) for y in gain.years.all()]
    assert years == [("2026-27", Decimal("6450.00")), ("2027-28", Decimal("7800.00")), ("2028-29", Decimal("7800.00")),
                     ("2029-30", Decimal("1350.00"))]
    document = gain.documents.get()
    assert document.title.startswith("Negotiation pack: placement DEMO-0013") and document.file.read().startswith(b"%PDF")
    page = client.get(f"/care/placements/{placement.pk}/").content.decode()
    assert gain.reference in page and "£7,800.00 a year" in page
    # Changing the agreed fee changes the same gain as a new version; a fee that is not lower withdraws it.
    client.post(f"/care/placements/{placement.pk}/outcome/", {"agreed_weekly_fee": "2400", "agreed_on": "01/06/2026"})
    gain.refresh_from_db()
    assert gain.version == 2 and gain.years.get(year=2027).gross_saving == Decimal("10400.00")
    client.post(f"/care/placements/{placement.pk}/outcome/", {"agreed_weekly_fee": "2600", "agreed_on": "01/06/2026"})
    gain.refresh_from_db()
    assert gain.status == "withdrawn"


def test_partnership_sees_negotiated_savings_by_council(db, client, sign_in):
    sign_in("manager@iese.example")
    page = client.get("/care/savings/", {"partnership": "SE"}).content.decode()
    assert "Kent County Council" in page and "£44,200" in page
    csv = client.get("/care/savings/", {"partnership": "SE", "download": "savings", "format": "csv"}).getvalue().decode("utf-8-sig")
    assert "Kent County Council,1,850.00,44200.00,1" in csv
    sign_in("reviewer@communities.example")
    assert "£44,200" in client.get("/care/savings/").content.decode()  # aggregates only
    sign_in("board@improvementeast.example")
    assert client.get("/care/savings/", {"partnership": "SE"}).status_code == 403


def test_the_reviewer_may_price_but_is_offered_no_placements(db, client, sign_in):
    """Scope (issue 15): the calculator is rate-card arithmetic with no person-level data, so the aggregate-only
    reviewer may use it from the menu; placements are refused on the page and never offered on the way."""
    sign_in("reviewer@communities.example")
    page = client.get("/care/calculator/needs/").content.decode()
    assert client.get("/care/calculator/needs/").status_code == 200 and "/care/placements/" not in page
    assert client.get("/care/placements/").status_code == 403
    assert "/care/placements/" not in client.get("/").content.decode()  # nor on their starting page
