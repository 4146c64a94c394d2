"""The additionality choice page: programme managers of the project's partnership choose; others only see."""
import pytest

from riep.ledger.models import AdditionalityChoice

MANAGER = "manager@improvementeast.example"
URL = "/ledger/projects/ee-reorganisation-support/additionality/"
NEW_URL = "/ledger/projects/ee-aspire2perform/additionality/"


def _post(**extra):
    data = {"parameter_set": "shared_service_some_cost_shift", "attribution": "0.8",
            "attribution_reason": "Councils' own teams did part of the work", "change_reason": "Board review"}
    data.update(extra)
    return data


def test_page_shows_sets_values_sources_and_verify_flag(as_user):
    page = as_user("officer@norfolk.example").get(URL).content.decode()
    assert "Additionality of" in page and "Collaborative procurement against national framework price" in page
    assert "English Partnerships, Additionality Guide" in page and "Verify against the Guide" in page
    assert "Only a programme manager" in page and "Save the additionality choice" not in page
    assert "Every version of the additionality choice" in page


def test_linked_from_the_ledger_and_the_gain_page(as_user):
    client = as_user(MANAGER)
    assert URL in client.get("/ledger/").content.decode()
    assert URL in client.get("/ledger/gains/EE-NFK-001/").content.decode()
    csv = client.get(URL + "?download=parameter-sets&format=csv")
    assert csv.status_code == 200 and csv.getvalue().startswith(b"\xef\xbb\xbfParameter set,")  # BOM first


@pytest.mark.parametrize("email", ["officer@norfolk.example", "board@improvementeast.example",
                                   "reviewer@communities.example", "manager@iese.example"])
def test_others_can_view_but_not_change(as_user, email):
    client = as_user(email)
    assert client.get(URL).status_code == 200
    assert client.post(URL, _post(attribution="0.5")).status_code == 403
    assert AdditionalityChoice.objects.get(project__code="ee-reorganisation-support").attribution == "0.7"


def test_anonymous_is_sent_to_sign_in(client, ledger):
    response = client.get(URL)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_manager_chooses_with_overrides_and_history(as_user):
    client = as_user(MANAGER)
    response = client.post(NEW_URL, _post(parameter_set="collaborative_procurement_national_framework", attribution="1",
                                          attribution_reason="", change_reason="",
                                          value_deadweight="0.2", reason_deadweight="Half the councils were already negotiating"))
    assert response.status_code == 302
    choice = AdditionalityChoice.objects.get(project__code="ee-aspire2perform")
    assert choice.parameter_set == "collaborative_procurement_national_framework"
    assert choice.overrides == [{"parameter": "deadweight", "value": "0.2", "reason": "Half the councils were already negotiating"}]
    changed = client.post(NEW_URL, _post(value_leakage="0.05", reason_leakage="Some savings land outside the region",
                                         change_reason="Programme board asked for a cautious view"))
    assert changed.status_code == 302
    choice.refresh_from_db()
    assert choice.attribution == "0.8" and [o["parameter"] for o in choice.overrides] == ["leakage"]
    assert choice.history.count() == 2
    page = client.get(NEW_URL).content.decode()
    assert "Programme board asked for a cautious view" in page and "Half the councils were already negotiating" in page
    assert "Some savings land outside the region" in page


def test_a_missing_override_reason_is_an_error_naming_the_parameter(as_user):
    client = as_user(MANAGER)
    response = client.post(URL, _post(value_reference_leakage="0.3", value_multiplier="1.2", reason_multiplier="Local supply chain"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text and "Give a reason for overriding reference leakage" in text
    assert 'href="#id_reason_reference_leakage"' in text
    assert AdditionalityChoice.objects.get(project__code="ee-reorganisation-support").overrides[0]["parameter"] == "deadweight"


def test_attribution_below_one_needs_a_reason_and_a_change_needs_a_reason(as_user):
    client = as_user(MANAGER)
    text = client.post(URL, _post(attribution="0.5", attribution_reason="", change_reason="")).content.decode()
    assert "Give a reason for attributing less than all" in text and "Give a reason for the change" in text
    text = client.post(URL, _post(attribution="1.5")).content.decode()
    assert "number from 0 to 1" in text
    text = client.post(URL, _post(value_leakage="2", reason_leakage="x")).content.decode()
    assert "Leakage must be between 0 and 1" in text


def test_the_choice_changes_the_gain_page_figures(as_user):
    client = as_user(MANAGER)
    assert client.post(URL, _post(attribution="0.5", value_deadweight="0", reason_deadweight="No restructuring planned")).status_code == 302
    page = client.get("/ledger/gains/EE-NFK-001/").content.decode()
    assert "No restructuring planned" in page and "1/2" in page  # attribution 0.5, shown exactly

