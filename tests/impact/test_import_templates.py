"""The panel upload page's template and example (riep.core.import_templates)."""
from riep.core.import_templates import csv_bytes, registered
from riep.impact.forms import PanelUploadForm
from riep.impact.import_templates import OUTCOME
from riep.impact.services.panels import parse_panel


def test_the_template_has_the_forms_columns_and_its_example_parses_without_problems(db):
    template = registered("impact.panel")
    unit, time = (PanelUploadForm.base_fields[n].initial for n in ("unit_column", "time_column"))
    assert template.header() == [unit, time, OUTCOME]
    parsed = parse_panel(csv_bytes(template.header(), template.example_rows()), "example.csv", unit, time)
    assert parsed.ok and not parsed.problems and parsed.numeric_columns == [OUTCOME]
    assert len(parsed.frame) == 9 and parsed.frame[OUTCOME].isna().sum() == 1
