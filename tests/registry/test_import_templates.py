"""The council register import page's template and example (riep.core.import_templates)."""
from riep.core.import_templates import csv_bytes, registered
from riep.registry.councils_file import OPTIONAL, REQUIRED, read_council_file


def test_the_template_has_the_importers_columns_and_its_example_reads_without_problems():
    template = registered("registry.councils")
    assert template.header() == [*REQUIRED, *OPTIONAL]
    parsed = read_council_file(csv_bytes(template.header(), template.example_rows()), "example.csv")
    assert [c.gss_code for c in parsed.councils] == ["E10000029", "E07000202", "E10000001", "E06000056"]
    assert parsed.councils[2].replaced_by == ("CBF",) and parsed.councils[1].county_registry_code == "SFK"
