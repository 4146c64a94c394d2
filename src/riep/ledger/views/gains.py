"""Gain pages: the list, a gain with its NI 179, additionality and versions, recording, changing, importing, evidence."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from riep.core.audit import audit_table, version_table
from riep.core.history import NOBODY, when_text
from riep.core.jobs import enqueue
from riep.core.permissions import has_permission, name_shown_to, requires
from riep.core.tables import COUNT, FINANCIAL_YEAR, LINK, MONEY, Column, Table, download_response
from riep.core.tables.paging import downloading, page_of
from riep.core.uploads import receive_upload
from riep.ledger import services
from riep.ledger.calc.ni179 import Basis, ni179
from riep.ledger.forms import EvidenceForm, GainForm, ImportForm
from riep.ledger.models import Category, EfficiencyGain, EvidenceDocument, GainShare, GainStatus, GainYear
from riep.ledger.permissions import (
    councils_person_may_record_gains_for,
    gain_councils,
    gains_person_may_read,
    may_add_evidence,
    may_change_gain,
    partnerships_person_may_read_reports_of,
    require_read_gain,
    require_read_reports_of,
    require_record_gains_for_all,
)
from riep.portfolio.models import Project
from riep.registry.models import Partnership


def _gain(reference: str) -> EfficiencyGain:
    return get_object_or_404(services.gains_queryset(), reference=reference)


def _recordable_councils(user):
    return councils_person_may_record_gains_for(user).order_by("name")


@requires("signed_in")
def gain_list(request):
    params = request.GET
    gains = gains_person_may_read(request.user, services.gains_queryset())  # a board member: their partnership's
    if params.get("partnership"):
        partnership = Partnership.objects.filter(code__iexact=params["partnership"]).first()
        if partnership:
            require_read_reports_of(request.user, partnership)
        gains = gains_person_may_read(request.user, services.gains_for_partnership(partnership)) if partnership else gains.none()
    if params.get("council"):
        gains = gains.filter(council__gss_code=params["council"]) | gains.filter(shares__council__gss_code=params["council"])
        gains = gains.distinct()
    if params.get("status"):
        gains = gains.filter(status=params["status"])
    if params.get("category"):
        gains = gains.filter(category=params["category"])
    if params.get("q"):
        gains = gains.filter(description__icontains=params["q"]) | gains.filter(service_area__icontains=params["q"])
    gains = gains.order_by("reference")
    whole = downloading(request)  # the files hold every gain that matches; the page shows one page of them
    page = None if whole else page_of(request, gains, anchor="table-gains")
    rows = []
    for g in gains if whole else page.items:
        years = list(g.years.all())
        rows.append({
            "reference": g.reference, "url": g.get_absolute_url(), "council": ", ".join(str(c) for c in g.share_councils()),
            "project": g.project.name if g.project_id else "", "service_area": g.service_area,
            "category": g.get_category_display(), "status": g.get_status_display(),
            "cash": "Cash-releasing" if g.cash_releasing else "Non-cashable", "first_year": g.first_year,
            "gross": sum((y.gross_saving for y in years), services.ZERO), "net": sum((y.net for y in years), services.ZERO),
            "illustrative": "Illustrative" if g.illustrative else "",
        })
    table = Table("gains", "Efficiency gains", [
        Column("reference", "Gain", LINK), Column("council", "Council(s)"), Column("project", "Project"),
        Column("service_area", "Service area"), Column("category", "Category"), Column("status", "Status"),
        Column("cash", "Type"), Column("first_year", "First year", FINANCIAL_YEAR), Column("gross", "Gross saving, all years", MONEY),
        Column("net", "Net value, all years", MONEY), Column("illustrative", "Figures"),
    ], rows, footer={"reference": "Total", **services.gains_totals(gains)}, page=page)
    projects = Project.objects.filter(pk__in=gains.order_by().values("project_id")).select_related(
        "partnership", "additionality").order_by("name", "pk")
    project_page = None if whole else page_of(request, projects, param="projects-page",
                                              anchor="table-project-additionality")
    project_table = services.projects_additionality_table(projects if whole else project_page.items, project_page)
    download = download_response(request, [table, project_table], "gains")
    if download:
        return download
    return render(request, "ledger/gain_list.html", {
        "table": table, "page": page, "project_table": project_table, "params": params, "partnerships": partnerships_person_may_read_reports_of(request.user), "statuses": GainStatus.choices,
        "categories": Category.choices, "can_record": has_permission(request.user, "record_gains"),
        "my_councils": request.user.councils.all(),
    })


@requires("signed_in")
def gain_detail(request, reference):
    gain = _gain(reference)
    require_read_gain(request.user, gain)
    calc_gain = services.to_calc_gain(gain)
    amounts = services.gain_years_table(gain)
    ni_rows = []
    names = {services.council_code(c): str(c) for c in gain.share_councils()}
    for year in sorted({y.year for y in gain.years.all()} | {gain.first_year}):
        result = ni179([calc_gain], year, Basis.OUTTURN)
        for line in result.lines:
            ni_rows.append({"year": year, "council": names.get(line.council_code, line.council_code),
                            "counted_flag": ("Yes (provisional)" if line.provisional else "Yes") if line.included else "No",
                            "net": line.net_value, "counted": line.counted, "reasons": " ".join(r.text for r in line.reasons)})
    ni_table = Table("ni179", "NI 179: counted in each year, and why", [
        Column("year", "Financial year", FINANCIAL_YEAR), Column("council", "Council"), Column("counted_flag", "Counted"),
        Column("net", "Net value (whole gain)", MONEY), Column("counted", "Counted for council", MONEY), Column("reasons", "Why"),
    ], ni_rows)
    add_rows, add_params, add_warnings = [], [], []
    try:
        result = services.assess_additionality(gain)
        for y in result.years:
            add_rows.append({"year": y.year, "gross": y.gross_impact, "gross_side": y.gross_side, "reference": y.reference_impact,
                             "reference_side": y.reference_side, "additional": y.additional, "costs": y.costs,
                             "additional_net": y.additional_net})
        add_params = [{"name": p.name.replace("_", " "), "value": "–" if p.value is None else str(p.value),
                       "source": p.source, "reason": p.override_reason or ("verify against the Guide" if p.verify else "")}
                      for p in result.parameters]
        add_params.append({"name": "attribution", "value": str(result.attribution), "source": "Project's additionality choice",
                           "reason": getattr(getattr(gain.project, "additionality", None), "attribution_reason", "") if gain.project_id else ""})
        add_warnings = list(result.warnings)
    except ValueError as error:
        add_warnings = [str(error)]
    additionality = Table("additionality", "Additional savings by year", [
        Column("year", "Financial year", FINANCIAL_YEAR), Column("gross", "Gross saving (GI)", MONEY), Column("gross_side", "After leakage, displacement, substitution, multiplier", MONEY),
        Column("reference", "Reference case (GI*)", MONEY), Column("reference_side", "Reference case after factors", MONEY),
        Column("additional", "Additional (× attribution)", MONEY), Column("costs", "Costs", MONEY), Column("additional_net", "Additional net", MONEY),
    ], add_rows)
    parameters = Table("parameters", "Additionality parameters used", [
        Column("name", "Parameter"), Column("value", "Value"), Column("source", "Source"), Column("reason", "Override reason or caveat"),
    ], add_params)
    can_see_evidence = services.can_view_evidence(request.user, gain)
    docs = Table("evidence", "Evidence documents", [
        Column("title", "Document", LINK), Column("name", "File"), Column("size", "Size"),
        Column("when", "Uploaded"), Column("who", "By"),
    ], [{"title": d.title, "url": reverse("ledger:evidence", args=[gain.reference, d.pk]), "name": d.filename,
         "size": d.size_text, "when": d.uploaded_at.strftime("%d %b %Y"), "who": str(d.uploaded_by or "")}
        for d in gain.documents.all()] if can_see_evidence else [])
    audit = audit_table([
        EfficiencyGain.history.filter(id=gain.pk), GainYear.history.filter(gain_id=gain.pk),
        GainShare.history.filter(gain_id=gain.pk), EvidenceDocument.history.filter(gain_id=gain.pk),
    ], caption="Every version of this gain: who changed what, when", viewer=request.user)
    saves = list(gain.history.all())
    versions = version_table("versions", "Versions and reasons", [
        Column("version", "Version", COUNT), Column("when", "When"), Column("who", "Who"), Column("reason", "Reason"),
    ], [{"version": h.version, "when": h.history_date.strftime("%d %b %Y %H:%M"), "who": name_shown_to(request.user, h.history_user, "System (import or demo)"),
         "reason": h.change_reason} for h in saves],
        [f"Version {h.version} {'recorded' if h.history_type == '+' else 'saved'} by "
         f"{name_shown_to(request.user, h.history_user, NOBODY)} on {when_text(h.history_date)}"
         + (f": “{h.change_reason}”." if h.change_reason else ".") for h in saves])
    tables = [amounts, ni_table, additionality, parameters, docs, versions, audit]
    download = download_response(request, tables, gain.reference)
    if download:
        return download
    locked = services.locked_returns(gain.share_councils())
    return render(request, "ledger/gain_detail.html", {
        "gain": gain, "tables": tables, "amounts": amounts, "ni_table": ni_table, "additionality": additionality,
        "parameters": parameters, "docs": docs, "audit": audit, "versions": versions, "add_warnings": add_warnings,
        "can_edit": may_change_gain(request.user, gain), "can_add_evidence": may_add_evidence(request.user, gain),
        "locked": locked, "can_see_evidence": can_see_evidence,
        "can_choose_additionality": bool(gain.project_id) and services.can_choose_additionality(request.user, gain.project),
    })


def _gain_form_page(request, form, gain=None):
    title = f"Change gain {gain.reference}" if gain else "Record an efficiency gain"
    return render(request, "ledger/gain_form.html", {"form": form, "gain": gain, "title": title,
                                                     "submit": "Save changes" if gain else "Record gain"})


@requires("record_gains")
def gain_create(request):
    councils = _recordable_councils(request.user)
    form = GainForm(request.POST or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                gain, _ = services.save_gain(request.user, None, form.gain_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Gain {gain.reference} recorded.")
            return redirect(gain.get_absolute_url())
    return _gain_form_page(request, form)


@requires("record_gains")
def gain_edit(request, reference):
    gain = _gain(reference)
    require_record_gains_for_all(request.user, gain_councils(gain), f"change gain {gain.reference}")
    form = GainForm(request.POST or None, gain=gain, councils=_recordable_councils(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _, changed = services.save_gain(request.user, gain, form.gain_data(), form.cleaned_data["change_reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Gain {gain.reference} saved as version {gain.version}." if changed else "Nothing changed.")
            return redirect(gain.get_absolute_url())
    return _gain_form_page(request, form, gain)


@requires("record_gains")
def evidence_add(request, reference):
    gain = _gain(reference)
    if not may_add_evidence(request.user, gain):
        raise PermissionDenied(f"You may not add evidence to gain {gain.reference}: only the council recording it can.")
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        doc = EvidenceDocument(gain=gain, title=form.cleaned_data["title"], file=form.cleaned_data["file"], uploaded_by=request.user)
        doc.save()
        messages.success(request, f"Evidence ‘{doc.title}’ added.")
        return redirect(gain.get_absolute_url())
    return render(request, "ledger/gain_form.html", {"form": form, "gain": gain, "title": f"Add evidence to {gain.reference}",
                                                     "submit": "Upload", "multipart": True})


@requires("record_gains")
def gain_import(request):
    """Upload a file of gains; a background job imports it as this user, so their permissions apply row by row."""

    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = receive_upload(form.cleaned_data["file"], request.user)
        job = enqueue("ledger.import_gains", {"upload_id": upload.pk, "user_id": request.user.pk,
                                              "reason": form.cleaned_data["reason"]}, request.user)
        messages.success(request, "The file is being imported: this page shows its progress.")
        return redirect("core:job", pk=job.pk)
    return render(request, "ledger/gain_form.html", {"form": form, "title": "Import gains from a file", "submit": "Import",
                                                     "multipart": True, "import_help": True})


@requires("signed_in")
def evidence_download(request, reference, pk):
    """Streams an evidence document as an attachment to those who may see the gain's evidence."""
    gain = _gain(reference)
    if not services.can_view_evidence(request.user, gain):
        raise PermissionDenied("You may not see this gain's evidence: it is not a gain of your councils or partnerships.")
    doc = get_object_or_404(EvidenceDocument, gain=gain, pk=pk)
    try:
        handle = doc.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file of this evidence document is missing.") from None
    response = FileResponse(handle, as_attachment=True, filename=doc.filename, content_type=doc.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
