"""Care placement use cases: pricing, importing a council's placements file, tables, outcomes and savings.

Pages, the API, the job and the demo all go through these functions, so the rules (all-or-nothing
imports, idempotent re-imports, a negative gap is a risk and never a saving, savings into the ledger)
hold everywhere.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from riep.care.calc import (
    WEEKS_PER_YEAR, FairPrice, GapFlag, RateCard, RateCardError, ServiceType, SupportNeeds, fair_weekly_price,
    gap_flag, load_rate_card, price_portfolio,
)
from riep.care.calc.rates import to_pence
from riep.care.models import ImportStatus, Placement, PlacementImport
from riep.care.permissions import (
    councils_whose_placements_person_may_see, require_change_placement,
)
from riep.care.placements_file import SHEET, check_placements
from riep.core.importing import PROGRESS_EVERY, ImportRefused, ImportSummary, Problem, import_file, scope_of, shorten
from riep.core.fy import FinancialYear
from riep.core.permissions import Role
from riep.registry import scope
from riep.registry.models import Organisation, Partnership
from riep.core.tables import COUNT, DATE, LINK, MONEY, Column, Table

ZERO = Decimal("0.00")
DEFAULT_RATE_CARD = "england-2026-27"
NEGOTIATION_METHOD = "fair price negotiation"
NEEDS_FIELDS = ("shared_core_hours", "shared_by", "one_to_one_hours", "two_to_one_hours", "waking_night_hours",
                "sleep_in_nights", "nights_shared_by")


# --- pricing -------------------------------------------------------------------------------------------------


def needs_of(placement: Placement) -> SupportNeeds:
    return SupportNeeds(ServiceType(placement.service_type), **{f: getattr(placement, f) for f in NEEDS_FIELDS})


def card_for(placement: Placement) -> RateCard:
    return load_rate_card(placement.rate_card or DEFAULT_RATE_CARD)


def price_of(placement: Placement) -> FairPrice:
    """The itemised fair price of a placement from the rate card it was priced with."""
    return fair_weekly_price(needs_of(placement), card_for(placement))


def _priced_values(fee: Decimal | None, fair: Decimal, floor: Decimal, ceiling: Decimal, card: RateCard) -> dict:
    values = {"rate_card": card.name, "rate_card_vintage": card.vintage, "fair_weekly_price": fair,
              "floor_weekly_price": floor, "ceiling_weekly_price": ceiling,
              "weekly_gap": None, "annual_gap": None, "gap_flag": ""}
    if fee is not None:
        weekly = fee - fair
        values.update(weekly_gap=weekly, annual_gap=to_pence(weekly * WEEKS_PER_YEAR),
                      gap_flag=gap_flag(fee, floor, fair, ceiling).value)
    return values


def reprice(placement: Placement, card: RateCard | None = None, save: bool = True) -> bool:
    """Prices a placement against a card (its own by default); returns whether anything changed."""
    card = card or card_for(placement)
    price = fair_weekly_price(needs_of(placement), card)
    values = _priced_values(placement.current_weekly_fee, price.total, price.floor, price.ceiling, card)
    changed = any(getattr(placement, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(placement, key, value)
    if changed and save:
        placement.save()
    return changed


def flag_label(flag: str) -> str:
    return GapFlag(flag).label if flag else "No current fee to compare"


# --- visibility ----------------------------------------------------------------------------------------------


def visible_placements(user):
    return Placement.objects.filter(council__in=councils_whose_placements_person_may_see(user).values("pk")) \
        .select_related("council", "ledger_gain")


def visible_councils(user):
    """Councils in the user's scope that have placements on record."""
    return Organisation.objects.filter(pk__in=councils_whose_placements_person_may_see(user).values("pk"),
                                       care_placements__isnull=False).distinct().order_by("name")


def filter_placements(queryset, params):
    if params.get("council"):
        queryset = queryset.filter(council__gss_code=params["council"])
    if params.get("provider"):
        queryset = queryset.filter(provider=params["provider"])
    if params.get("service_type"):
        queryset = queryset.filter(service_type=params["service_type"])
    return queryset


def ranked(placements) -> list[Placement]:
    """Largest weekly gap (fee above the fair price) first; placements with no fee last."""
    placements = list(placements)
    return sorted(placements, key=lambda p: (p.weekly_gap is None, -(p.weekly_gap or 0), p.person_reference))


# --- import --------------------------------------------------------------------------------------------------


@dataclass
class PlacementImportSummary(ImportSummary):
    total_current_weekly: Decimal = ZERO
    total_fair_weekly: Decimal = ZERO
    total_weekly_gap: Decimal = ZERO

    def __str__(self) -> str:
        return (f"{super().__str__()} Current fees £{self.total_current_weekly:,.2f} a week; fair price "
                f"£{self.total_fair_weekly:,.2f} a week; gap £{self.total_weekly_gap:,.2f} a week.")


@dataclass
class _Priced:
    placements: tuple
    prices: object
    card: RateCard


def import_placements(council: Organisation, data: bytes, filename: str, rate_card: str = DEFAULT_RATE_CARD,
                      user=None, progress: Callable | None = None, illustrative: bool | None = None,
                      record: PlacementImport | None = None) -> PlacementImportSummary:
    """Reads, prices and saves a council's placements file, all or nothing (ImportRefused lists every problem).

    Idempotent: the natural key is council + person reference, and a row whose values are all unchanged is not
    saved again (no new history). Negotiated outcomes (agreed fee and date) are never touched by an import, nor is
    the illustrative flag of a placement already on record unless `illustrative` is given.
    """
    try:
        card = load_rate_card(rate_card)
    except (RateCardError, FileNotFoundError, ValueError) as error:
        raise ImportRefused([Problem(0, "rate card", shorten(rate_card), str(error))], filename) from None

    def check(sheet, problems, step) -> _Priced:
        placements = check_placements(sheet, problems, step)
        for p in placements:
            if p.needs.service_type not in card.services:
                problems.add(p.row, sheet.columns.get("service_type", "service_type"), p.needs.service_type.value,
                             f"the rate card {card.name} has no rates for {p.needs.service_type.label}")
        return _Priced(placements, price_portfolio([p.needs for p in placements], card, with_lines=False)
                       if not len(problems) else None, card)

    def write(priced, summary, problems, step) -> None:
        _save_placements(council, priced, summary, step, user=user, illustrative=illustrative, record=record)

    return import_file(data, filename, kind="care.placements", scope=scope_of(council=council.pk, rate_card=card.name),
                       check=check, write=write, **SHEET,
                       progress=progress, summary=PlacementImportSummary, things="placements")


def _save_placements(council, priced: _Priced, summary: PlacementImportSummary, step, *, user, illustrative,
                     record) -> None:
    rows, prices, card = priced.placements, priced.prices, priced.card
    money = prices.money
    existing = {p.person_reference: p for p in Placement.objects.filter(council=council)}
    for i, row in enumerate(rows):
        n = row.needs
        values = {
            "service_type": n.service_type.value, "shared_core_hours": n.shared_core_hours, "shared_by": n.shared_by,
            "one_to_one_hours": n.one_to_one_hours, "two_to_one_hours": n.two_to_one_hours,
            "waking_night_hours": n.waking_night_hours, "sleep_in_nights": n.sleep_in_nights,
            "nights_shared_by": n.nights_shared_by, "provider": row.provider,
            "current_weekly_fee": row.current_weekly_fee, "review_date": row.review_date,
            **_priced_values(row.current_weekly_fee, money(prices.total[i]), money(prices.floor[i]),
                             money(prices.ceiling[i]), card),
        }
        placement = existing.get(row.reference)
        if illustrative is not None:
            values["illustrative"] = illustrative
        if placement is None:
            placement = Placement(council=council, person_reference=row.reference, **values)
            summary.added += 1
        elif any(getattr(placement, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(placement, key, value)
            summary.changed += 1
        else:
            placement = None
            summary.unchanged += 1
        if placement is not None:
            placement.last_import = record if record is not None and record.pk else None
            placement._history_user = user if getattr(user, "pk", None) else None
            placement.save()
        summary.total_fair_weekly += values["fair_weekly_price"]
        if row.current_weekly_fee is not None:
            summary.total_current_weekly += row.current_weekly_fee
            summary.total_weekly_gap += values["weekly_gap"]
        if (i + 1) % PROGRESS_EVERY == 0:
            step(i + 1, len(rows), "Saving placements")
    step(len(rows), len(rows), "Saved")


def run_import(record: PlacementImport, progress: Callable | None = None) -> PlacementImportSummary:
    """Runs a queued PlacementImport (in the worker) and records its outcome on it."""
    try:
        summary = import_placements(record.council, bytes(record.upload.content), record.file_name, record.rate_card,
                                    user=record.uploaded_by, progress=progress, record=record)
    except ImportRefused as error:
        record.status, record.finished_at = ImportStatus.FAILED, timezone.now()
        record.problems = [p.as_dict() for p in error.problems]
        record.save()
        raise
    record.status, record.finished_at = ImportStatus.SUCCEEDED, timezone.now()
    record.rows, record.created, record.changed, record.unchanged = (
        summary.rows, summary.added, summary.changed, summary.unchanged)
    for key in ("total_current_weekly", "total_fair_weekly", "total_weekly_gap"):
        setattr(record, key, getattr(summary, key))
    record.problems = []
    record.save()
    return summary


# --- tables --------------------------------------------------------------------------------------------------


def portfolio_table(placements, caption: str = "Placements priced, largest gap first") -> Table:
    """Each placement priced; the totals row is the sum of the rows shown, to the penny."""
    money_keys = ("fee", "fair", "floor", "ceiling", "weekly_gap", "annual_gap", "agreed")
    rows = []
    footer = {"reference": f"Total ({len(placements)} placements)", **{k: ZERO for k in money_keys}}
    for p in placements:
        row = {"reference": p.person_reference, "url": p.get_absolute_url(), "council": p.council.short_name or p.council.name,
               "provider": p.provider, "service": p.get_service_type_display(), "fee": p.current_weekly_fee,
               "fair": p.fair_weekly_price, "floor": p.floor_weekly_price, "ceiling": p.ceiling_weekly_price,
               "weekly_gap": p.weekly_gap, "annual_gap": p.annual_gap, "flag": flag_label(p.gap_flag),
               "agreed": p.agreed_weekly_fee, "card": f"{p.rate_card} ({p.rate_card_vintage})"}
        for key in money_keys:
            if row[key] is not None:
                footer[key] += row[key]
        rows.append(row)
    columns = [
        Column("reference", "Person reference", LINK), Column("council", "Council"),
        Column("provider", "Provider"), Column("service", "Service"),
        Column("fee", "Current weekly fee", MONEY), Column("fair", "Fair weekly price", MONEY),
        Column("floor", "Floor", MONEY), Column("ceiling", "Ceiling", MONEY),
        Column("weekly_gap", "Weekly gap (fee − fair)", MONEY), Column("annual_gap", "Annual gap (× 52)", MONEY),
        Column("flag", "Assessment"), Column("agreed", "Agreed weekly fee", MONEY), Column("card", "Rate card (vintage)"),
    ]
    return Table("placements", caption, columns, rows, footer,
                 note="Gap = current fee − fair price. A negative gap means the provider is paid below the fair price: "
                      "a risk to the placement, never a saving. Totals are the sums of the rows shown.")


def breakdown_table(price: FairPrice) -> Table:
    rows = [{"line": line.label, "formula": line.formula or "Fixed amount per place",
             "inputs": "; ".join(f"{k}: {v}" for k, v in line.inputs),
             "amount": line.amount} for line in price.lines]
    return Table("breakdown", "Fair weekly price, line by line",
                 [Column("line", "Cost line"), Column("formula", "Formula"), Column("inputs", "Inputs"),
                  Column("amount", "£ a week", MONEY)],
                 rows, footer={"line": "Fair weekly price", "amount": price.total})


def rates_table(price: FairPrice) -> Table:
    """Every rate-card entry the price used, once, with its source and vintage."""
    seen: dict[str, object] = {}
    for line in price.lines:
        for rate in line.rates:
            seen.setdefault(rate.key, rate)
    rows = [{"key": r.key, "value": f"{r.value} {r.unit}", "source": r.source, "date": r.date,
             "status": "Illustrative default: replace with local evidence" if r.illustrative
             else ("Statutory figure to verify" if r.verify else "Sourced")} for r in seen.values()]
    return Table("rates", "Rates used, with source and vintage",
                 [Column("key", "Rate"), Column("value", "Value"), Column("source", "Source"), Column("date", "Date", DATE),
                  Column("status", "Status")], rows)


# --- outcomes and savings ------------------------------------------------------------------------------------


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


def annual_saving(placement: Placement) -> Decimal:
    weekly = placement.weekly_saving
    return to_pence(weekly * WEEKS_PER_YEAR) if weekly else ZERO


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
    from django.urls import reverse

    from riep.ledger.models import Category, EfficiencyGain, EvidenceLevel, GainStatus
    from riep.ledger.services import GainData, save_gain

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
        gain = EfficiencyGain(reference=ledger_reference(placement))
    gain, changed = save_gain(user, gain, data, reason="Negotiated fee changed", check_permission=check)
    if placement.ledger_gain_id != gain.pk:
        Placement.objects.filter(pk=placement.pk).update(ledger_gain=gain)
        placement.ledger_gain = gain
    if changed and attach_pack:
        attach_pack_as_evidence(placement, gain, user)
    return gain


def attach_pack_as_evidence(placement: Placement, gain, user=None):
    """Files the negotiation pack as it stands at the agreement (a PDF) as the gain's evidence document."""
    from django.core.files.base import ContentFile

    from riep.care.negotiation_pack import pack_pdf
    from riep.ledger.models import EvidenceDocument

    title = f"Negotiation pack: placement {placement.person_reference}, agreed {placement.agreed_on:%d %B %Y}"
    doc = EvidenceDocument(gain=gain, title=title[:200], uploaded_by=user if getattr(user, "pk", None) else None)
    doc.file.save(f"negotiation-pack-{placement.person_reference}-{placement.agreed_on:%Y%m%d}.pdf",
                  ContentFile(pack_pdf(placement)), save=False)
    doc.save()
    return doc


def savings_table(councils, caption: str = "Negotiated savings by council") -> Table:
    """Aggregates only: per council, how many placements were negotiated down and what that saves."""
    placements = Placement.objects.filter(council__in=councils, agreed_weekly_fee__isnull=False).select_related("council")
    by_council: dict[int, dict] = {}
    for p in placements:
        saving = p.weekly_saving
        if not saving:
            continue
        row = by_council.setdefault(p.council_id, {"council": p.council.name, "placements": 0, "weekly": ZERO,
                                                   "annual": ZERO, "in_ledger": 0})
        row["placements"] += 1
        row["weekly"] += saving
        row["annual"] += annual_saving(p)
        row["in_ledger"] += 1 if p.ledger_gain_id else 0
    rows = sorted(by_council.values(), key=lambda r: r["council"])
    footer = {"council": "Total", "placements": sum(r["placements"] for r in rows),
              "weekly": sum((r["weekly"] for r in rows), ZERO), "annual": sum((r["annual"] for r in rows), ZERO),
              "in_ledger": sum(r["in_ledger"] for r in rows)}
    return Table("savings", caption,
                 [Column("council", "Council"), Column("placements", "Placements negotiated", COUNT),
                  Column("weekly", "Weekly saving", MONEY), Column("annual", "Annual saving (× 52)", MONEY),
                  Column("in_ledger", "Recorded in the ledger", COUNT)], rows, footer,
                 note="Saving = current fee − agreed fee, for agreed fees lower than the current fee; × 52 a year.")


def savings_councils(user, partnership: Partnership | None = None):
    """Councils whose aggregate savings the user may see: a partnership's councils (riep.registry.scope; the caller
    checks the person may see that partnership's figures), or the user's own scope."""
    if partnership is not None:
        return scope.councils_of_partnership(partnership)
    if user.role == Role.GOVERNMENT_REVIEWER:
        return Organisation.objects.filter(care_placements__isnull=False).distinct()
    return visible_councils(user)


def provider_choices(queryset) -> list[str]:
    return sorted(set(queryset.values_list("provider", flat=True)))
