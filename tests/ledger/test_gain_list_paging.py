"""The ledger's gains list at national scale: fifty gains a page, the totals row for every gain that matches, the
additionality table paged on its own, and the downloads whole."""
import re
from decimal import Decimal

import pytest

from riep.ledger.models import EfficiencyGain, GainShare, GainYear
from riep.ledger.services import gains_for_partnership
from riep.portfolio.models import Project
from riep.registry.models import Partnership

ADDED = 70


@pytest.fixture
def many_gains(ledger):
    """70 more East of England gains (each its own project's), each £1,000.25 gross and £100.10 of costs in 2009-10."""
    gain = EfficiencyGain.objects.filter(project__partnership__code="EE").order_by("pk").first()
    template = Project.objects.get(pk=gain.project_id)
    projects = []
    for i in range(ADDED):
        copy = Project.objects.get(pk=template.pk)
        copy.pk, copy.code, copy.name = None, f"gains-paging-{i:03d}", f"Gains paging project {i:03d}"
        projects.append(copy)
    projects = Project.objects.bulk_create(projects)
    made = []
    for i, project in enumerate(projects):
        copy = EfficiencyGain.objects.get(pk=gain.pk)
        copy.pk, copy.reference, copy.project = None, f"EE-PAGE-{i:03d}", project
        made.append(copy)
    made = EfficiencyGain.objects.bulk_create(made)
    GainYear.objects.bulk_create([GainYear(gain=g, year=gain.first_year, gross_saving=Decimal("1000.25"),
                                           ongoing_costs=Decimal("100.10")) for g in made])
    GainShare.objects.bulk_create([GainShare(gain=g, council=g.council, share="1") for g in made])
    return made


def _rows(page: str, table: str) -> int:
    body = re.search(rf'id="table-{table}">.*?<tbody[^>]*>(.*?)</tbody>', page, re.S).group(1)
    return body.count('<tr class="govuk-table__row">')


def _csv_rows(response) -> list[str]:
    return response.getvalue().decode("utf-8-sig").strip().splitlines()


def test_gains_are_paged_with_totals_for_all_and_downloads_whole(many_gains, as_user):
    client = as_user("manager@improvementeast.example")
    query = {"q": "", "partnership": "EE"}
    listed = gains_for_partnership(Partnership.objects.get(code="EE"))  # its projects' and its councils' own
    matching = listed.count()
    first = client.get("/ledger/", query).content.decode()
    assert _rows(first, "gains") == 50 and f"{matching} gains match" in first and "page 1 of 2" in first
    second = client.get("/ledger/", {**query, "page": 2}).content.decode()
    assert _rows(second, "gains") == matching - 50
    years = GainYear.objects.filter(gain__in=listed.values("pk"))
    gross = sum((y.gross_saving for y in years), Decimal(0))
    net = sum((y.net for y in years), Decimal(0))
    for page in (first, second):  # the totals row is the same, and for every gain, on each page
        footer = re.search(r'id="table-gains">.*?<tfoot[^>]*>(.*?)</tfoot>', page, re.S).group(1)
        assert f"£{gross:,.2f}" in footer and f"£{net:,.2f}" in footer
    projects = client.get("/ledger/", {**query, "projects-page": 2}).content.decode()
    with_projects = Project.objects.filter(pk__in=listed.values("project_id")).count()
    assert _rows(projects, "project-additionality") == with_projects - 50
    assert 'href="?q=&amp;partnership=EE&amp;projects-page=1#table-project-additionality"' in projects
    csv = _csv_rows(client.get("/ledger/", {**query, "download": "gains", "format": "csv", "page": 2}))
    assert len(csv) == matching + 2  # the header, every gain, the totals row
