"""The indicator values import page's template and example (riep.core.import_templates)."""
from riep.core.import_templates import csv_bytes, registered
from riep.performance.models import IndicatorValue, Target
from riep.performance.services.importer import ALIASES, _column_key, import_values


def test_the_template_has_the_importers_columns_and_its_example_imports_without_problems(performance):
    template = registered("performance.indicator_values")
    assert [_column_key(h) for h in template.header()] == list(ALIASES)
    summary = import_values(csv_bytes(template.header(), template.example_rows()), "example.csv")
    assert (summary.added + summary.changed + summary.unchanged, summary.refused) == (6, 0)  # four values, two targets
    assert IndicatorValue.objects.get(indicator__key="NI55", council__gss_code="E10000029", period="2011-12").note
    assert Target.objects.filter(indicator__key="NI192", council__gss_code="E10000020", period="2011-12").exists()
    area = Target.objects.get(indicator__key="NI186", partnership__code="EE", period="2011")  # the area row
    assert area.council is None
