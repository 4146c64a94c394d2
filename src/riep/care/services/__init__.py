"""Care placement use cases, one module per responsibility; every public name is importable from here.

- pricing: a placement's needs, rate card and fair price (with its range), and the tables that explain a price
- placements: which placements a person sees, filtered and ranked; the priced portfolio table
- importing: a council's placements file on the import protocol, all or nothing, priced as it is saved
- outcomes: the agreed fee and its saving as a cash-releasing gain in the ledger, with the negotiation pack
- savings: negotiated savings by council, aggregates only

Pages, the API, the job and the demo all go through these functions, so the rules (all-or-nothing imports,
idempotent re-imports, a negative gap is a risk and never a saving, savings into the ledger) hold everywhere.
"""
from riep.care.services.importing import PlacementImportSummary, import_placements, run_import
from riep.care.services.outcomes import (
    attach_pack_as_evidence,
    ledger_reference,
    record_outcome,
    record_saving_in_ledger,
)
from riep.care.services.placements import (
    filter_placements,
    portfolio_table,
    provider_choices,
    ranked,
    visible_councils,
    visible_placements,
)
from riep.care.services.pricing import (
    DEFAULT_RATE_CARD,
    NEEDS_FIELDS,
    NEGOTIATION_METHOD,
    ZERO,
    annual_saving,
    breakdown_table,
    card_for,
    default_remaining_years,
    flag_label,
    needs_of,
    negotiated,
    price_of,
    priced_values,
    rates_table,
    reprice,
)
from riep.care.services.savings import savings_councils, savings_table

__all__ = [
    "DEFAULT_RATE_CARD",
    "NEEDS_FIELDS",
    "NEGOTIATION_METHOD",
    "PlacementImportSummary",
    "ZERO",
    "annual_saving",
    "attach_pack_as_evidence",
    "breakdown_table",
    "card_for",
    "filter_placements",
    "flag_label",
    "import_placements",
    "ledger_reference",
    "needs_of",
    "portfolio_table",
    "price_of",
    "priced_values",
    "provider_choices",
    "ranked",
    "rates_table",
    "record_outcome",
    "record_saving_in_ledger",
    "default_remaining_years",
    "negotiated",
    "reprice",
    "run_import",
    "savings_councils",
    "savings_table",
    "visible_councils",
    "visible_placements",
]
