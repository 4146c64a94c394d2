"""The reorganisation pages on the demo: Durham's two assumption sets with ranges and council tax paths, edits
with history, bad input refused with nothing saved, the shared service in the ledger, the capacity pool."""
from decimal import Decimal

import pytest

from riep.ledger.models import EfficiencyGain
from riep.portfolio.models import Project
from riep.reorg.models import Assumption, CapacityPlacement, CapacityPool, Scenario
from riep.reorg.services.pool import proposal as propose

pytestmark = pytest.mark.usefixtures("demo")
MANAGER_EE, MANAGER_NE_NONE = "manager@improvementeast.example", "manager@iese.example"
ADMIN = "admin@riep.example"


def test_durham_shows_both_assumption_sets_with_ranges_and_council_tax_paths(db, client, sign_in):
    sign_in("reviewer@communities.example")
    page = client.get("/reorg/scenarios/durham-2009/").content.decode()
    for text in ("Councils&#x27; case: about £21m a year", "Government assessment: more than £11m a year",
                 "NPV P10", "NPV P90", "what moves the NPV most", "To the weighted average Band D",
                 "Income foregone", "Illustrative figures", "<svg role=\"img\""):
        assert text in page, text
    # the councils' case at full savings: £1,185m × 1.77% = £20,974,500 a year; the government's 0.93%: £11,020,500
    assert "£20,974,500" in page and "£11,020,500" in page
    csv = client.get("/reorg/scenarios/durham-2009/", {"download": "harmonisation-yield", "format": "csv"})
    text = csv.getvalue().decode("utf-8-sig")
    assert "Income foregone" in text and "To the lowest Band D" in text


def test_changing_an_assumption_keeps_its_history_and_refuses_low_above_high(db, client, sign_in):
    sign_in(ADMIN)
    a = Assumption.objects.get(assumption_set__scenario__slug="durham-2009", key="back-office",
                               assumption_set__position=1)
    bad = client.post(f"/reorg/assumptions/{a.pk}/", {"low": "0.9", "central": "0.5", "high": "0.6",
                                                      "source_note": "x", "reason": "test"})
    assert bad.status_code == 200 and "above the high" in bad.content.decode()
    a.refresh_from_db()
    assert a.low == Decimal("0.15") and a.history.count() == 1  # nothing saved
    ok = client.post(f"/reorg/assumptions/{a.pk}/", {"low": "0.2", "central": "0.4", "high": "0.6",
                                                     "source_note": "Audit Commission review", "reason": "New evidence"})
    assert ok.status_code == 302
    a.refresh_from_db()
    assert a.central == Decimal("0.4") and a.history.count() == 2
    history = client.get(f"/reorg/assumptions/{a.pk}/").content.decode()
    assert "New evidence" in history and "Audit Commission review" in history


def test_council_tax_plan_over_seven_years_or_over_the_limit_is_refused(db, client, sign_in):
    sign_in("admin@riep.example")
    s = Scenario.objects.get(slug="durham-2009")
    page = client.post("/reorg/scenarios/durham-2009/council-tax/", {"tax_target": "highest", "tax_years": "8",
                                                                      "referendum_limit": "4.99"})
    assert "year 8" in page.content.decode()
    page = client.post("/reorg/scenarios/durham-2009/council-tax/", {"tax_target": "highest", "tax_years": "1",
                                                                      "referendum_limit": "2"})
    assert "breaks the referendum limit" in page.content.decode()
    s.refresh_from_db()
    assert (s.tax_target, s.tax_years) == ("weighted_average", 3)
    ok = client.post("/reorg/scenarios/durham-2009/council-tax/", {"tax_target": "lowest", "tax_years": "4",
                                                                    "referendum_limit": "4.99"})
    assert ok.status_code == 302
    s.refresh_from_db()
    assert (s.tax_target, s.tax_years) == ("lowest", 4)


def test_the_shared_service_realised_saving_is_in_the_ledger(db, client, sign_in):
    gain = EfficiencyGain.objects.get(reference="SHARED-norfolk-finance-payroll-2012")
    assert gain.cash_releasing and gain.status == "realised" and gain.council.name.startswith("Broadland")
    assert sum(Decimal(s.share) for s in gain.shares.all()) == 1
    assert gain.years.get().gross_saving == Decimal("905000.00")
    assert "/reorg/shared-services/norfolk-finance-payroll/" in gain.evidence_method
    document = gain.documents.get()
    assert document.title.startswith("Shared-service business case") and document.file.name.endswith(".xlsx")
    sign_in(MANAGER_EE)
    page = client.get("/reorg/shared-services/norfolk-finance-payroll/").content.decode()
    assert "cash released for frontline services" in page.lower() and "SHARED-norfolk-finance-payroll-2012" in page
    again = client.post("/reorg/shared-services/norfolk-finance-payroll/", {"year": "2008-09", "amount": "100"})
    assert "not live in 2008-09" in again.content.decode()


def test_capacity_pool_proposes_and_agrees_a_placement_as_a_project(db, client, sign_in):
    sign_in(MANAGER_EE)
    page = client.get("/reorg/capacity-pools/ee-growth-areas/").content.decode()
    assert "Proposed placements" in page and "Norwich" in page
    pool_page = client.get("/reorg/capacity-pools/ee-growth-areas/", {"download": "proposal", "format": "csv"})
    proposal = pool_page.getvalue().decode("utf-8-sig").splitlines()
    assert len(proposal) >= 2
    offer, request, _ = propose(CapacityPool.objects.get())[0]
    done = client.post("/reorg/capacity-pools/ee-growth-areas/", {"offer": offer.pk, "request": request.pk,
                                                                   "recharge_per_day": "325.00"})
    assert done.status_code == 302
    placement = CapacityPlacement.objects.get(offer=offer)
    assert placement.recharge_per_day == Decimal("325.00")
    project = Project.objects.get(pk=placement.project_id)
    assert project.partnership.code == "EE" and "£325.00 a day" in project.description
    code = request.council.gss_code
    assert f"/performance/councils/{code}/indicators/NI157/" in project.description
    after = client.get("/reorg/capacity-pools/ee-growth-areas/").content.decode()
    assert f"/performance/councils/{code}/indicators/NI157/" in after and project.code in after


def test_harmonisation_calculator_page(db, client, sign_in):
    sign_in("board@improvementeast.example")
    page = client.get("/reorg/harmonise/", {"band_d": "1000,1100,1300", "tax_base": "100,200,100", "years": "2",
                                            "referendum_limit": "4.99"}).content.decode()
    assert "£1,125.00" in page and "breaks the referendum limit" in page
    bad = client.get("/reorg/harmonise/", {"band_d": "1000,1100", "tax_base": "100,-5", "years": "2"}).content.decode()
    assert "must not be negative" in bad


def test_scope_board_member_of_another_partnership_and_read_only_roles(db, client, sign_in):
    sign_in(MANAGER_NE_NONE)  # IESE (South East) manager: not NE's Durham nor EE's models
    assert client.get("/reorg/scenarios/durham-2009/").status_code == 403
    assert client.get("/reorg/shared-services/norfolk-finance-payroll/").status_code == 403
    sign_in("board@improvementeast.example")  # sees EE's models, changes nothing
    assert client.get("/reorg/scenarios/bedfordshire-2009/").status_code == 200
    a = Assumption.objects.filter(assumption_set__scenario__slug="bedfordshire-2009").first()
    assert client.post(f"/reorg/assumptions/{a.pk}/", {"low": "1", "central": "1", "high": "1", "source_note": "x",
                                                       "reason": "y"}).status_code == 403
    client.logout()
    assert client.get("/reorg/").status_code == 302


def test_band_d_and_tax_base_imported_from_a_csv_all_or_nothing(db, client, sign_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from riep.core.jobs import work
    from riep.core.models import Job, JobStatus

    sign_in(ADMIN)

    def upload(content: bytes):
        response = client.post("/reorg/scenarios/bedfordshire-2009/council-tax/import/",
                               {"file": SimpleUploadedFile("council-tax.csv", content, "text/csv")})
        assert response.status_code == 302 and response["Location"].startswith("/jobs/")
        assert work(once=True) == 1
        return Job.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))

    bad = upload(b"council,band_d,tax_base\n09UC,1400.00,-5\nNowhere,1,1\n")
    assert bad.status == JobStatus.FAILED and "must not be negative" in bad.error and "Nowhere" in bad.error
    entry = Scenario.objects.get(slug="bedfordshire-2009").predecessors.get(council__snac_code="09UC")
    assert entry.band_d == Decimal("1395.00")  # nothing saved
    good = upload(b"council,band_d,tax_base\n09UC,1401.50,52100\nE06000055,1420.00,56000\n")
    assert good.status == JobStatus.SUCCEEDED and good.result["changed"] == 1 and good.result["unchanged"] == 1
    entry.refresh_from_db()
    assert (entry.band_d, entry.tax_base) == (Decimal("1401.50"), Decimal("52100.00"))


def test_procurement_lincolnshire_worked_case_page(db, client, sign_in):
    sign_in("reviewer@communities.example")
    page = client.get("/reorg/shared-services/procurement-lincolnshire/").content.decode()
    # £3.5m a year (so £10.5m over 2008–11) on £148,000: payback 0.04 years; £18,500 set-up and £437,500 a year each
    for text in ("£3,500,000", "£148,000", "0.04", "£18,500", "£437,500"):
        assert text in page, text


def test_a_placement_outside_every_funding_period_is_refused_naming_the_dates(db, client, sign_in):
    """Its project would run outside its funding period, which no project may (riep.portfolio.forms)."""
    import datetime as dt

    sign_in(MANAGER_EE)
    offer, request, _ = propose(CapacityPool.objects.get())[0]
    for side in (offer, request):
        side.start, side.end = dt.date(2026, 4, 1), dt.date(2027, 3, 31)
        side.save()
    before = Project.objects.count()
    refused = client.post("/reorg/capacity-pools/ee-growth-areas/", {"offer": offer.pk, "request": request.pk,
                                                                      "recharge_per_day": "325.00"}, follow=True)
    text = refused.content.decode()
    assert "No funding period of Improvement East covers the placement (1 April 2026 to 31 March 2027)" in text
    assert "1 April 2008 to 31 March 2011" in text
    assert not CapacityPlacement.objects.filter(offer=offer).exists() and Project.objects.count() == before
