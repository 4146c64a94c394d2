"""A national portfolio a page at a time: the projects list, a partnership's projects with totals for them all, and
the API's offset and limit. Every download still holds every project."""
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from riep.accounts.services import create_token
from riep.core.money import format_money
from riep.portfolio.models import FundingLine, FundingSource, Project

pytestmark = pytest.mark.usefixtures("demo")
ADDED = 120


@pytest.fixture
def many_projects(db):
    """120 more East of England projects, each with £1,000.50 allocated in 2009-10."""
    template = Project.objects.filter(partnership__code="EE").order_by("pk").first()
    made = []
    for i in range(ADDED):
        copy = Project.objects.get(pk=template.pk)
        copy.pk, copy.code, copy.name = None, f"paging-{i:03d}", f"Paging test project {i:03d}"
        made.append(copy)
    made = Project.objects.bulk_create(made)
    sources = FundingSource.objects.bulk_create([FundingSource(project=p, kind="riep_grant") for p in made])
    year = template.funding_period.years[1]
    FundingLine.objects.bulk_create([FundingLine(source=s, year=year, allocation=Decimal("1000.50")) for s in sources])
    return Project.objects.count()


def _rows(page: str, table: str = "projects") -> int:
    body = re.search(rf'id="table-{table}">.*?<tbody[^>]*>(.*?)</tbody>', page, re.S).group(1)
    return body.count('<tr class="govuk-table__row">')


def test_the_projects_list_shows_fifty_a_page_and_downloads_them_all(many_projects, client, sign_in):
    sign_in("reviewer@communities.example")
    first = client.get("/projects/").content.decode()
    assert _rows(first) == 50 and f"{many_projects} projects match" in first
    assert 'aria-label="Pages of Projects"' in first and 'href="?page=2" rel="next"' in first
    last_number = -(-many_projects // 50)
    last = client.get("/projects/", {"page": 999}).content.decode()  # past the end: the last page
    assert _rows(last) == many_projects - 50 * (last_number - 1) and 'aria-current="page">%d<' % last_number in last
    filtered = client.get("/projects/", {"q": "Paging test", "page": 2}).content.decode()
    assert f"{ADDED} projects match" in filtered and 'href="?q=Paging+test&amp;page=3"' in filtered
    csv = client.get("/projects/", {"download": "projects", "format": "csv", "page": 2}).getvalue()
    assert len(csv.decode("utf-8-sig").strip().splitlines()) == many_projects + 1
    sheet = load_workbook(io.BytesIO(client.get("/projects/", {"download": "projects", "format": "xlsx"}).getvalue())).active
    assert sheet.max_row == many_projects + 1


def test_a_partnerships_projects_are_paged_but_its_totals_are_for_all_of_them(many_projects, client, sign_in):
    sign_in("manager@improvementeast.example")
    expected = sum((line.allocation for line in FundingLine.objects.filter(source__project__partnership__code="EE")),
                   Decimal(0))
    count = Project.objects.filter(partnership__code="EE").count()
    for number in (1, 2):
        page = client.get("/registry/partnerships/EE/", {"projects-page": number}).content.decode()
        footer = re.search(r'id="table-projects">.*?<tfoot>(.*?)</tfoot>', page, re.S).group(1)
        assert format_money(expected) in footer, number  # the same whole-partnership total on every page
        assert f"sum of all {count} projects" in page
    assert _rows(page) == 50 and "projects-page=3#table-projects" in page
    csv = client.get("/registry/partnerships/EE/", {"download": "projects", "format": "csv"}).getvalue()
    lines = csv.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == count + 2 and lines[-1].startswith("Total")  # every project and the totals row


def test_the_api_lists_a_page_at_a_time_with_the_total_and_the_next_page(many_projects, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token('manager@improvementeast.example')}"}
    first = client.get("/api/v1/projects", {"partnership": "EE", "limit": 40}, **headers)
    count = Project.objects.filter(partnership__code="EE").count()
    assert first.status_code == 200 and len(first.json()) == 40 and first["X-Total-Count"] == str(count)
    assert 'limit=40&offset=40>; rel="next"' in first["Link"] and "prev" not in first["Link"]
    codes = [p["code"] for p in first.json()]
    offset = 40
    while 'rel="next"' in first.get("Link", ""):
        first = client.get("/api/v1/projects", {"partnership": "EE", "limit": 40, "offset": offset}, **headers)
        codes += [p["code"] for p in first.json()]
        offset += 40
    assert len(codes) == len(set(codes)) == count  # every project once, walking the next links
    assert len(client.get("/api/v1/projects", **headers).json()) == 100  # the default page
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"offset": 10**12}, {"limit": "ten"}):
        refused = client.get("/api/v1/projects", bad, **headers)
        assert refused.status_code == 422, bad
    gains = client.get("/api/v1/ledger/gains", {"limit": 2, "offset": 1}, **headers)
    assert gains.status_code == 200 and len(gains.json()) == 2 and int(gains["X-Total-Count"]) > 3
    assert 'rel="prev"' in gains["Link"] and "limit=2&offset=0" in gains["Link"]
