"""Portfolio import (all or nothing, idempotent, totals to the penny), who sees what, and the API."""
import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from riep.care.calc import fair_weekly_price, load_rate_card
from riep.care.models import Placement, PlacementImport
from riep.care.services import needs_of
from riep.core.jobs import work
from riep.core.models import Job, JobStatus

pytestmark = pytest.mark.usefixtures("demo")

DEMO_FILE = Path(__file__).resolve().parents[2] / "src" / "riep" / "care" / "demo" / "placements_demo.csv"
KENT_OFFICER = "officer@kent.example"


def _upload(client, content: bytes, name="placements.csv", council=None):
    from riep.registry.models import Organisation

    council = council or Organisation.objects.get(gss_code="E10000016")
    response = client.post("/care/placements/import/", {
        "council": council.pk, "rate_card": "england-2026-27", "file": SimpleUploadedFile(name, content, "text/csv")})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/"), response.content.decode()[:2000]
    assert work(once=True) == 1
    return Job.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))


def test_import_of_the_demo_file_prices_every_placement_and_totals_reconcile(db, client, sign_in, kent):
    Placement.objects.filter(council=kent).delete()
    sign_in(KENT_OFFICER)
    job = _upload(client, DEMO_FILE.read_bytes(), "placements_demo.csv")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["added"] == 25 and job.percent == 100
    assert "25 rows read; 25 placements added, 0 changed" in client.get(f"/jobs/{job.pk}/").content.decode()
    card = load_rate_card("england-2026-27")
    placements = Placement.objects.filter(council=kent)
    assert placements.count() == 25
    for p in placements:  # the portfolio path gives exactly the single-placement price
        price = fair_weekly_price(needs_of(p), card)
        assert (p.fair_weekly_price, p.floor_weekly_price, p.ceiling_weekly_price) == (price.total, price.floor, price.ceiling)
        assert p.rate_card == "england-2026-27" and p.rate_card_vintage == card.vintage
        if p.current_weekly_fee is not None:
            assert p.weekly_gap == p.current_weekly_fee - p.fair_weekly_price
    record = PlacementImport.objects.get(pk=job.result["import_id"])
    assert record.status == "succeeded" and record.rows == 25 and record.uploaded_by.email == KENT_OFFICER
    # The downloaded table: each money column's rows add up to the total row, to the penny.
    text = client.get("/care/placements/", {"download": "placements", "format": "csv"}).getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    body, total = rows[:-1], rows[-1]
    assert len(body) == 25 and total["Person reference"].startswith("Total")
    for column in ("Current weekly fee", "Fair weekly price", "Floor", "Ceiling", "Weekly gap (fee − fair)", "Annual gap (× 52)"):
        assert sum(Decimal(r[column] or "0") for r in body) == Decimal(total[column]), column
    assert Decimal(total["Fair weekly price"]) == record.total_fair_weekly == Decimal("26852.32")
    assert Decimal(total["Current weekly fee"]) == record.total_current_weekly == Decimal("26295.00")
    assert Decimal(total["Weekly gap (fee − fair)"]) == record.total_weekly_gap
    gaps = [Decimal(r["Weekly gap (fee − fair)"]) for r in body if r["Weekly gap (fee − fair)"]]
    assert gaps == sorted(gaps, reverse=True)  # ranked by gap
    xlsx = client.get("/care/placements/", {"download": "placements", "format": "xlsx"})
    assert xlsx.getvalue()[:2] == b"PK"
    filtered = client.get("/care/placements/", {"provider": "Harbour Homes (illustrative)", "service_type": "supported_living_accommodation"})
    assert "4 placements shown" in filtered.content.decode()


def test_an_xlsx_placements_file_imports_the_same_as_the_csv(db, client, sign_in, kent):
    from openpyxl import Workbook

    expected = {p.person_reference: p.fair_weekly_price for p in Placement.objects.filter(council=kent)}
    Placement.objects.filter(council=kent).delete()
    book = Workbook()
    sheet = book.active
    sheet.title = "placements"
    for row in csv.reader(io.StringIO(DEMO_FILE.read_text())):
        sheet.append([cell for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    sign_in(KENT_OFFICER)
    job = _upload(client, buffer.getvalue(), "placements.xlsx")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert {p.person_reference: p.fair_weekly_price for p in Placement.objects.filter(council=kent)} == expected


def test_reimporting_the_same_file_changes_nothing(db, client, sign_in, kent):
    sign_in(KENT_OFFICER)
    before = {p.pk: (p.fair_weekly_price, p.agreed_weekly_fee) for p in Placement.objects.filter(council=kent)}
    history = Placement.history.count()
    job = _upload(client, DEMO_FILE.read_bytes(), "placements_demo.csv")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.result["added"], job.result["changed"], job.result["unchanged"]) == (0, 0, 25)
    assert {p.pk: (p.fair_weekly_price, p.agreed_weekly_fee) for p in Placement.objects.filter(council=kent)} == before
    assert Placement.history.count() == history
    # The negotiated outcome of the demo survives the re-import.
    assert Placement.objects.get(council=kent, person_reference="DEMO-0014").agreed_weekly_fee == Decimal("3950.00")


def test_a_bad_file_reports_every_row_and_field_and_imports_nothing(db, client, sign_in, kent):
    sign_in(KENT_OFFICER)
    lines = DEMO_FILE.read_text().splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("person_reference"))
    bad = lines[: header_at + 2] + [
        "KNT-0100,residential,1000,40,0,0,140,0,,New Home,abc,01/01/2027",  # fee is text
        "Jane Smith,homecare,0,1,7,0,0,0,,Carer,200,01/01/2027",  # a name, not a reference
        "KNT-0102,homecare,10,1,900,0,0,0,,Carer,200,01/01/2027",  # shared core for homecare; 900 h a week
        "KNT-0103,spaceship,0,1,7,0,0,0,,Carer,200,31/02/2027",  # unknown service type; no such date
    ]
    count, history = Placement.objects.count(), Placement.history.count()
    job = _upload(client, ("\n".join(bad) + "\n").encode(), "bad.csv")
    assert job.status == JobStatus.FAILED and job.error.startswith("Nothing was imported: 6 problems in bad.csv.")
    base = header_at + 3  # spreadsheet row numbers (1-based, comments and header counted)
    for expected in (f"Row {base}, current_weekly_fee", f"Row {base + 1}, person_reference", f"Row {base + 2}, one_to_one_hours",
                     f"Row {base + 2}, shared_core_hours", f"Row {base + 3}, service_type", f"Row {base + 3}, review_date"):
        assert expected in job.error, expected
    assert Placement.objects.count() == count and Placement.history.count() == history
    record = PlacementImport.objects.filter(file_name="bad.csv").get()
    assert record.status == "failed" and {(p["row"], p["field"]) for p in record.problems} >= {
        (base, "current_weekly_fee"), (base + 1, "person_reference"), (base + 3, "service_type")}
    assert {(p["row"], p["field"], p["value"]) for p in record.problems} >= {
        (base, "current_weekly_fee", "abc"), (base + 1, "person_reference", "Jane Smith"), (base + 3, "service_type", "spaceship")}
    page = client.get("/care/placements/import/").content.decode()
    assert "Refused" in page and "Why bad.csv was refused" in page
    assert "<td class=\"govuk-table__cell\">spaceship</td>" in page and "is not a service type" in page


def test_only_a_councils_own_officers_import_for_it(db, client, sign_in, norfolk):
    sign_in(KENT_OFFICER)
    response = client.post("/care/placements/import/", {
        "council": norfolk.pk, "rate_card": "england-2026-27", "file": SimpleUploadedFile("p.csv", b"x", "text/csv")})
    assert response.status_code == 200 and "Select the council from the list" in response.content.decode()
    for email in ("manager@iese.example", "reviewer@communities.example", "board@improvementeast.example"):
        sign_in(email)
        assert client.get("/care/placements/import/").status_code == 403


@pytest.fixture
def norfolk_placement(norfolk):
    from riep.care import services

    placement = Placement(council=norfolk, person_reference="NFK-0001", service_type="homecare",
                          one_to_one_hours=Decimal("10"), provider="Broadland Care", current_weekly_fee=Decimal("400.00"))
    services.reprice(placement, load_rate_card("england-2026-27"))
    return placement


def test_who_sees_which_placements(db, client, sign_in, norfolk_placement):
    url = f"/care/placements/{norfolk_placement.pk}/"
    kent_placement = Placement.objects.get(council__gss_code="E10000016", person_reference="DEMO-0001")
    assert client.get(url).status_code == 302 and client.get(url)["Location"].startswith("/accounts/sign-in/")
    sign_in(KENT_OFFICER)
    for path in (url, url + "pack/", url + "pack.pdf", url + "outcome/"):
        assert client.get(path).status_code == 403, path
    assert client.post(url + "outcome/", {"agreed_weekly_fee": "300", "agreed_on": "01/06/2026"}).status_code == 403
    assert "NFK-0001" not in client.get("/care/placements/").content.decode()
    sign_in("officer@norfolk.example")
    assert client.get(url).status_code == 200
    assert client.get(kent_placement.get_absolute_url()).status_code == 403
    # Board members see their partnership's member councils' placements, read-only.
    sign_in("board@improvementeast.example")
    page = client.get(url).content.decode()
    assert "NFK-0001" in page and "Record the negotiated outcome" not in page
    assert client.post(url + "outcome/", {"agreed_weekly_fee": "300", "agreed_on": "01/06/2026"}).status_code == 403
    assert client.get(kent_placement.get_absolute_url()).status_code == 403  # Kent is not in Improvement East
    sign_in("manager@iese.example")
    assert client.get(kent_placement.get_absolute_url()).status_code == 200
    # The government reviewer sees aggregates only.
    sign_in("reviewer@communities.example")
    for path in (url, url + "pack/", url + "pack.pdf", "/care/placements/", kent_placement.get_absolute_url()):
        assert client.get(path).status_code == 403, path
    assert client.get("/care/savings/").status_code == 200
    assert client.get("/care/calculator/needs/").status_code == 200


def _token(email):
    from riep.accounts.models import ApiToken, User

    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(User.objects.get(email=email))[1]}"}


def test_api_price_and_placements(db, client, norfolk_placement):
    body = {"service_type": "residential", "rate_card": "england-2026-27", "shared_core_hours": "1000", "shared_by": 40,
            "waking_night_hours": "140", "provider_fee": "1050"}
    assert client.post("/api/v1/care/price", json.dumps(body), content_type="application/json").status_code == 401
    assert client.get("/api/v1/care/placements").status_code == 401
    reviewer = _token("reviewer@communities.example")
    priced = client.post("/api/v1/care/price", json.dumps(body), content_type="application/json", **reviewer)
    assert priced.status_code == 200, priced.content
    data = priced.json()
    assert Decimal(str(data["fair_weekly_price"])) == Decimal("1172.33")
    assert (Decimal(str(data["floor"])), Decimal(str(data["ceiling"]))) == (Decimal("884.29"), Decimal("1555.94"))
    assert sum(Decimal(str(l["amount"])) for l in data["lines"]) == Decimal("1172.33")
    assert data["lines"][0]["rates"][0]["source"] and data["vintage"].startswith("April 2026")
    assert data["gap"]["is_risk"] is True and Decimal(str(data["gap"]["weekly_gap"])) == Decimal("-122.33")
    bad = client.post("/api/v1/care/price", json.dumps({**body, "service_type": "homecare"}), content_type="application/json", **reviewer)
    assert bad.status_code == 422 and "shared_core_hours" in bad.json()["detail"]
    unknown = client.post("/api/v1/care/price", json.dumps({**body, "rate_card": "mars-2030"}), content_type="application/json", **reviewer)
    assert unknown.status_code == 422
    assert client.get("/api/v1/care/placements", **reviewer).status_code == 403
    assert client.get(f"/api/v1/care/placements/{norfolk_placement.pk}", **reviewer).status_code == 403
    kent = _token(KENT_OFFICER)
    listed = client.get("/api/v1/care/placements", **kent).json()
    assert len(listed) == 25 and {p["council_gss_code"] for p in listed} == {"E10000016"}
    assert client.get(f"/api/v1/care/placements/{norfolk_placement.pk}", **kent).status_code == 403
    one = client.get(f"/api/v1/care/placements/{listed[0]['id']}", **kent).json()
    assert one["person_reference"] == listed[0]["person_reference"] and one["lines"]
    norfolk = _token("officer@norfolk.example")
    assert client.get(f"/api/v1/care/placements/{norfolk_placement.pk}", **norfolk).status_code == 200
