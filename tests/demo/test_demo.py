from decimal import Decimal

import pytest

from riep.demo.loader import DemoError, load_demo
from riep.demo.programme import PROJECTS
from riep.portfolio.models import FundingLine, Project
from riep.registry.models import Partnership, PartnershipGrant

pytestmark = pytest.mark.usefixtures("demo")


def test_nine_partnerships_with_real_2009_10_core_funding(db):
    grants = PartnershipGrant.objects.filter(year=2009, kind="core")
    assert grants.count() == 9 and not grants.filter(illustrative=True).exists()
    assert sum(g.amount for g in grants) == Decimal("67501000")  # £67.5m in the published table
    assert Partnership.objects.get(code="SW").accountable_body.name == "Dorset County Council"
    assert PartnershipGrant.objects.filter(year__in=[2008, 2010], illustrative=False).count() == 0


def test_twelve_initiatives_labelled_illustrative_with_funding_in_every_year(db):
    assert Project.objects.count() == len(PROJECTS) == 12
    for project in Project.objects.all():
        assert project.illustrative
        years = {line.year.label for source in project.funding_sources.all() for line in source.lines.all()}
        assert years == {"2008-09", "2009-10", "2010-11"}, project.code
        assert project.milestones.count() == 3 and project.confidence_history.exists()


def test_partnership_page_totals_are_the_sum_of_its_projects(db, client, sign_in):
    sign_in("reviewer@communities.example")
    for partnership in Partnership.objects.all():
        response = client.get(f"/registry/partnerships/{partnership.code}/", {"download": "projects", "format": "csv"})
        lines = response.getvalue().decode("utf-8-sig").strip().splitlines()
        expected = sum((l.allocation for l in FundingLine.objects.filter(source__project__partnership=partnership)), Decimal(0))
        total_row = lines[-1].split(",")
        assert total_row[0] == "Total"
        assert Decimal(total_row[-2]) == expected, partnership.code


def test_durham_project_includes_the_abolished_councils(db):
    project = Project.objects.get(code="ne-durham-northumberland-lgr")
    abolished = project.participating_councils.filter(end_date="2009-03-31")
    assert abolished.count() == 15  # Durham and Northumberland county councils and their 7 + 6 districts
    assert set(abolished.values_list("snac_code", flat=True)) >= {"20", "20UB", "35", "35UG"}


def test_demo_refuses_to_overwrite_existing_data(db):
    with pytest.raises(DemoError, match="--reset"):
        load_demo()
