"""The hub, a council's spend, suppliers, a supplier, and the review queue."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Min, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from riep.core.permissions import name_shown_to, requires
from riep.core.tables import COUNT, DATE, LINK, MONEY, NUMBER, Column, Table, download_response
from riep.procurement.forms import CategoryForm, DecisionForm
from riep.procurement.models import BorderlinePair, FileStatus, ResolutionDecision, SpendFile, Supplier
from riep.procurement.permissions import (
    councils_person_imports_spend_for,
    councils_whose_spend_person_may_see,
    may_review,
    require_review,
    require_see_spend_of,
)
from riep.procurement.services.classification import classification_coverage, set_category
from riep.procurement.services.lines import lines_table
from riep.procurement.services.resolution import decide
from riep.procurement.services.suppliers import council_summary_tables, supplier_tables, suppliers_table
from riep.registry.models import Organisation


@requires("view_spend")
def hub(request):
    councils = councils_whose_spend_person_may_see(request.user)
    files = (SpendFile.objects.filter(council__in=councils, status=FileStatus.IMPORTED).values(
        "council__pk", "council__name", "council__gss_code").annotate(
        files=Count("pk"), lines=Sum("lines_imported"), spend=Sum("total_amount"), first=Min("first_payment"),
        last=Max("last_payment")).order_by("council__name"))
    table = Table("councils", "Councils' spend files imported", [
        Column("council", "Council", LINK), Column("gss", "GSS code"), Column("files", "Files", COUNT),
        Column("lines", "Lines", COUNT), Column("spend", "Spend", MONEY), Column("first", "From", DATE),
        Column("last", "To", DATE)],
        [{"council": f["council__name"], "gss": f["council__gss_code"], "files": f["files"], "lines": f["lines"],
          "spend": f["spend"], "first": f["first"], "last": f["last"],
          "url": reverse("procurement:council", args=[f["council__gss_code"]])} for f in files])
    download = download_response(request, [table], "spend-councils")
    if download:
        return download
    visible = Supplier.objects.filter(names__council__in=councils).distinct()
    return render(request, "procurement/hub.html", {
        "table": table, "coverage": classification_coverage(visible), "may_review": may_review(request.user),
        "pairs": BorderlinePair.objects.count() if may_review(request.user) else 0,
        "may_import": councils_person_imports_spend_for(request.user).exists()})  # else the upload page is a 403


@requires("view_spend")
def council(request, gss):
    found = get_object_or_404(Organisation.objects.councils(), gss_code=gss)
    require_see_spend_of(request.user, found)
    tables = council_summary_tables(found)
    every_line = lines_table([gss], f"Every spend line: {found}")  # a generator: streamed, never all in memory
    download = download_response(request, tables + [every_line], f"spend-{gss}")
    if download:
        return download
    files = SpendFile.objects.filter(council=found).select_related("uploaded_by")[:50]
    return render(request, "procurement/council.html", {"council": found, "tables": tables, "files": files})


@requires("view_spend")
def suppliers(request):
    search = request.GET.get("q", "").strip()[:100]
    table = suppliers_table(councils_whose_spend_person_may_see(request.user), search)
    download = download_response(request, [table], "suppliers")
    if download:
        return download
    return render(request, "procurement/suppliers.html", {"table": table, "q": search})


def _decisions_table(supplier: Supplier, viewer) -> Table:
    ids = list(supplier.names.values_list("pk", flat=True))
    decisions = ResolutionDecision.objects.filter(Q(left_id__in=ids) | Q(right_id__in=ids)).select_related(
        "left__council", "right__council", "decided_by")
    return Table("decisions", "Resolution decisions on these names (newest first)", [
        Column("left", "Name"), Column("right", "Other name"), Column("verdict", "Decision"),
        Column("who", "Who"), Column("when", "When", DATE), Column("note", "Note")],
        [{"left": f"{d.left.raw_name} ({d.left.council})", "right": f"{d.right.raw_name} ({d.right.council})",
          "verdict": d.get_verdict_display(), "who": name_shown_to(viewer, d.decided_by) if d.decided_by else "",
          "when": d.decided_at.date(), "note": d.note} for d in decisions])


@requires("view_spend")
def supplier(request, reference):
    found = get_object_or_404(Supplier, reference=reference)
    councils = councils_whose_spend_person_may_see(request.user)
    if not found.names.filter(council__in=councils).exists():
        raise PermissionDenied("You may not see this supplier: none of your councils buys from it.")
    form = CategoryForm(request.POST or None) if may_review(request.user) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            set_category(request.user, found, form.cleaned_data["code"])
            messages.success(request, "Category set: it stays through every later classification.")
            return redirect("procurement:supplier", reference=reference)
        except ValidationError as error:
            form.add_error("code", "; ".join(error.messages))
    tables = supplier_tables(found, councils) + [_decisions_table(found, request.user)]
    download = download_response(request, tables, f"supplier-{reference}")
    if download:
        return download
    return render(request, "procurement/supplier.html", {"supplier": found, "tables": tables, "form": form})


@requires("review_suppliers")
def review(request):
    if not may_review(request.user):
        raise PermissionDenied("Only partnership staff review supplier names.")
    councils = councils_whose_spend_person_may_see(request.user)
    pairs = BorderlinePair.objects.filter(left__council__in=councils, right__council__in=councils).select_related(
        "left__council", "right__council", "left__supplier", "right__supplier")
    if request.method == "POST":
        pair = get_object_or_404(pairs, pk=request.POST.get("pair"))
        form = DecisionForm(request.POST)
        if form.is_valid():
            require_review(request.user, pair.left.council, pair.right.council)
            decide(request.user, pair, form.cleaned_data["verdict"] == "same", form.cleaned_data["note"])
            messages.success(request, f"Recorded: ‘{pair.left.raw_name}’ and ‘{pair.right.raw_name}’ are "
                                      f"{'one supplier' if form.cleaned_data['verdict'] == 'same' else 'different'}.")
            return redirect("procurement:review")
        messages.error(request, "Choose whether the two names are one supplier.")
    table = Table("pairs", "Pairs of names to review", [
        Column("left", "Name"), Column("left_council", "Published by"), Column("right", "Other name"),
        Column("right_council", "Published by"), Column("score", "Similarity", NUMBER),
        Column("reason", "Why they may be one")],
        ({"left": p.left.raw_name, "left_council": str(p.left.council), "right": p.right.raw_name,
          "right_council": str(p.right.council), "score": p.score, "reason": p.reason} for p in pairs[:500]))
    download = download_response(request, [table], "supplier-review-queue")
    if download:
        return download
    return render(request, "procurement/review.html", {"pairs": pairs[:50], "table": table, "count": pairs.count()})
