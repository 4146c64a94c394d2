"""The indicator values import's template and example (riep.core.import_templates), in the platform's layout."""
from riep.core import import_templates
from riep.performance.services.importer import ALIASES

# Each column under the first of its accepted headers ("area code", not "gss code"), in the importer's order.
_HEADERS = {key: aliases[0] for key, aliases in ALIASES.items()}

import_templates.register(
    "performance.indicator_values", title="indicator values", required=list(_HEADERS.values()),
    permission="manage_performance",
    note="(the last row is for a partnership's area as a whole: its area code is the partnership's code, EE)",
    example=[
        {"indicator": "NI192", "area code": "E10000020", "period": "2011-12", "value": "44.5",
         "vintage": "WasteDataFlow 2012 (illustrative)", "baseline": "38", "target": "46", "stretch": "yes",
         "tolerance": "1.5"},
        {"indicator": "NI55", "area code": "E10000029", "period": "2011-12", "value": "8.7",
         "vintage": "NCMP 2012 (illustrative)", "note": "Reception year, obese"},
        {"indicator": "NI112", "area code": "E10000020", "period": "2011", "value": "-30.2",
         "vintage": "ONS Feb 2013 (illustrative)"},
        {"indicator": "NI186", "area code": "EE", "period": "2011", "value": "11.2", "target": "12",
         "vintage": "DECC 2013 (illustrative)", "note": "The partnership's area as a whole (area code: the partnership's code)"},
    ])
