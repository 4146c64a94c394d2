"""The collaboration finder for a partnership, an opportunity made a project, and a validated saving."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from riep.core.permissions import requires
from riep.core.tables import DATE, MONEY, Column, Table, download_response
from riep.portfolio.permissions import may_create_project_in
from riep.procurement.forms import SavingForm
from riep.procurement.models import JointContractSaving, Supplier
from riep.procurement.permissions import partnerships_whose_opportunities_person_may_see, require_see_opportunities_of
from riep.procurement.services.opportunities import create_project, opportunities_for, opportunities_table
from riep.procurement.services.savings import record_joint_contract_saving
from riep.registry import scope
from riep.registry.models import Partnership


@requires("view_spend")
def opportunities(request, code=None):
    partnerships = partnerships_whose_opportunities_person_may_see(request.user)
    if code is None:
        first = partnerships.order_by("code").first()
        if first is None:
            raise PermissionDenied("You do not work for a partnership.")
        return redirect("procurement:opportunities", code=first.code)
    partnership = get_object_or_404(Partnership, code__iexact=code)
    require_see_opportunities_of(request.user, partnership)
    if request.method == "POST":
        try:
            project = create_project(request.user, partnership, request.POST.get("key", ""))
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
            return redirect("procurement:opportunities", code=partnership.code)
        messages.success(request, f"Project ‘{project.name}’ created from the opportunity.")
        return redirect(project.get_absolute_url())
    found = opportunities_for(partnership)
    table = opportunities_table(partnership, found)
    download = download_response(request, [table], f"opportunities-{partnership.code}")
    if download:
        return download
    return render(request, "procurement/opportunities.html", {
        "partnership": partnership, "partnerships": partnerships, "table": table, "found": found[:30],
        "may_create": may_create_project_in(request.user, partnership)})


@requires("record_gains")
def new_saving(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    if not scope.manages_partnership(request.user, partnership):
        raise PermissionDenied(f"Only {partnership.name}'s staff record its joint-contract savings.")
    form = SavingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        supplier = Supplier.objects.filter(reference=data["supplier"].strip()).first() if data["supplier"] else None
        if data["supplier"] and supplier is None:
            form.add_error("supplier", "No supplier has that reference")
        else:
            try:
                saving = record_joint_contract_saving(
                    request.user, partnership, scope.councils_of_partnership(partnership), supplier=supplier,
                    category_code=data["category_code"].strip(), baseline_from=data["baseline_from"],
                    baseline_to=data["baseline_to"], contract_start=data["contract_start"],
                    new_annual_cost=data["new_annual_cost"])
                messages.success(request, "Saving validated against the prior spend and recorded in the ledger.")
                return redirect("procurement:saving", pk=saving.pk)
            except ValidationError as error:
                form.add_error(None, "; ".join(error.messages))
    return render(request, "procurement/saving_form.html", {"form": form, "partnership": partnership})


@requires("view_spend")
def saving(request, pk):
    found = get_object_or_404(JointContractSaving.objects.select_related("partnership", "supplier", "lead_council"),
                              pk=pk)
    require_see_opportunities_of(request.user, found.partnership)
    table = Table("saving", "Validation against prior spend", [
        Column("what", "Supplier or category"), Column("from", "Baseline from", DATE), Column("to", "Baseline to", DATE),
        Column("spend", "Prior spend", MONEY), Column("annual", "Prior spend a year", MONEY),
        Column("new", "Joint contract a year", MONEY), Column("saving", "Annual saving", MONEY)],
        [{"what": found.supplier.name if found.supplier else found.category_code, "from": found.baseline_from,
          "to": found.baseline_to, "spend": found.baseline_spend, "annual": found.baseline_annual,
          "new": found.new_annual_cost, "saving": found.annual_saving}])
    download = download_response(request, [table], f"joint-contract-saving-{found.pk}")
    if download:
        return download
    return render(request, "procurement/saving.html", {"saving": found, "table": table})
