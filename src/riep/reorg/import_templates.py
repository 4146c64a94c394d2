"""The Band D and tax base import's template and example (riep.core.import_templates)."""
from riep.core import import_templates
from riep.reorg.services.council_tax_file import COLUMNS

import_templates.register(
    "reorg.council_tax", title="Band D and tax base", required=COLUMNS, permission="edit_projects",
    note="for the demo's Bedfordshire 2009 scenario (councils by GSS code, ONS SNAC code or name)",
    example=[  # illustrative 2008-09 figures, Band D including the county's precept
        {"council": "E06000055", "band_d": "1420.00", "tax_base": "56000"},
        {"council": "09UC", "band_d": "1395.50", "tax_base": "52000"},
        {"council": "South Bedfordshire", "band_d": "1440.00", "tax_base": "44000"},
    ])
