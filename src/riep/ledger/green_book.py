"""Public, pure façade over the ledger's Green Book discounting, for other capabilities (riep.ledger.calc is the
ledger's own: the protected contract). Only re-exports; the maths stays in riep.ledger.calc.green_book."""
from riep.ledger.calc.green_book import (
    DiscountBand,
    discount_factors,
    discount_rate,
    load_discount_schedule,
    present_value,
)

__all__ = ["DiscountBand", "discount_factors", "discount_rate", "load_discount_schedule", "present_value"]
