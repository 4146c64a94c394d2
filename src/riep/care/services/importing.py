"""Importing a council's placements file on the platform's import protocol (riep.core.importing): all or nothing,
idempotent, every problem named; each placement priced against the rate card as it is saved."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from riep.care.calc import (
    RateCard,
    RateCardError,
    load_rate_card,
    price_portfolio,
)
from riep.care.models import ImportStatus, Placement, PlacementImport
from riep.care.placements_file import SHEET, check_placements
from riep.care.services.pricing import DEFAULT_RATE_CARD, ZERO, priced_values
from riep.core.importing import (
    ImportRefused,
    ImportSummary,
    Problem,
    import_file,
    scope_of,
    shorten,
    write_in_batches,
)
from riep.registry.models import Organisation


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
    """Reads, prices and saves a council's placements file: every row checked before the first write (ImportRefused
    lists every problem), then written in short transactions so the platform stays writable meanwhile.

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
                       progress=progress, summary=PlacementImportSummary, things="placements", in_batches=True)


def _save_placements(council, priced: _Priced, summary: PlacementImportSummary, step, *, user, illustrative,
                     record) -> None:
    """Saves the priced rows in short transactions (`write_in_batches`): a 150,000-row file never holds the write
    lock for more than one batch, so the rest of the platform stays writable while it goes in."""
    rows, prices, card = priced.placements, priced.prices, priced.card
    money = prices.money
    last_import = record if record is not None and record.pk else None
    history_user = user if getattr(user, "pk", None) else None
    wanted = []
    for i, row in enumerate(rows):  # worked out before any write: pure, and outside the transactions
        n = row.needs
        values = {
            "service_type": n.service_type.value, "shared_core_hours": n.shared_core_hours, "shared_by": n.shared_by,
            "one_to_one_hours": n.one_to_one_hours, "two_to_one_hours": n.two_to_one_hours,
            "waking_night_hours": n.waking_night_hours, "sleep_in_nights": n.sleep_in_nights,
            "nights_shared_by": n.nights_shared_by, "provider": row.provider,
            "current_weekly_fee": row.current_weekly_fee, "review_date": row.review_date,
            **priced_values(row.current_weekly_fee, money(prices.total[i]), money(prices.floor[i]),
                             money(prices.ceiling[i]), card),
        }
        if illustrative is not None:
            values["illustrative"] = illustrative
        wanted.append((row.reference, values))
        summary.total_fair_weekly += values["fair_weekly_price"]
        if row.current_weekly_fee is not None:
            summary.total_current_weekly += row.current_weekly_fee
            summary.total_weekly_gap += values["weekly_gap"]
    fields = sorted({key for _, values in wanted for key in values} | {"last_import"})

    def save_batch(batch) -> None:
        # Compared with what is stored now, inside the batch's transaction: an edit made since the file was
        # checked is seen, and a re-run after a stop finds the rows already written unchanged.
        stored = {p.person_reference: p for p in
                  Placement.objects.filter(council=council, person_reference__in=[ref for ref, _ in batch])}
        added, changed = [], []
        for reference, values in batch:
            placement = stored.get(reference)
            if placement is None:
                added.append(Placement(council=council, person_reference=reference, last_import=last_import,
                                       **values))
            elif any(getattr(placement, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(placement, key, value)
                placement.last_import = last_import
                changed.append(placement)
        if added:
            bulk_create_with_history(added, Placement, default_user=history_user)
        if changed:
            bulk_update_with_history(changed, Placement, fields, default_user=history_user)
        summary.added += len(added)
        summary.changed += len(changed)
        summary.unchanged += len(batch) - len(added) - len(changed)

    write_in_batches(wanted, save_batch, step, "Saving placements")
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
