"""Pages, permissions, the sign-off workflow and locking."""
from decimal import Decimal

import pytest

from riep.ledger.models import EfficiencyGain, Ni179Return, ReturnStatus

from .conftest import FY, council

NORFOLK_OFFICER = "officer@norfolk.example"
KENT_OFFICER = "officer@kent.example"
EE_MANAGER = "manager@improvementeast.example"
SE_MANAGER = "manager@iese.example"


def _form(gain_ref="EE-NFK-009", council_pk=None, **extra):
    data = {
        "reference": gain_ref, "council": council_pk, "service_area": "Waste", "category": "procurement",
        "description": "Joint waste contract", "cash_releasing": "on", "service_quality_maintained": "on",
        "status": "realised", "first_year": "2009-10", "gross_saving_2009": "50000", "ongoing_costs_2009": "1000",
        "gross_saving_2010": "50000", "gross_saving_2011": "50000",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("url", ["/ledger/", "/ledger/gains/EE-NFK-001/", "/ledger/ni179/E10000020/2008-09/",
                                 "/ledger/partnerships/EE/trajectory/", "/ledger/gains/new/"])
def test_anonymous_is_sent_to_sign_in(client, ledger, url):
    response = client.get(url)
    assert response.status_code == 302 and "sign-in" in response["Location"] or "login" in response["Location"]


def test_pages_render_with_tables_and_downloads(as_user):
    client = as_user(EE_MANAGER)
    for url in ["/ledger/", "/ledger/?partnership=EE&status=realised", "/ledger/gains/EE-NFK-001/",
                "/ledger/partnerships/EE/trajectory/", "/ledger/gains/new/", "/ledger/gains/EE-SFK-001/edit/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/ledger/gains/EE-NFK-001/").content.decode()
    assert "Versions and reasons" in page and "Norfolk" in page
    assert client.get("/ledger/?download=gains&format=csv").getvalue().startswith(b"\xef\xbb\xbfGain,")
    assert client.get("/ledger/partnerships/EE/trajectory/?download=trajectory&format=xlsx").getvalue()[:2] == b"PK"


def test_council_officer_records_a_gain_for_own_council_only(as_user):
    client = as_user(NORFOLK_OFFICER)
    norfolk, kent = council("E10000020"), council("E10000016")
    refused = client.post("/ledger/gains/new/", _form(council_pk=kent.pk))
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    assert not EfficiencyGain.objects.filter(reference="EE-NFK-009").exists()
    created = client.post("/ledger/gains/new/", _form(council_pk=norfolk.pk))
    assert created.status_code == 302
    gain = EfficiencyGain.objects.get(reference="EE-NFK-009")
    assert gain.years.count() == 3 and gain.history.count() == 1


def test_form_errors_use_the_error_summary(as_user):
    client = as_user(NORFOLK_OFFICER)
    response = client.post("/ledger/gains/new/", _form(council_pk=council("E10000020").pk, first_year="2009", gross_saving_2009="lots"))
    text = response.content.decode()
    assert "There is a problem" in text and "Enter the 2009-10 gross saving in pounds and pence, like £12,500 or 12500.50" in text


def test_officer_of_another_council_gets_403(as_user):
    client = as_user(KENT_OFFICER)
    assert client.get("/ledger/gains/EE-SFK-001/edit/").status_code == 403
    assert client.post("/ledger/ni179/E10000029/2009-10/submit/").status_code == 403
    assert client.post("/ledger/ni179/E10000029/2008-09/validate/").status_code == 403
    # a programme manager of another partnership cannot validate either
    other = as_user(SE_MANAGER)
    assert other.post("/ledger/ni179/E10000029/2008-09/validate/").status_code == 403


def test_board_member_cannot_record(as_user):
    client = as_user("board@improvementeast.example")
    assert client.get("/ledger/gains/new/").status_code == 403


def test_submit_validate_locks_and_reopen_makes_a_new_version(as_user):
    officer = as_user("officer@norfolk.example")
    # Submitting needs the declaration: without it, the person is sent to the check-your-answers page, nothing changes.
    response = officer.post("/ledger/ni179/E10000020/2009-10/submit/")
    assert response.status_code == 302 and response["Location"].endswith("/ledger/ni179/E10000020/2009-10/check/")
    assert Ni179Return.objects.get(council__gss_code="E10000020", year=FY(2009)).status == ReturnStatus.RETURNED
    assert officer.post("/ledger/ni179/E10000020/2009-10/submit/", {"declaration": "yes"}).status_code == 302
    ret = Ni179Return.objects.get(council__gss_code="E10000020", year=FY(2009))
    assert ret.status == ReturnStatus.SUBMITTED
    manager = as_user(EE_MANAGER)
    assert manager.post("/ledger/ni179/E10000020/2009-10/validate/").status_code == 302
    ret.refresh_from_db()
    assert ret.locked and ret.validated_total == Decimal("40990000.00")
    assert manager.post("/ledger/ni179/E10000020/2009-10/reopen/", {"reason": ""}).status_code == 409
    assert manager.post("/ledger/ni179/E10000020/2009-10/reopen/", {"reason": "Audit found a double count"}).status_code == 302
    ret.refresh_from_db()
    assert not ret.locked and ret.version == 2 and ret.history.count() >= 3


def test_send_back_needs_a_reason(as_user):
    manager = as_user(EE_MANAGER)
    assert manager.post("/ledger/ni179/E10000029/2008-09/send-back/", {"reason": ""}).status_code == 409
    assert manager.post("/ledger/ni179/E10000029/2008-09/send-back/", {"reason": "Evidence missing"}).status_code == 302
    assert Ni179Return.objects.get(council__gss_code="E10000029", year=FY(2008)).status == ReturnStatus.RETURNED


def test_locked_return_refuses_page_edit_with_clear_message(as_user):
    # Norfolk's 2008-09 return is validated in the demo; EE-NFK-001 is a 2008-09 gain shared with Suffolk.
    client = as_user(EE_MANAGER)
    gain = EfficiencyGain.objects.get(reference="EE-NFK-001")
    data = _form(council_pk=gain.council_id, first_year="2008-09", change_reason="Correct the 2008-09 figure",
                 shares="E10000020=0.6; E10000029=0.4", investment_2007="400000", gross_saving_2008="5100000",
                 investment_2008="1500000", ongoing_costs_2008="400000", gross_saving_2009="11500000",
                 ongoing_costs_2009="600000", gross_saving_2010="13000000", ongoing_costs_2010="600000",
                 gross_saving_2011="13000000", ongoing_costs_2011="600000")
    data.update(service_area=gain.service_area, category=gain.category, description=gain.description)
    response = client.post("/ledger/gains/EE-NFK-001/edit/", data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "validated" in text and "locked" in text and "2008-09" in text
    assert gain.years.get(year=FY(2008)).gross_saving == Decimal("5000000.00")


def test_edit_needs_a_reason_and_keeps_versions(as_user):
    client = as_user("officer@kent.example")
    client = as_user("manager@improvementeast.example")
    gain = EfficiencyGain.objects.get(reference="EE-CAM-001")
    base = {"council": gain.council_id, "service_area": gain.service_area, "category": gain.category,
            "description": gain.description, "cash_releasing": "on", "service_quality_maintained": "on",
            "status": "realised", "first_year": "2009-10", "evidence_level": "1",
            "gross_saving_2009": "80000", "ongoing_costs_2009": "5000", "gross_saving_2010": "80000",
            "ongoing_costs_2010": "5000", "gross_saving_2011": "80000", "ongoing_costs_2011": "5000"}
    no_reason = client.post("/ledger/gains/EE-CAM-001/edit/", base)
    assert "Enter" in no_reason.content.decode() or "required" in no_reason.content.decode()
    ok = client.post("/ledger/gains/EE-CAM-001/edit/", {**base, "change_reason": "Landlord accepted the break clause"})
    assert ok.status_code == 302
    gain.refresh_from_db()
    assert gain.status == "realised" and gain.version == 2
    page = client.get("/ledger/gains/EE-CAM-001/").content.decode()
    assert "Landlord accepted the break clause" in page and "changed status from At risk to Realised on " in page


def test_every_ledger_url_and_api_operation_declares_a_permission():
    from riep.core.permissions import declared_permission
    from riep.ledger import urls
    from riep.ledger.api import router

    for pattern in urls.urlpatterns:
        assert declared_permission(pattern.callback), pattern.name
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            assert getattr(operation.view_func, "riep_permission", None), operation.view_func.__name__
