"""Procurement hub API under /api/v1/procurement/: suppliers, spend lines (filtered, paginated) and a
partnership's collaboration opportunities. Same scope as the pages (riep.procurement.permissions)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from ninja.errors import HttpError

from riep.core.api.auth import AUTH, Router, api_requires
from riep.core.errors import NotFound, UserError
from riep.procurement.models import Supplier
from riep.procurement.permissions import (
    councils_whose_spend_person_may_see,
    partnerships_whose_opportunities_person_may_see,
)
from riep.procurement.services.lines import page_of_lines
from riep.procurement.services.opportunities import opportunities_for
from riep.registry.models import Partnership

router = Router(tags=["procurement"], auth=AUTH)
MAX_PAGE = 1000


class NameOut(Schema):
    council_gss: str
    raw_name: str
    supplier_id_published: str


class SupplierOut(Schema):
    reference: str
    name: str
    company_number: str
    charity_number: str
    vat_number: str
    category_code: str
    category_label: str
    category_confirmed: bool
    total_amount: Decimal
    names: list[NameOut]


class SpendLineOut(Schema):
    council_gss: str
    payment_date: dt.date
    amount: Decimal
    supplier_name: str | None
    redacted: bool
    supplier_id_published: str | None
    department: str | None
    expense_type: str | None
    purpose: str | None
    transaction_number: str | None
    capital_revenue: str | None


class LinesPage(Schema):
    count: int
    offset: int
    limit: int
    lines: list[SpendLineOut]


class CouncilSpendOut(Schema):
    council_gss: str
    spend: Decimal
    lines: int
    unit_price: Decimal | None = None


class OpportunityOut(Schema):
    key: str
    kind: str
    name: str
    councils: int
    spend: Decimal
    lines: int
    price_spread: Decimal | None = None
    saving_at_lowest_price: Decimal | None = None
    by_council: list[CouncilSpendOut]


@router.get("/suppliers", response=list[SupplierOut])
@api_requires("view_spend")
def list_suppliers(request, council: str | None = None, q: str | None = None, offset: int = 0, limit: int = 100):
    """Suppliers buying from the councils the caller may see, largest spend first, with the names seen."""
    councils = councils_whose_spend_person_may_see(request.auth)
    if council:
        councils = councils.filter(gss_code=council.upper())
    suppliers = Supplier.objects.filter(names__council__in=councils).distinct().order_by("-total_amount", "pk")
    if q:
        suppliers = suppliers.filter(names__raw_name__icontains=q[:100])
    limit = max(1, min(limit, MAX_PAGE))
    out = []
    for s in suppliers[max(offset, 0):max(offset, 0) + limit]:
        names = s.names.filter(council__in=councils).select_related("council")
        out.append({"reference": s.reference, "name": s.name, "company_number": s.company_number,
                    "charity_number": s.charity_number, "vat_number": s.vat_number, "category_code": s.category_code,
                    "category_label": s.category_label, "category_confirmed": s.category_confirmed_at is not None,
                    "total_amount": s.total_amount,
                    "names": [{"council_gss": n.council.gss_code, "raw_name": n.raw_name,
                               "supplier_id_published": n.supplier_id_published} for n in names]})
    return out


@router.get("/spend", response=LinesPage)
@api_requires("view_spend")
def list_spend(request, council: str | None = None, month: str | None = None, supplier: str | None = None,
               offset: int = 0, limit: int = 100):
    """Spend lines of the councils the caller may see; filter by council (GSS), month (YYYY-MM) and supplier
    reference. Redacted payees' lines have no supplier name."""
    councils = councils_whose_spend_person_may_see(request.auth)
    if council:
        councils = councils.filter(gss_code=council.upper())
    found = None
    if supplier:
        found = Supplier.objects.filter(reference=supplier).first()
        if found is None:  # a filter that matches no supplier: the field is wrong, the address is not (422, not 404)
            raise UserError(f"There is no supplier {supplier}: give a supplier reference from /api/v1/procurement/suppliers.")
    limit, offset = max(1, min(limit, MAX_PAGE)), max(offset, 0)
    try:
        count, rows = page_of_lines([c for c in councils.values_list("gss_code", flat=True) if c], month=month,
                                    supplier=found, offset=offset, limit=limit)
    except ValueError as error:
        raise UserError(str(error)) from None
    return {"count": count, "offset": offset, "limit": limit, "lines": rows}


@router.get("/partnerships/{code}/opportunities", response=list[OpportunityOut])
@api_requires("view_spend")
def list_opportunities(request, code: str):
    partnership = Partnership.objects.filter(code__iexact=code).first()
    if partnership is None:
        raise NotFound(f"There is no partnership {code}.")
    if not partnerships_whose_opportunities_person_may_see(request.auth).filter(pk=partnership.pk).exists():
        raise HttpError(403, f"You may see the opportunities of your own partnerships only, not {partnership}'s.")
    return [{**o, "by_council": o["by_council"]} for o in opportunities_for(partnership)]
