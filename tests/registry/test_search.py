"""The header's search box: councils, partnerships, projects, gains by reference and suppliers, grouped, and — the
scope matrix idea — never a result the person may not open."""
import re

import pytest

from riep.ledger.models import EfficiencyGain
from riep.procurement.models import Supplier, SupplierName
from riep.registry.models import Organisation

pytestmark = pytest.mark.usefixtures("demo")
PEOPLE = ["admin@riep.example", "manager@improvementeast.example", "manager@iese.example", "officer@norfolk.example",
          "officer@kent.example", "board@improvementeast.example", "reviewer@communities.example"]
QUERIES = ["Norfolk", "Kent", "Improvement", "waste", "Acme", "EE-NOR", "Bedfordshire"]


@pytest.fixture
def suppliers(db):
    """Two suppliers, each bought from by one council (the demo's spend files load only in tests/procurement)."""
    norfolk, kent = (Organisation.objects.get(gss_code=g) for g in ("E10000020", "E10000016"))
    made = {}
    for council, reference, name in ((norfolk, "SUP-NFK-1", "Acme Care Norfolk Ltd"), (kent, "SUP-KNT-1", "Acme Care Kent Ltd")):
        supplier = Supplier.objects.create(reference=reference, name=name)
        SupplierName.objects.create(council=council, raw_name=name.upper(), supplier=supplier, lines=3)
        made[council.gss_code] = supplier
    return made


def _results(page: str) -> dict[str, list[str]]:
    groups = {}
    for key, body in re.findall(r'<ul class="govuk-list riep-search-results" aria-labelledby="results-([a-z]+)">(.*?)</ul>', page, re.S):
        groups[key] = re.findall(r'<a class="govuk-link" href="([^"]+)">', body)
    return groups


def test_results_are_grouped_by_kind(client, sign_in, suppliers):
    sign_in("officer@norfolk.example")
    page = client.get("/search/", {"q": "Norfolk"}).content.decode()
    groups = _results(page)
    assert list(groups)[:2] == ["councils", "partnerships"] or list(groups)[0] == "councils"
    norfolk = Organisation.objects.get(gss_code="E10000020")
    assert f"/registry/councils/{norfolk.pk}/" in groups["councils"] and "E10000020 (GSS)" in page
    assert "/procurement/suppliers/SUP-NFK-1/" in groups["suppliers"]
    assert "projects" in _results(client.get("/search/", {"q": "waste"}).content.decode())
    reference = EfficiencyGain.objects.order_by("reference").first().reference
    assert _results(client.get("/search/", {"q": reference.lower()}).content.decode())["gains"][0] == f"/ledger/gains/{reference}/"
    bedfordshire = client.get("/search/", {"q": "09"}).content.decode()
    assert "Bedfordshire County Council" in bedfordshire and "09 (ONS SNAC)" in bedfordshire


def test_the_search_box_works_without_javascript_and_says_what_is_wrong(client, sign_in):
    sign_in("board@improvementeast.example")
    page = client.get("/registry/partnerships/").content.decode()
    assert re.search(r'<form method="get" action="/search/" role="search"', page)
    short = client.get("/search/", {"q": "a"}).content.decode()
    assert "Enter at least 2 characters" in short
    nothing = client.get("/search/", {"q": "zzzz-no-such-thing"}).content.decode()
    assert "Nothing found for “zzzz-no-such-thing”" in nothing
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200
    client.logout()
    assert client.get("/search/", {"q": "Norfolk"}).status_code == 302  # sign in first


def test_a_supplier_is_found_only_by_those_whose_councils_buy_from_it(client, sign_in, suppliers):
    sign_in("officer@kent.example")
    found = _results(client.get("/search/", {"q": "Acme"}).content.decode()).get("suppliers", [])
    assert found == ["/procurement/suppliers/SUP-KNT-1/"]
    assert client.get("/procurement/suppliers/SUP-NFK-1/").status_code == 403  # the page's own rule agrees


@pytest.mark.parametrize("email", PEOPLE)
def test_a_person_never_sees_a_result_they_may_not_open(client, sign_in, suppliers, email):
    sign_in(email)
    urls, kinds = set(), set()
    for query in QUERIES:
        for kind, group in _results(client.get("/search/", {"q": query}).content.decode()).items():
            urls.update(group)
            kinds.add(kind)
    assert {"councils", "partnerships", "projects", "gains"} <= kinds
    for url in sorted(urls):
        assert client.get(url).status_code == 200, (email, url)
