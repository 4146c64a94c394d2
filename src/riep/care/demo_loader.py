"""Demo care placements: the illustrative placements file imported for Kent County Council and priced, with one
negotiated outcome so that a saving shows in the ledger and on the savings page."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from riep.care import services
from riep.care.models import Placement, PlacementImport
from riep.registry.models import Organisation

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "placements_demo.csv"
KENT = "E10000016"
DEMO_RATE_CARD = "england-2026-27"
# DEMO-0014 (supported living, two-to-one support) is paid above the ceiling of its range: the fee is negotiated
# down to just under the ceiling, saving (4,800 − 3,950) × 52 = £44,200 a year.
NEGOTIATED = ("DEMO-0014", Decimal("3950.00"), dt.date(2026, 5, 1))


def load_care_demo() -> str:
    kent = Organisation.objects.get(gss_code=KENT)
    summary = services.import_placements(kent, DEMO_FILE.read_bytes(), DEMO_FILE.name, DEMO_RATE_CARD, illustrative=True)
    reference, fee, when = NEGOTIATED
    placement = Placement.objects.get(council=kent, person_reference=reference)
    # No PDF filed for the demo (it would add over a second to every demo load in the test suite); the gain's
    # evidence method points to the live negotiation pack page instead.
    services.record_outcome(None, placement, fee, when, attach_pack=False)
    return f"Care: {summary}"


def delete_care_rows() -> None:
    """For `riep demo --reset`: placements and imports go before the councils they point to."""

    Placement.objects.all().delete()
    PlacementImport.objects.all().delete()
