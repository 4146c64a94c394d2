"""Negotiated outcomes: the agreed fee, and the saving it makes as a cash-releasing gain in the ledger with the
negotiation pack filed as its evidence."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from riep.care.calc.negotiated import BelowFloor
from riep.care.models import Placement
from riep.care.negotiation_pack import pack_pdf
from riep.care.permissions import (
    require_change_placement,
)
from riep.care.services.pricing import NEGOTIATION_METHOD, ZERO, default_remaining_years, negotiated
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
def record_outcome(user, placement: Placement, agreed_fee: Decimal, agreed_on: dt.date, attach_pack: bool = True,
                   expected_remaining_years: Decimal | None = None, remaining_years_reason: str = "",
                   review_cost: Decimal | None = None):
    """Records the negotiated fee; a fee lower than the current one (and not below the floor) becomes a saving.

    The expected remaining duration defaults to the rate card's assumption; a different one needs a reason.
    """
    if user is not None:
        require_change_placement(user, placement)
    if placement.current_weekly_fee is None:
        raise ValidationError("Record the current weekly fee (re-import the placement) before recording an agreed fee.")
    if expected_remaining_years is not None:
        if expected_remaining_years <= 0:
            raise ValidationError("The expected remaining duration must be more than 0 years.")
        if expected_remaining_years != default_remaining_years(placement) and not remaining_years_reason.strip():
            raise ValidationError(f"Give a reason for an expected remaining duration other than the rate card's "
                                  f"{default_remaining_years(placement)} years.")
    if review_cost is not None and review_cost < 0:
        raise ValidationError("The one-off cost of the review cannot be negative.")
    placement.agreed_weekly_fee, placement.agreed_on = agreed_fee, agreed_on
    placement.expected_remaining_years = expected_remaining_years
    placement.remaining_years_reason = remaining_years_reason.strip() if expected_remaining_years is not None else ""
    placement.review_cost = review_cost
    placement._history_user = user if getattr(user, "pk", None) else None
    placement.save()
    return record_saving_in_ledger(placement, user, attach_pack=attach_pack)


def ledger_reference(placement: Placement) -> str:
    code = placement.council.gss_code or placement.council.snac_code or f"org{placement.council_id}"
    return f"CARE-{code}-{placement.pk}"


def _withdraw(gain, user, reason: str):
    if gain is not None and gain.status != GainStatus.WITHDRAWN:
        gain, _ = save_gain(user, gain, GainData({"status": GainStatus.WITHDRAWN}), reason=reason,
                            check_permission=user is not None)
    return gain


def record_saving_in_ledger(placement: Placement, user=None, attach_pack: bool = True):
    """The negotiated saving as an ongoing cash-releasing gain in the ledger.

    One gain per placement (reference CARE-<council>-<placement id>), with the saving in every financial year of the
    placement's expected remaining duration, pro-rated by weeks from the agreed date (riep.care.calc.negotiated),
    and the one-off review cost as the first year's investment. Re-recording changes the gain as a new version; an
    agreed fee that is not lower than the current fee, or is below the fair-price floor (a risk, not a saving),
    withdraws it. Refused (LedgerLocked) if a locked NI 179 return would change. The negotiation pack, as it stands
    at the agreement, is filed with the gain as its evidence document (a PDF).
    """
    gain = placement.ledger_gain
    try:
        saving = negotiated(placement)
    except BelowFloor:
        return _withdraw(gain, user, "Agreed fee is below the fair-price floor: flagged as a risk, not a saving")
    if not saving.years:
        return _withdraw(gain, user, "Agreed fee is not lower than the current fee: no saving")
    pack = reverse("care:pack", args=[placement.pk])
    weeks = ", ".join(f"{y.year} {y.weeks} weeks" for y in saving.years)
    duration = (f"{saving.remaining_years} years expected remaining duration"
                + (f" ({placement.remaining_years_reason})" if placement.remaining_years_reason else " (rate card assumption)"))
    fields = {
        # A new gain has no project; one the council has linked to a partnership project keeps it.
        "council": placement.council, "project": gain.project if gain is not None else None,
        "service_area": "Adult social care: care placements",
        "category": Category.PROCUREMENT,
        "description": (f"Placement {placement.person_reference} with {placement.provider}: weekly fee negotiated from "
                        f"£{placement.current_weekly_fee:,.2f} to £{placement.agreed_weekly_fee:,.2f} on "
                        f"{placement.agreed_on:%d %B %Y}, against a fair price of £{placement.fair_weekly_price:,.2f} "
                        f"(range £{placement.floor_weekly_price:,.2f} to £{placement.ceiling_weekly_price:,.2f}; rate card "
                        f"{placement.rate_card}, {placement.rate_card_vintage}). Saving £{saving.weekly_saving:,.2f} a "
                        f"week for the {duration}: {weeks}."),
        "cash_releasing": True, "service_quality_maintained": True,
        "quality_evidence": (f"The person's assessed support hours are unchanged; the agreed fee £{placement.agreed_weekly_fee:,.2f} "
                             f"is at or above the floor of the fair price range for those hours "
                             f"(£{placement.floor_weekly_price:,.2f}), checked when it was recorded (see the negotiation pack)."),
        "status": GainStatus.REALISED, "evidence_level": EvidenceLevel.BEFORE_AFTER,
        "evidence_method": f"{NEGOTIATION_METHOD.capitalize()}: negotiation pack {pack}",
        "first_year": saving.first_year, "illustrative": placement.illustrative,
    }
    years = {y.year: {"gross_saving": y.gross_saving, "investment": y.review_cost, "ongoing_costs": ZERO}
             for y in saving.years}
    data = GainData(fields, years, replace_years=True)
    if gain is None:
        gain = new_gain(ledger_reference(placement))
    gain, changed = save_gain(user, gain, data, reason="Negotiated fee changed", check_permission=user is not None)
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
