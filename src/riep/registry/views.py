from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from riep.core.audit import audit_table
from riep.core.forms import UploadField
from riep.core.fy import FinancialYear
from riep.core.jobs import enqueue
from riep.core.permissions import has_permission, requires
from riep.core.tables import COUNT, FINANCIAL_YEAR, LINK, MONEY, Column, Table, download_response
from riep.core.uploads import receive_upload
from riep.registry import as_at, scope
from riep.registry.forms import PartnerOrganisationForm, PersonForm
from riep.registry.models import (
    CouncilType,
    FundingPeriod,
    GrantKind,
    Membership,
    Organisation,
    Partnership,
    PartnershipGrant,
    Person,
    Region,
)
from riep.registry.sections import council_sections, partnership_sections


def _programme_named_days() -> dict:
    """The programme's first and last days across the partnerships' funding periods (RIEP: 2008-09 to 2010-11)."""
    years = FundingPeriod.objects.aggregate(first=Min("first_year"), last=Max("last_year"))
    if years["first"] is None:
        return {}
    first, last = FinancialYear.parse(years["first"]), FinancialYear.parse(years["last"])
    return {first.first_day: "the start of the RIEP programme", last.last_day: "the end of the RIEP programme"}


@requires("signed_in")
def council_list(request):
    """Today's register by default; any other day with ?on= (the programme's first and last days offered)."""
    choice = as_at.choose(request, named=_programme_named_days())
    councils = Organisation.objects.councils().select_related("region", "county")
    region, kind = request.GET.get("region", ""), request.GET.get("type", "")
    include_former = request.GET.get("former") == "1"
    if region:
        councils = councils.filter(region__code=region)
    if kind:
        councils = councils.filter(council_type=kind)
    if include_former:  # every council that had been created by that day, abolished or not
        councils = councils.filter(Q(start_date__isnull=True) | Q(start_date__lte=choice.day))
    else:
        councils = as_at.existed_on(councils, choice.day)
    table = Table("councils", f"Councils on {choice.described}", [
        Column("name", "Council", LINK), Column("code", "Code (GSS, or ONS SNAC before 2009)"), Column("type", "Type"),
        Column("county", "County"), Column("region", "Region"), Column("population", "Population (2020)", COUNT),
        Column("ended", "Abolished"),
    ], [{"name": c.name, "url": reverse("registry:council", args=[c.pk]), "code": as_at.code_text(c), "type": c.get_council_type_display(),
         "county": str(c.county) if c.county else "", "region": str(c.region or ""), "population": c.population,
         "ended": c.end_date.strftime("%d %b %Y") if c.end_date else ""} for c in councils.order_by("name")])
    download = download_response(request, [table], "councils")
    if download:
        return download
    return render(request, "registry/council_list.html", {
        "table": table, "regions": Region.objects.all(), "types": CouncilType.choices,
        "region": region, "type": kind, "include_former": include_former, "as_at": choice,
    })


@requires("signed_in")
def council_detail(request, pk):
    council = get_object_or_404(Organisation.objects.select_related("region", "county"), pk=pk)
    memberships = council.memberships.select_related("partnership")
    sections = council_sections(request, council)
    audit = audit_table([Organisation.history.filter(id=council.pk), Membership.history.filter(organisation_id=council.pk)],
                        caption="Changes to this council and its memberships", viewer=request.user)
    download = download_response(request, [*(s.table for s in sections), audit], f"council-{council.gss_code or council.pk}")
    if download:
        return download
    return render(request, "registry/council_detail.html", {
        "council": council, "memberships": memberships, "sections": sections,
        "districts": council.districts.order_by("name"), "predecessors": council.predecessors.order_by("name"),
        "successors": council.successors.order_by("name"), "audit": audit, "codes": as_at.codes(council),
    })


@requires("signed_in")
def partnership_list(request):
    partnerships = Partnership.objects.select_related("region", "accountable_body").prefetch_related("grants", "projects")
    rows = []
    for p in partnerships:
        core = next((g.amount for g in p.grants.all() if g.kind == GrantKind.CORE and g.year.start_year == 2009), None)
        rows.append({"name": p.name, "url": reverse("registry:partnership", args=[p.code]), "code": p.code, "region": str(p.region or ""),
                     "body": str(p.accountable_body), "core": core, "projects": len(p.projects.all())})
    table = Table("partnerships", "Partnerships", [
        Column("name", "Partnership", LINK), Column("code", "Code"), Column("region", "Region"),
        Column("body", "Accountable body"), Column("core", "2009-10 core grant", MONEY), Column("projects", "Projects", COUNT),
    ], rows, footer={"name": "Total", "core": sum((r["core"] or Decimal(0) for r in rows), Decimal(0)),
                     "projects": sum(r["projects"] for r in rows)})
    download = download_response(request, [table], "partnerships")
    return download or render(request, "registry/partnership_list.html", {"table": table})


@requires("signed_in")
def partnership_detail(request, code):
    partnership = get_object_or_404(Partnership.objects.select_related("region", "accountable_body"), code__iexact=code)
    # A page about the programme: its members as they stood on the funding period's first day, unless asked.
    days = as_at.programme_days(partnership)
    named = {days[0]: "the start of the funding period", days[1]: "the end of the funding period"} if days else {}
    choice = as_at.choose(request, default=days[0] if days else None, named=named)
    members = as_at.memberships_on(partnership, choice.day).select_related(
        "organisation", "organisation__county").order_by("organisation__name")
    member_table = Table("members", f"Members on {choice.described}", [
        Column("name", "Organisation", LINK), Column("code", "Code (GSS, or ONS SNAC before 2009)"), Column("type", "Type"),
        Column("role", "Role"), Column("left", "Left"),
    ], [{"name": m.organisation.name, "url": reverse("registry:council", args=[m.organisation.pk]),
         "code": as_at.code_text(m.organisation),
         "type": m.organisation.get_council_type_display() or m.organisation.get_kind_display(),
         "role": m.get_role_display(), "left": m.left_on.strftime("%d %b %Y") if m.left_on else ""} for m in members])
    grants = partnership.grants.all()
    grant_table = Table("grants", "Central funding received by financial year", [
        Column("year", "Financial year", FINANCIAL_YEAR), Column("kind", "Grant"), Column("amount", "Amount", MONEY),
        Column("source", "Source"), Column("illustrative", "Figures"),
    ], [{"year": g.year, "kind": g.get_kind_display(), "amount": g.amount, "source": g.source,
         "illustrative": "Illustrative" if g.illustrative else "Published"} for g in grants],
        footer={"year": "Total", "amount": sum((g.amount for g in grants), Decimal(0))})
    sections = partnership_sections(request, partnership)
    audit = audit_table([
        Partnership.history.filter(id=partnership.pk), FundingPeriod.history.filter(partnership_id=partnership.pk),
        PartnershipGrant.history.filter(partnership_id=partnership.pk), Membership.history.filter(partnership_id=partnership.pk),
    ], caption="Changes to this partnership, its funding and its members", viewer=request.user)
    tables = [*(s.table for s in sections), grant_table, member_table, audit]
    download = download_response(request, tables, f"partnership-{partnership.code}")
    if download:
        return download
    people = partnership.people.select_related("organisation") if has_permission(request.user, "view_people") else None
    return render(request, "registry/partnership_detail.html", {
        "partnership": partnership, "sections": sections, "grant_table": grant_table,
        "member_table": member_table, "periods": partnership.funding_periods.all(), "people": people, "audit": audit,
        "as_at": choice,
    })


@requires("view_people")
def people_list(request):
    people = Person.objects.select_related("organisation", "partnership")
    table = Table("people", "People", [
        Column("name", "Name"), Column("title", "Job title"), Column("organisation", "Organisation"),
        Column("partnership", "Partnership"), Column("role", "Partnership role"), Column("email", "Email"),
    ], [{"name": p.name, "title": p.job_title, "organisation": str(p.organisation), "partnership": str(p.partnership or ""),
         "role": p.partnership_role, "email": p.email} for p in people])
    download = download_response(request, [table], "people")
    return download or render(request, "registry/people.html", {"table": table})


class CouncilFileForm(forms.Form):
    file = UploadField(label="Council register file (CSV)",
                           help_text="In the format of mySociety's uk_local_authority_names_and_codes register.")


@requires("manage_registry")
def council_import(request):
    form = CouncilFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = receive_upload(form.cleaned_data["file"], request.user)
        job = enqueue("registry.import_councils", {"upload_id": upload.pk}, request.user)
        return redirect("core:job", pk=job.pk)
    return render(request, "registry/import.html", {"form": form})


def _partnership_for_admin(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    if not scope.manages_partnership(request.user, partnership):

        raise PermissionDenied("You administer other partnerships, not this one.")
    return partnership


@requires("manage_registry")
def partner_add(request, code):
    partnership = _partnership_for_admin(request, code)
    form = PartnerOrganisationForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        membership = form.save()
        messages.success(request, f"{membership.organisation} added as a partner.")
        return redirect("registry:partnership", code=partnership.code)
    return render(request, "portfolio/form.html", {"form": form, "title": f"Add a partner organisation to {partnership}", "submit": "Add partner"})


@requires("manage_registry")
def person_add(request, code):
    partnership = _partnership_for_admin(request, code)
    form = PersonForm(request.POST or None, partnership=partnership, instance=Person(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, f"{person.name} added.")
        return redirect("registry:partnership", code=partnership.code)
    return render(request, "portfolio/form.html", {"form": form, "title": f"Add a person to {partnership}", "submit": "Add person"})
