from decimal import Decimal

from django import forms
from django.contrib import messages
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from riep.core.audit import audit_table
from riep.core.jobs import enqueue
from riep.core.permissions import has_permission, requires
from riep.core.tables import MONEY, NUMBER, TEXT, YEAR, Column, Table, download_response
from riep.portfolio.services import partnership_projects_table, projects_with_funding
from riep.registry.models import (
    CouncilType, FundingPeriod, GrantKind, Membership, Organisation, Partnership, PartnershipGrant, Person, Region,
)


@requires("signed_in")
def council_list(request):
    councils = Organisation.objects.councils().select_related("region", "county")
    region, kind = request.GET.get("region", ""), request.GET.get("type", "")
    include_former = request.GET.get("former") == "1"
    if region:
        councils = councils.filter(region__code=region)
    if kind:
        councils = councils.filter(council_type=kind)
    if not include_former:
        councils = councils.current()
    table = Table("councils", "Councils", [
        Column("name", "Council", TEXT, link_key="url"), Column("gss", "GSS code"), Column("type", "Type"),
        Column("county", "County"), Column("region", "Region"), Column("population", "Population (2020)", NUMBER),
        Column("ended", "Abolished"),
    ], [{"name": c.name, "url": reverse("registry:council", args=[c.pk]), "gss": c.gss_code or c.snac_code, "type": c.get_council_type_display(),
         "county": str(c.county) if c.county else "", "region": str(c.region or ""), "population": c.population,
         "ended": c.end_date.strftime("%d %b %Y") if c.end_date else ""} for c in councils.order_by("name")])
    download = download_response(request, [table], "councils")
    if download:
        return download
    return render(request, "registry/council_list.html", {
        "table": table, "regions": Region.objects.all(), "types": CouncilType.choices,
        "region": region, "type": kind, "include_former": include_former,
    })


@requires("signed_in")
def council_detail(request, pk):
    council = get_object_or_404(Organisation.objects.select_related("region", "county"), pk=pk)
    projects = projects_with_funding().filter(participating_councils=council) | projects_with_funding().filter(lead_council=council)
    projects = projects.distinct()
    memberships = council.memberships.select_related("partnership")
    project_table = Table("projects", "Projects this council takes part in", [
        Column("name", "Project", TEXT, link_key="url"), Column("partnership", "Partnership"), Column("role", "Role"),
        Column("status", "Status"),
    ], [{"name": p.name, "url": p.get_absolute_url(), "partnership": p.partnership.name,
         "role": "Lead council" if p.lead_council_id == council.pk else "Participant", "status": p.get_status_display()}
        for p in projects.order_by("name")])
    audit = audit_table([Organisation.history.filter(id=council.pk), Membership.history.filter(organisation_id=council.pk)],
                        caption="Audit trail: changes to this organisation")
    download = download_response(request, [project_table, audit], f"council-{council.gss_code or council.pk}")
    if download:
        return download
    return render(request, "registry/council_detail.html", {
        "council": council, "memberships": memberships, "project_table": project_table,
        "districts": council.districts.order_by("name"), "predecessors": council.predecessors.order_by("name"),
        "successors": council.successors.order_by("name"), "audit": audit,
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
        Column("name", "Partnership", TEXT, link_key="url"), Column("code", "Code"), Column("region", "Region"),
        Column("body", "Accountable body"), Column("core", "2009-10 core grant", MONEY), Column("projects", "Projects", NUMBER),
    ], rows, footer={"name": "Total", "core": sum((r["core"] or Decimal(0) for r in rows), Decimal(0)),
                     "projects": sum(r["projects"] for r in rows)})
    download = download_response(request, [table], "partnerships")
    return download or render(request, "registry/partnership_list.html", {"table": table})


@requires("signed_in")
def partnership_detail(request, code):
    partnership = get_object_or_404(Partnership.objects.select_related("region", "accountable_body"), code__iexact=code)
    projects = list(projects_with_funding().filter(partnership=partnership).order_by("name"))
    members = partnership.memberships.select_related("organisation", "organisation__county").order_by("organisation__name")
    member_table = Table("members", "Members", [
        Column("name", "Organisation", TEXT, link_key="url"), Column("code", "GSS code"), Column("type", "Type"),
        Column("role", "Role"), Column("left", "Left"),
    ], [{"name": m.organisation.name, "url": reverse("registry:council", args=[m.organisation.pk]),
         "code": m.organisation.gss_code or m.organisation.snac_code,
         "type": m.organisation.get_council_type_display() or m.organisation.get_kind_display(),
         "role": m.get_role_display(), "left": m.left_on.strftime("%d %b %Y") if m.left_on else ""} for m in members])
    grants = partnership.grants.all()
    grant_table = Table("grants", "Central funding received by financial year", [
        Column("year", "Financial year", YEAR), Column("kind", "Grant"), Column("amount", "Amount", MONEY),
        Column("source", "Source"), Column("illustrative", "Figures"),
    ], [{"year": g.year, "kind": g.get_kind_display(), "amount": g.amount, "source": g.source,
         "illustrative": "Illustrative" if g.illustrative else "Published"} for g in grants],
        footer={"year": "Total", "amount": sum((g.amount for g in grants), Decimal(0))})
    project_table = partnership_projects_table(partnership, projects)
    audit = audit_table([
        Partnership.history.filter(id=partnership.pk), FundingPeriod.history.filter(partnership_id=partnership.pk),
        PartnershipGrant.history.filter(partnership_id=partnership.pk), Membership.history.filter(partnership_id=partnership.pk),
    ], caption="Audit trail: changes to this partnership")
    tables = [project_table, grant_table, member_table, audit]
    download = download_response(request, tables, f"partnership-{partnership.code}")
    if download:
        return download
    people = partnership.people.select_related("organisation") if has_permission(request.user, "view_people") else None
    return render(request, "registry/partnership_detail.html", {
        "partnership": partnership, "project_table": project_table, "grant_table": grant_table,
        "member_table": member_table, "periods": partnership.funding_periods.all(), "people": people, "audit": audit,
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
    file = forms.FileField(label="Council register file (CSV)",
                           help_text="In the format of mySociety's uk_local_authority_names_and_codes register.")


@requires("manage_registry")
def council_import(request):
    form = CouncilFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_dir = settings.MEDIA_ROOT / "imports"
        upload_dir.mkdir(parents=True, exist_ok=True)
        path = upload_dir / f"councils-{timezone.now():%Y%m%d%H%M%S}-{request.user.pk}.csv"
        with open(path, "wb") as handle:
            for chunk in form.cleaned_data["file"].chunks():
                handle.write(chunk)
        job = enqueue("import_councils", {"path": str(path), "file_name": form.cleaned_data["file"].name,
                                          "delete_after": True}, request.user)
        return redirect("core:job", pk=job.pk)
    return render(request, "registry/import.html", {"form": form})


def _partnership_for_admin(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    if not request.user.partnerships.filter(pk=partnership.pk).exists():
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("You administer other partnerships, not this one.")
    return partnership


@requires("manage_registry")
def partner_add(request, code):
    from riep.registry.forms import PartnerOrganisationForm

    partnership = _partnership_for_admin(request, code)
    form = PartnerOrganisationForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        membership = form.save()
        messages.success(request, f"{membership.organisation} added as a partner.")
        return redirect("registry:partnership", code=partnership.code)
    return render(request, "portfolio/form.html", {"form": form, "title": f"Add a partner organisation to {partnership}", "submit": "Add partner"})


@requires("manage_registry")
def person_add(request, code):
    from riep.registry.forms import PersonForm

    partnership = _partnership_for_admin(request, code)
    form = PersonForm(request.POST or None, partnership=partnership, instance=Person(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, f"{person.name} added.")
        return redirect("registry:partnership", code=partnership.code)
    return render(request, "portfolio/form.html", {"form": form, "title": f"Add a person to {partnership}", "submit": "Add person"})
