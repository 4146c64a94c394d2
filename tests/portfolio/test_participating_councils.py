"""Participating councils without JavaScript (issue 15): checkboxes, the partnership's councils shown first and every
other council folded in a details element (opened when one of them is ticked); the lead council counts as
participating without being ticked again."""
import re

import pytest

from riep.portfolio.models import Project, Theme
from riep.registry import scope
from riep.registry.models import Organisation, Partnership

pytestmark = pytest.mark.usefixtures("demo")


def _boxes(html: str) -> set[str]:
    return set(re.findall(r'name="participating_councils" type="checkbox" value="(\d+)"', html))


def test_the_new_project_form_offers_checkboxes_with_the_partnership_s_councils_first(db, client, sign_in):
    sign_in("manager@improvementeast.example")
    page = client.get("/projects/new/").content.decode()
    assert 'name="participating_councils"' in page and "<select multiple" not in page and "Hold Ctrl" not in page
    field = page.split('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Other participating councils')[1]
    field = field.split("</fieldset>")[0]
    shown, folded = field.split('<details class="govuk-details')
    ee = {str(pk) for pk in scope.councils_of_partnerships(Partnership.objects.filter(code="EE")).values_list("pk", flat=True)}
    assert _boxes(shown) == ee and "Your partnership&#x27;s councils" in shown
    assert _boxes(folded) == {str(pk) for pk in Organisation.objects.councils().values_list("pk", flat=True)} - ee
    assert "<details" not in shown and " open>" not in folded.split("<summary")[0]  # folded until one is ticked


def test_ticked_councils_are_saved_with_the_lead_and_shown_ticked_again(db, client, sign_in):
    sign_in("manager@improvementeast.example")
    ee = Partnership.objects.get(code="EE")
    norfolk, suffolk = Organisation.objects.get(gss_code="E10000020"), Organisation.objects.get(gss_code="E10000029")
    kent = Organisation.objects.get(gss_code="E10000016")  # another partnership's council may take part too
    period = ee.funding_periods.get()
    response = client.post("/projects/new/", {
        "name": "Shared legal", "code": "ee-shared-legal", "partnership": ee.pk, "status": "proposed",
        "funding_period": f"{period.name}|{period.first_year.start_year}|{period.last_year.start_year}",
        "theme": Theme.objects.get(slug="assets-resources").pk, "lead_council": norfolk.pk,
        "participating_councils": [suffolk.pk, kent.pk, norfolk.pk]})
    assert response.status_code == 302
    project = Project.objects.get(code="ee-shared-legal")
    assert set(project.participating_councils.all()) == {norfolk, suffolk, kent}
    page = client.get("/projects/ee-shared-legal/edit/").content.decode()
    checked = set(re.findall(r'type="checkbox" value="(\d+)" checked', page))
    assert checked == {str(suffolk.pk), str(kent.pk)}  # the lead is not asked for again
    assert re.search(r'<details class="govuk-details[^"]*" open>', page)  # Kent is among the other councils
