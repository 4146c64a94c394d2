"""The registry as it stood on a date: programme pages show 2008-11 by default, the register today's; every code is
labelled with its coding; the council page's polish (menu, population, one audit-trail heading)."""
import re

import pytest

from riep.registry.models import Organisation

pytestmark = pytest.mark.usefixtures("demo")


def _members(page: str) -> str:
    return page.split('id="table-members"')[1].split("</table>")[0]


def test_a_partnership_shows_its_members_on_the_first_day_of_the_programme_by_default(db, client, sign_in):
    sign_in("board@improvementeast.example")
    page = client.get("/registry/partnerships/EE/").content.decode()
    assert "Members on 1 April 2008, the start of the funding period" in page
    members = _members(page)
    assert "Bedfordshire County Council" in members and "09 (ONS SNAC)" in members
    assert "Central Bedfordshire" not in members and "East Suffolk" not in members
    today = _members(client.get("/registry/partnerships/EE/", {"on": "today"}).content.decode())
    assert "Central Bedfordshire" in today and "Bedfordshire County Council" not in today
    assert "E06000056 (GSS)" in today


def test_durham_districts_before_1_april_2009_and_the_unitary_after(db, client, sign_in):
    sign_in("admin@riep.example")
    before = _members(client.get("/registry/partnerships/NE/").content.decode())
    assert "Chester-le-Street District Council" in before and "Durham County Council (pre-2009)" in before
    assert "E06000047" not in before
    after = _members(client.get("/registry/partnerships/NE/", {"on": "1/4/2009"}).content.decode())
    assert "Chester-le-Street" not in after and "E06000047 (GSS)" in after


def test_the_register_is_todays_by_default_and_any_day_on_request(db, client, sign_in):
    sign_in("officer@norfolk.example")
    today = client.get("/registry/councils/", {"region": "E12000006"}).content.decode()
    assert "East Suffolk Council" in today and "Bedfordshire County Council" not in today
    assert "Councils as they stood on <strong>today" in today
    then = client.get("/registry/councils/", {"region": "E12000006", "on": "2008-04-01"}).content.decode()
    assert "Bedfordshire County Council" in then and "East Suffolk Council" not in then
    assert "the start of the RIEP programme" in then
    # Bedfordshire's 09 is an ONS SNAC code, never under a "GSS code" heading.
    assert ">GSS code<" not in then and "09 (ONS SNAC)" in then
    bad = client.get("/registry/councils/", {"on": "31/02/2009"})
    assert bad.status_code == 200 and "is not a date" in bad.content.decode()
    csv = client.get("/registry/councils/", {"region": "E12000006", "on": "2008-04-01", "download": "councils",
                                             "format": "csv"}).getvalue().decode("utf-8-sig")
    assert "Bedfordshire County Council,09 (ONS SNAC)" in csv


def test_the_council_page_codes_population_menu_and_one_audit_heading(db, client, sign_in):
    sign_in("board@improvementeast.example")
    norfolk = Organisation.objects.get(gss_code="E10000020")
    page = client.get(f"/registry/councils/{norfolk.pk}/").content.decode()
    assert f"{norfolk.population:,}" in page and str(norfolk.population) not in page
    active = re.findall(r'navigation__item--active"><a class="govuk-service-navigation__link" href="[^"]*">([^<]+)<', page)
    assert active == ["Councils"]
    assert page.count("Audit trail") == 1
    bedfordshire = Organisation.objects.get(snac_code="09", gss_code__isnull=True)
    page = client.get(f"/registry/councils/{bedfordshire.pk}/").content.decode()
    assert re.search(r">ONS SNAC code</dt><dd[^>]*>09<", page)
    assert not re.search(r">GSS code</dt><dd[^>]*>09<", page) and "abolished before GSS codes were issued" in page
    partnership = client.get("/registry/partnerships/EE/").content.decode()
    assert re.findall(r'navigation__item--active"><a class="govuk-service-navigation__link" href="[^"]*">([^<]+)<',
                      partnership) == ["Partnerships"]


def test_the_api_lists_councils_as_they_stood_on_a_day(db, client, sign_in):
    sign_in("reviewer@communities.example")
    then = {c["name"] for c in client.get("/api/v1/councils", {"region": "E12000006", "on": "2008-04-01"}).json()}
    assert "Bedfordshire County Council" in then and "Central Bedfordshire Council" not in then
    now = {c["name"] for c in client.get("/api/v1/councils", {"region": "E12000006"}).json()}
    assert "Central Bedfordshire Council" in now and "Bedfordshire County Council" not in now
    assert client.get("/api/v1/councils", {"on": "not a day"}).status_code == 422
