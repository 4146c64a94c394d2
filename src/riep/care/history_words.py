"""How care placements read in audit trails (riep.core.history): hours and years as numbers, not money."""
from riep.care.models import Placement, PlacementImport
from riep.core.history import describe, number_text


def register() -> None:
    describe(Placement, name="placement",
             formatters={"expected_remaining_years": lambda years: f"{number_text(years)} years"})
    describe(PlacementImport, name="placement import")
