"""The council page links to everything the platform holds about the council, each capability adding its own
section through riep.registry.sections, and only what the person may open."""
import re

import pytest

from riep.registry.models import Organisation

pytestmark = pytest.mark.usefixtures("demo")
PEOPLE = ["admin@riep.example", "manager@improvementeast.example", "officer@norfolk.example", "officer@kent.example",
          "board@improvementeast.example", "reviewer@communities.example"]


def _headings(page: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-m">([^<]+)</h2>', page)


def _section_links(page: str) -> list[str]:
    body = page.split("<h2 class=\"govuk-heading-m\">Partnerships</h2>")[1].split("Audit trail")[0]
    return sorted(set(re.findall(r'href="(/(?:ledger|care|procurement|performance|resilience|projects)/[^"?#]*[^"#]*)"', body)))


def test_kents_page_has_a_section_from_each_capability_that_holds_something(db, client, sign_in):
    kent = Organisation.objects.get(gss_code="E10000016")
    sign_in("officer@kent.example")
    headings = _headings(client.get(f"/registry/councils/{kent.pk}/").content.decode())
    for heading in ("Projects", "Efficiency gains", "NI 179 returns", "Care placements", "Indicators",
                    "Financial resilience"):
        assert heading in headings
    sign_in("officer@norfolk.example")  # another council's placements are not Norfolk's officer's to see
    assert "Care placements" not in _headings(client.get(f"/registry/councils/{kent.pk}/").content.decode())
    sign_in("reviewer@communities.example")  # aggregate only: no placements
    headings = _headings(client.get(f"/registry/councils/{kent.pk}/").content.decode())
    assert "Care placements" not in headings and "Efficiency gains" in headings


@pytest.mark.parametrize("email", PEOPLE)
def test_every_link_in_a_section_opens_for_the_person_who_sees_it(db, client, sign_in, email):
    sign_in(email)
    for gss in ("E10000020", "E10000016"):
        council = Organisation.objects.get(gss_code=gss)
        links = _section_links(client.get(f"/registry/councils/{council.pk}/").content.decode())
        for url in links[:12]:
            assert client.get(url.replace("&amp;", "&")).status_code == 200, (email, url)
