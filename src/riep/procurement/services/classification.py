"""Each supplier's ProClass category (and CPV where mapped) from what its lines say they were for
(`engine.classify`), unless a person set it: a manual category sticks through every later run."""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from riep.procurement.engine.classify import Coverage, classify, coverage, cpv_for, proclass
from riep.procurement.models import Supplier, SupplierName
from riep.procurement.services.map_file import map_changed


def classify_suppliers() -> int:
    """Classifies every supplier not confirmed by a person; returns how many have a category."""
    expense: dict[int, Counter] = {}
    for supplier_id, expense_type, lines in SupplierName.objects.exclude(supplier=None).values_list(
            "supplier_id", "expense_type", "lines"):
        if expense_type:
            expense.setdefault(supplier_id, Counter())[expense_type] += lines
    groups: dict[tuple, list[int]] = defaultdict(list)  # one UPDATE per distinct outcome, not per supplier
    for supplier in Supplier.objects.filter(category_confirmed_at=None):
        types = expense.get(supplier.pk)
        found = classify(expense_type=types.most_common(1)[0][0] if types else None, supplier_name=supplier.name)
        values = (found.code or "", (found.label or "")[:200], found.cpv_code or "",
                  Decimal(str(round(found.confidence, 3))) if found.code else None, found.basis[:300])
        current = (supplier.category_code, supplier.category_label, supplier.cpv_code, supplier.category_confidence,
                   supplier.category_basis)
        if values != current:
            groups[values].append(supplier.pk)
    for (code, label, cpv_code, confidence, basis), pks in groups.items():
        for start in range(0, len(pks), 500):  # within every database's limit of query parameters
            Supplier.objects.filter(pk__in=pks[start:start + 500]).update(
                category_code=code, category_label=label, cpv_code=cpv_code, category_confidence=confidence,
                category_basis=basis)
    return Supplier.objects.exclude(category_code="").count()


def set_category(user, supplier: Supplier, code: str) -> Supplier:
    """A person's category for the supplier: it sticks (later classification runs leave it alone)."""
    category = proclass().get(code.strip())
    if category is None:
        raise ValidationError(f"‘{code}’ is not a ProClass v17 code.")
    supplier.category_code, supplier.category_label = category.code, category.label[:200]
    supplier.cpv_code = cpv_for(category.code)[0] or ""
    supplier.category_confidence = 1
    supplier.category_basis = "set by a person"
    supplier.category_confirmed_by, supplier.category_confirmed_at = user, timezone.now()
    supplier.save()
    map_changed()
    return supplier


def classification_coverage(suppliers=None) -> Coverage:
    """By value: how much of the spend has a category, and how much of it a person confirmed."""
    suppliers = Supplier.objects.all() if suppliers is None else suppliers
    return coverage((s.total_amount, s.category_code or None, s.category_confirmed_at is not None)
                    for s in suppliers)
