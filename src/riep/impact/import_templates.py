"""The indicator panel upload's template and example (riep.core.import_templates): the council and year columns
under the names the upload form expects unless told otherwise, then one numeric column per indicator."""
from riep.core import import_templates
from riep.impact.forms import PanelUploadForm

UNIT, TIME = (PanelUploadForm.base_fields[name].initial for name in ("unit_column", "time_column"))
OUTCOME = "residents_satisfied_percent"  # any name: every other column is a number per council and year

import_templates.register(
    "impact.panel", title="an indicator panel", required=(UNIT, TIME), optional=(OUTCOME,),
    permission="run_impact_analysis",
    example=[  # illustrative figures
        {UNIT: gss, TIME: str(year), OUTCOME: value}
        for gss, values in (("E07000143", ("44.1", "45.0", "47.2")), ("E07000144", ("41.8", "42.3", "42.9")),
                            ("E07000145", ("46.5", "", "46.0")))
        for year, value in zip((2008, 2009, 2010), values)
    ])
