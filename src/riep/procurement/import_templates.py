"""The spend file import's template and example (riep.core.import_templates). Councils' own files are read as
published; the template offers each Transparency Code field under its own name, which the hub reads without asking."""
from riep.core import import_templates
from riep.procurement.ingest.columns import FIELDS, REQUIRED

_LINE = {"department": "Adult Social Care", "capital_revenue": "Revenue"}

import_templates.register(
    "procurement.spend", title="spend lines", required=REQUIRED, optional=tuple(FIELDS), permission="import_spend",
    example=[  # illustrative suppliers and amounts
        {**_LINE, "payment_date": "01/04/2009", "amount": "1200.00", "supplier_name": "Oakfield Care Ltd",
         "supplier_id": "100234", "company_number": "01234567", "expense_type": "Residential care",
         "purpose": "Residential placements April", "transaction_number": "T1001"},
        {**_LINE, "payment_date": "02/04/2009", "amount": "845.50", "supplier_name": "Linden Support",
         "supplier_id": "100871", "charity_number": "1098765", "expense_type": "Supported living",
         "purpose": "Supported living hours", "transaction_number": "T1002"},
        {"payment_date": "03/04/2009", "amount": "-250.00", "supplier_name": "Oakfield Care Ltd", "supplier_id": "100234",
         "vat_number": "GB123456789", "department": "Finance", "expense_type": "Credit note",
         "purpose": "Credit for a cancelled order", "transaction_number": "T1003", "capital_revenue": "Revenue"},
    ])
