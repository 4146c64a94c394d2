"""Negotiated outcomes: the agreed fee, and the saving it makes as a cash-releasing gain in the ledger with the
negotiation pack filed as its evidence."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from riep.care.models import Placement
from riep.care.negotiation_pack import pack_pdf
from riep.care.permissions import (
    require_change_placement,
)
from riep.care.services.pricing import NEGOTIATION_METHOD, ZERO, annual_saving
from riep.core.fy import FinancialYear
from riep.ledger.services import (
    Category,
    EvidenceLevel,
    GainData,
    GainStatus,
    attach_evidence_document,
    new_gain,
    save_gain,
)


@transaction.atomic
def record_outcome(user, placement: Placement, agreed_fee: Decimal, agreed_on: dt.date, attach_pack: bool = True):
    """Records the negotiated fee; a fee lower than the current one becomes a saving in the ledger."""
    if user is not None:
        require_change_placement(user, placement)
    if placement.current_weekly_fee is None:
        raise ValidationError("Record the current weekly fee (re-import the placement) before recording an agreed fee.")
    placement.agreed_weekly_fee, placement.agreed_on = agreed_fee, agreed_on
    placement._history_user = user if getattr(user, "pk", None) else None
    placement.save()
    return record_saving_in_ledger(placement, user, attach_pack=attach_pack)


def ledger_reference(placement: Placement) -> str:
    code = placement.council.gss_code or placement.council.snac_code or f"org{placement.council_id}"
    return f"CARE-{code}-{placement.pk}"


def record_saving_in_ledger(placement: Placement, user=None, attach_pack: bool = True):
    """The realised saving, (current − agreed) × 52 a year, as a cash-releasing gain in the ledger.

    One gain per placement (reference CARE-<council>-<placement id>), amounts in the financial year of the
    agreement. Re-recording a different fee changes the gain as a new version; an agreed fee that is not lower
    than the current fee withdraws it. Refused (LedgerLocked) if that year's NI 179 return is locked. The
    negotiation pack, as it stands at the agreement, is filed with the gain as its evidence document (a PDF).
    """

    saving = annual_saving(placement)
    gain = placement.ledger_gain
    check = user is not None
    if not saving:
        if gain is not None and gain.status != GainStatus.WITHDRAWN:
            gain, _ = save_gain(user, gain, GainData({"status": GainStatus.WITHDRAWN}),
                                reason="Agreed fee is not lower than the current fee: no saving", check_permission=check)
        return gain
    year = FinancialYear.containing(placement.agreed_on)
    pack = reverse("care:pack", args=[placement.pk])
    fields = {
        "council": placement.council, "project": None, "service_area": "Adult social care: care placements",
        "category": Category.PROCUREMENT,
        "description": (f"Placement {placement.person_reference} with {placement.provider}: weekly fee negotiated from "
                        f"£{placement.current_weekly_fee:,.2f} to £{placement.agreed_weekly_fee:,.2f} on "
                        f"{placement.agreed_on:%d %B %Y}, against a fair price of £{placement.fair_weekly_price:,.2f} "
                        f"(range £{placement.floor_weekly_price:,.2f} to £{placement.ceiling_weekly_price:,.2f}; rate card "
                        f"{placement.rate_card}, {placement.rate_card_vintage}). Annual saving = "
                        f"£{placement.weekly_saving:,.2f} × 52."),
        "cash_releasing": True, "service_quality_maintained": True,
        "quality_evidence": "The person's assessed support hours are unchanged; the agreed fee is within or above the "
                            "floor of the fair price range for those hours (see the negotiation pack).",
        "status": GainStatus.REALISED, "evidence_level": EvidenceLevel.BEFORE_AFTER,
        "evidence_method": f"{NEGOTIATION_METHOD.capitalize()}: negotiation pack {pack}",
        "first_year": year, "illustrative": placement.illustrative,
    }
    data = GainData(fields, {year: {"gross_saving": saving, "investment": ZERO, "ongoing_costs": ZERO}}, replace_years=True)
    if gain is None:
        gain = new_gain(ledger_reference(placement))
    gain, changed = save_gain(user, gain, data, reason="Negotiated fee changed", check_permission=check)
    if placement.ledger_gain_id != gain.pk:
        Placement.objects.filter(pk=placement.pk).update(ledger_gain=gain)
        placement.ledger_gain = gain
    if changed and attach_pack:
        attach_pack_as_evidence(placement, gain, user)
    return gain


def attach_pack_as_evidence(placement: Placement, gain, user=None):
    """Files the negotiation pack as it stands at the agreement (a PDF) as the gain's evidence document."""

    title = f"Negotiation pack: placement {placement.person_reference}, agreed {placement.agreed_on:%d %B %Y}"
    return attach_evidence_document(
        gain, title, f"negotiation-pack-{placement.person_reference}-{placement.agreed_on:%Y%m%d}.pdf",
        pack_pdf(placement), user)
