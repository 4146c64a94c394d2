"""The Band D and tax base import's template and example (riep.core.import_templates)."""
from decimal import Decimal

import pytest

from riep.core.import_templates import csv_bytes, registered
from riep.reorg.models import Scenario
from riep.reorg.services.council_tax_file import COLUMNS, import_council_tax

pytestmark = pytest.mark.usefixtures("demo")


def test_the_template_has_the_importers_columns_and_its_example_imports_into_its_scenario(db, client, sign_in):
    template = registered("reorg.council_tax")
    assert template.header() == list(COLUMNS)
    scenario = Scenario.objects.get(slug="bedfordshire-2009")
    summary = import_council_tax(csv_bytes(template.header(), template.example_rows()), "example.csv", scenario)
    assert summary.rows == 3 and summary.added + summary.changed + summary.unchanged == 3
    assert scenario.predecessors.get(council__snac_code="09UC").band_d == Decimal("1395.50")
    sign_in("admin@riep.example")
    page = client.get("/reorg/scenarios/bedfordshire-2009/council-tax/").content.decode()
    assert "Download an example (CSV)" in page and "Bedfordshire 2009" in page
