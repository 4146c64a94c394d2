"""Resolving the names councils publish into suppliers (`engine.resolve`), storing the clusters with stable
references, the borderline pairs for review, and people's decisions, which every later run applies."""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from riep.procurement.engine.names import display_name
from riep.procurement.engine.resolve import Decision, NameRecord, resolve
from riep.procurement.models import (
    BorderlinePair,
    JointContractSaving,
    ResolutionDecision,
    ResolutionRun,
    Supplier,
    SupplierName,
    Verdict,
)
from riep.procurement.services.classification import classify_suppliers
from riep.procurement.services.map_file import map_changed


def _records(names) -> list[NameRecord]:
    return [NameRecord(key=str(n.pk), raw_name=n.raw_name, company_number=n.company_number or None,
                       charity_number=n.charity_number or None, vat_number=n.vat_number or None,
                       council=n.council.gss_code, total=n.total_amount) for n in names]


def _decisions() -> list[Decision]:
    """Every decision, oldest first: the engine keeps the last word on each pair."""
    return [Decision(str(d.left_id), str(d.right_id), d.verdict == Verdict.SAME)
            for d in ResolutionDecision.objects.order_by("decided_at", "pk")]


def _supplier_values(members: list[SupplierName]) -> dict:
    largest = max(members, key=lambda n: (abs(n.total_amount), n.raw_name))
    values = {"name": display_name(largest.raw_name)[:300],
              "total_amount": sum((n.total_amount for n in members), Decimal(0))}
    for kind in ("company_number", "charity_number", "vat_number"):
        found = Counter(getattr(n, kind) for n in members if getattr(n, kind))
        values[kind] = found.most_common(1)[0][0] if found else ""
    return values


@transaction.atomic
def run_resolution(user=None, progress=None) -> ResolutionRun:
    progress = progress or (lambda done, total, message="": None)
    run = ResolutionRun.objects.create(started_by=user if getattr(user, "pk", None) else None)
    names = list(SupplierName.objects.select_related("council", "supplier"))
    progress(0, 3, f"Resolving {len(names):,} published names")
    previous = {str(n.pk): n.supplier.reference for n in names if n.supplier_id}
    result = resolve(_records(names), _decisions(), previous)
    progress(1, 3, "Saving the suppliers")
    by_ref: dict[str, list[SupplierName]] = defaultdict(list)
    for name in names:
        by_ref[result.clusters[str(name.pk)]].append(name)
    existing = {s.reference: s for s in Supplier.objects.filter(reference__in=list(by_ref))}
    new = []
    for ref, members in by_ref.items():
        supplier = existing.get(ref)
        values = _supplier_values(members)
        if supplier is None:
            supplier = existing[ref] = Supplier(reference=ref, **values)
            new.append(supplier)
        elif any(getattr(supplier, k) != v for k, v in values.items()):
            Supplier.objects.filter(pk=supplier.pk).update(**values)
    Supplier.objects.bulk_create(new, batch_size=1000)
    moved: dict[int, list[int]] = defaultdict(list)  # one UPDATE per supplier whose names changed
    for ref, members in by_ref.items():
        for name in members:
            if name.supplier_id != existing[ref].pk:
                moved[existing[ref].pk].append(name.pk)
    for supplier_pk, name_pks in moved.items():
        SupplierName.objects.filter(pk__in=name_pks).update(supplier_id=supplier_pk)
    kept = set(JointContractSaving.objects.exclude(supplier=None).values_list("supplier_id", flat=True))
    Supplier.objects.filter(names=None).exclude(pk__in=kept).delete()
    progress(2, 3, "Saving the pairs to review")
    BorderlinePair.objects.all().delete()  # the latest run's queue replaces the last
    BorderlinePair.objects.bulk_create([
        BorderlinePair(left_id=int(p.a_key), right_id=int(p.b_key), score=Decimal(str(p.score)).quantize(
            Decimal("0.001")), reason="; ".join(p.reasons)[:300], run=run) for p in result.borderline], batch_size=500)
    classify_suppliers()
    map_changed()
    run.names, run.suppliers, run.borderline = len(names), len(by_ref), len(result.borderline)
    run.finished_at = timezone.now()
    run.save()
    progress(3, 3, "Resolved")
    return run


@transaction.atomic
def decide(user, pair: BorderlinePair | tuple[SupplierName, SupplierName], same: bool, note: str = "") -> ResolutionDecision:
    """Records a person's decision (kept for good) and applies it at once by re-running the resolution."""
    left, right = (pair.left, pair.right) if isinstance(pair, BorderlinePair) else pair
    decision = ResolutionDecision.objects.create(left=left, right=right, verdict=Verdict.SAME if same else
                                                 Verdict.DIFFERENT, note=note[:300], decided_by=user)
    run_resolution(user)
    return decision
