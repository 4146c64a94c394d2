"""The spend file import's template and example (riep.core.import_templates): the hub reads the template's own
column names without asking, and imports the example."""
from decimal import Decimal

import pytest

from riep.core.import_templates import csv_bytes, registered
from riep.procurement.ingest.columns import FIELDS, REQUIRED, SYNONYMS, normalise_header
from riep.procurement.services.importing import import_spend
from tests.procurement.test_import_real_files import council


@pytest.mark.django_db
def test_the_template_has_every_field_and_its_example_imports_without_problems():
    template = registered("procurement.spend")
    assert set(template.header()) == set(FIELDS) and template.header()[:3] == list(REQUIRED)
    assert all(normalise_header(name) in SYNONYMS[name] for name in template.header())
    summary = import_spend(council("E10000020"), csv_bytes(template.header(), template.example_rows()), "example.csv")
    assert (summary.imported, summary.total_amount) == (3, Decimal("1795.50"))
