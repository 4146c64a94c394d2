"""Suppliers and spend as people read them: the supplier map the analytics join on, the names as published, a
council's spend by month, category and supplier, and a supplier's spend across councils."""
from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from riep.core.tables import COUNT, LINK, MONEY, TEXT, Column, Table
from riep.procurement.analytics import queries
from riep.procurement.engine.classify import proclass
from riep.procurement.models import Supplier, SupplierName
from riep.procurement.services.storage import spend_dir

ZERO = Decimal("0.00")


def supplier_map(councils=None) -> list[dict]:
    """council_gss, supplier_name (as published), supplier_ref, category_code: one row per council and name (a
    name published with two IDs goes to the supplier with more of its spend)."""
    names = SupplierName.objects.exclude(supplier=None)
    if councils is not None:
        names = names.filter(council__in=councils)
    chosen: dict[tuple[str, str], tuple] = {}
    # tuples, not model instances: nationally this is hundreds of thousands of names
    for gss, raw, ref, code, total in names.values_list("council__gss_code", "raw_name", "supplier__reference",
                                                          "supplier__category_code", "total_amount").iterator(5000):
        key = (gss, raw)
        if key not in chosen or abs(total) > abs(chosen[key][2]):
            chosen[key] = (ref, code or None, total)
    return [{"council_gss": gss, "supplier_name": raw, "supplier_ref": ref, "category_code": code}
            for (gss, raw), (ref, code, _total) in chosen.items()]


def published_names_rows(council=None) -> list[dict]:
    """One row per council and name as published: council_gss, raw_name, supplier_id, supplier_name."""
    names = SupplierName.objects.select_related("council", "supplier").order_by("council__gss_code", "raw_name")
    if council is not None:
        names = names.filter(council=council)
    return [{"council_gss": n.council.gss_code, "raw_name": n.raw_name, "supplier_id": n.supplier.reference
             if n.supplier_id else "", "supplier_name": n.supplier.name if n.supplier_id else "",
             "supplier_id_published": n.supplier_id_published} for n in names]


def category_label(code: str | None) -> str:
    if not code:
        return "Not classified"
    category = proclass().get(code)
    return f"{code} {category.label}" if category else code


def council_summary_tables(council) -> list[Table]:
    gss = council.gss_code
    summary = queries.council_summary(spend_dir(), gss, supplier_map([council]))
    months = Table("months", f"Spend by month: {council}", [
        Column("month", "Month"), Column("spend", "Spend", MONEY), Column("lines", "Lines", COUNT),
        Column("credit_notes", "Credit notes", COUNT), Column("redacted_lines", "Redacted payees (lines)", COUNT),
        Column("redacted_spend", "Redacted payees (spend)", MONEY)],
        sorted(summary["by_month"], key=lambda r: r["month"]),
        note="Spend net of credit notes. Payments to people whose names the council withheld are counted here, "
             "never shown as a supplier.")
    categories = Table("categories", f"Spend by category: {council}", [
        Column("category", "Category (ProClass v17)"), Column("spend", "Spend", MONEY), Column("lines", "Lines", COUNT)],
        [{"category": category_label(r["category_code"]), **r} for r in
         sorted(summary["by_category"], key=lambda r: -r["spend"])])
    refs = {s.reference: s for s in Supplier.objects.filter(
        reference__in=[r["supplier_ref"] for r in summary["by_supplier"] if r["supplier_ref"]])}
    rows = []
    for r in sorted(summary["by_supplier"], key=lambda r: -r["spend"]):
        supplier = refs.get(r["supplier_ref"])
        if r["redacted"]:
            rows.append({"supplier": "Redacted payees (not shown as suppliers)", "published": "", **r})
        else:
            rows.append({"supplier": supplier.name if supplier else r["supplier_name"], "published": r["supplier_name"],
                         "url": reverse("procurement:supplier", args=[supplier.reference]) if supplier else "", **r})
    suppliers = Table("suppliers", f"Spend by supplier: {council}", [
        Column("supplier", "Supplier", LINK), Column("published", "Name as published", TEXT),
        Column("spend", "Spend", MONEY), Column("lines", "Lines", COUNT)], rows)
    return [months, categories, suppliers]


def supplier_tables(supplier: Supplier, councils) -> list[Table]:
    """The supplier's spend by council (within the councils the person may see) and the names it was seen under."""
    names = list(supplier.names.filter(council__in=councils).select_related("council", "first_seen_in"))
    by_council: dict[int, dict] = {}
    for n in names:
        row = by_council.setdefault(n.council_id, {"council": str(n.council), "gss": n.council.gss_code,
                                                   "spend": ZERO, "lines": 0, "names": 0})
        row["spend"] += n.total_amount
        row["lines"] += n.lines
        row["names"] += 1
    spend = Table("councils", f"Spend with {supplier.name} by council", [
        Column("council", "Council"), Column("gss", "GSS code"), Column("spend", "Spend", MONEY),
        Column("lines", "Lines", COUNT), Column("names", "Names used", COUNT)],
        sorted(by_council.values(), key=lambda r: -r["spend"]))
    seen = Table("names", "Names seen", [
        Column("council", "Council"), Column("raw_name", "Name as published"),
        Column("supplier_id_published", "Council's supplier ID"), Column("company_number", "Company number"),
        Column("charity_number", "Charity number"), Column("vat_number", "VAT number"),
        Column("spend", "Spend", MONEY), Column("lines", "Lines", COUNT)],
        [{"council": str(n.council), "raw_name": n.raw_name, "supplier_id_published": n.supplier_id_published,
          "company_number": n.company_number, "charity_number": n.charity_number, "vat_number": n.vat_number,
          "spend": n.total_amount, "lines": n.lines} for n in sorted(names, key=lambda n: -n.total_amount)])
    return [spend, seen]


def suppliers_table(councils, search: str = "") -> Table:
    suppliers = Supplier.objects.filter(names__council__in=councils).distinct().order_by("-total_amount", "name")
    if search:
        suppliers = suppliers.filter(names__raw_name__icontains=search)
    return Table("suppliers", "Suppliers", [
        Column("name", "Supplier", LINK), Column("reference", "Reference"), Column("category", "Category"),
        Column("company_number", "Company number"), Column("spend", "Spend, all councils", MONEY)],
        ({"name": s.name, "url": reverse("procurement:supplier", args=[s.reference]), "reference": s.reference,
          "category": category_label(s.category_code), "company_number": s.company_number,
          "spend": s.total_amount} for s in suppliers.iterator()))
