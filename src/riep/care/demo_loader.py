"""Demo care placements: the illustrative placements file imported for Kent County Council and priced, with one
negotiated outcome so that a saving shows in the ledger and on the savings page."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from riep.care import services
from riep.care.models import Placement, PlacementImport
from riep.ledger.services import GainData, save_gain
from riep.portfolio.models import Project
from riep.registry.models import Organisation

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "placements_demo.csv"
KENT = "E10000016"
DEMO_RATE_CARD = "england-2026-27"
# DEMO-0014 (supported living, two-to-one support) is paid above the ceiling of its range: the fee is negotiated
# down to just under the ceiling, saving £850 a week: for the rate card's 3 years expected, 48 weeks in 2026-27
# (agreed 1 May), 52 in each of the next two years and 4 in 2029-30.
NEGOTIATED = ("DEMO-0014", Decimal("3950.00"), dt.date(2026, 5, 1))
CALCULATOR_PROJECT = "se-care-funding-calculator"


def load_care_demo() -> str:
    kent = Organisation.objects.get(gss_code=KENT)
    summary = services.import_placements(kent, DEMO_FILE.read_bytes(), DEMO_FILE.name, DEMO_RATE_CARD, illustrative=True)
    reference, fee, when = NEGOTIATED
    placement = Placement.objects.get(council=kent, person_reference=reference)
    # No PDF filed for the demo (it would add over a second to every demo load in the test suite); the gain's
    # evidence method points to the live negotiation pack page instead.
    gain = services.record_outcome(None, placement, fee, when, attach_pack=False)
    # The saving came from using the partnership's care funding calculator, so it is that project's gain (and a
    # return on the partnership's funding in the value report).
    project = Project.objects.filter(code=CALCULATOR_PROJECT).first()
    if gain is not None and project is not None:
        save_gain(None, gain, GainData({"project": project}), reason="Linked to the care funding calculator project",
                  check_permission=False)
    return f"Care: {summary}"


def delete_care_rows() -> None:
    """For `riep demo --reset`: placements and imports go before the councils they point to."""

    Placement.objects.all().delete()
    PlacementImport.objects.all().delete()
