"""The gains import's template and example (riep.core.import_templates): one row per gain and financial year."""
from riep.core import import_templates
from riep.ledger.importer import OPTIONAL, REQUIRED

_SHARED = {"reference": "EXAMPLE-001", "council": "E10000029", "service_area": "Libraries",
           "category": "shared_service", "description": "Shared library stock and one book-buying contract (illustrative)",
           "cash_releasing": "yes", "service_quality_maintained": "yes",
           "quality_evidence": "Loans per head held at the 2008-09 level", "status": "realised", "evidence_level": "2",
           "evidence_method": "Contract prices before and after", "first_year": "2009-10",
           "shares": "E10000029=1/2; E10000003=1/2"}

import_templates.register(
    "ledger.gains", title="gains", required=REQUIRED, optional=OPTIONAL, permission="record_gains",
    example=[
        {**_SHARED, "year": "2009-10", "gross_saving": "40000.00", "investment": "5000", "ongoing_costs": "1000"},
        {**_SHARED, "year": "2010-11", "gross_saving": "42500.50", "investment": "0", "ongoing_costs": "1000"},
        {"reference": "EXAMPLE-002", "council": "E10000003", "service_area": "Revenues and benefits",
         "category": "process_redesign", "description": "Fewer benefit claim hand-offs (illustrative)",
         "cash_releasing": "no", "service_quality_maintained": "yes", "status": "forecast", "first_year": "2010-11",
         "year": "2010-11", "gross_saving": "15000", "investment": "0", "ongoing_costs": "0"},
    ])
