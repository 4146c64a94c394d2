from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from riep.core.audit import audit_table
from riep.core.fy import FinancialYear, parse_period
from riep.core.permissions import (
    Role, can_record_gains_for, can_validate_return_for, has_permission, require_record_gains_for, requires,
)
from riep.core.tables import MONEY, TEXT, YEAR, Column, Table, download_response
from riep.ledger import services
from riep.ledger.calc import export
from riep.ledger.calc.ni179 import Basis, ni179
from riep.ledger.forms import AdditionalityForm, EvidenceForm, GainForm, ImportForm, ReasonForm
from riep.ledger.models import (
    Category, Csr07Baseline, EfficiencyGain, EvidenceDocument, GainShare, GainStatus, GainYear, Ni179Return, ReturnStatus,
)
from riep.portfolio.models import Project
from riep.registry.models import Organisation, Partnership


def _year(text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except ValueError:
        raise Http404("Not a financial year") from None


def _council(gss: str) -> Organisation:
    return get_object_or_404(Organisation.objects.councils(), gss_code=gss)


def _gain(reference: str) -> EfficiencyGain:
    return get_object_or_404(services.gains_queryset(), reference=reference)


def _recordable_councils(user):
    councils = Organisation.objects.councils()
    if user.role == Role.COUNCIL_OFFICER:
        return user.councils.all()
    from riep.core.permissions import _partnership_council_ids

    return councils.filter(pk__in=_partnership_council_ids(user))


@requires("signed_in")
def gain_list(request):
    params = request.GET
    gains = services.gains_queryset()
    if params.get("partnership"):
        partnership = Partnership.objects.filter(code__iexact=params["partnership"]).first()
        gains = services.gains_for_partnership(partnership) if partnership else gains.none()
    if params.get("council"):
        gains = gains.filter(council__gss_code=params["council"]) | gains.filter(shares__council__gss_code=params["council"])
        gains = gains.distinct()
    if params.get("status"):
        gains = gains.filter(status=params["status"])
    if params.get("category"):
        gains = gains.filter(category=params["category"])
    if params.get("q"):
        gains = gains.filter(description__icontains=params["q"]) | gains.filter(service_area__icontains=params["q"])
    rows = []
    for g in gains.order_by("reference"):
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
        Column("reference", "Gain", TEXT, link_key="url"), Column("council", "Council(s)"), Column("project", "Project"),
        Column("service_area", "Service area"), Column("category", "Category"), Column("status", "Status"),
        Column("cash", "Type"), Column("first_year", "First year", YEAR), Column("gross", "Gross saving, all years", MONEY),
        Column("net", "Net value, all years", MONEY), Column("illustrative", "Figures"),
    ], rows, footer={"reference": "Total", "gross": sum((r["gross"] for r in rows), services.ZERO),
                     "net": sum((r["net"] for r in rows), services.ZERO)})
    projects = Project.objects.filter(efficiency_gains__in=gains).select_related("partnership").distinct().order_by("name")
    project_table = services.projects_additionality_table(projects)
    download = download_response(request, [table, project_table], "gains")
    if download:
        return download
    return render(request, "ledger/gain_list.html", {
        "table": table, "project_table": project_table, "params": params, "partnerships": Partnership.objects.all(), "statuses": GainStatus.choices,
        "categories": Category.choices, "can_record": has_permission(request.user, "record_gains"),
        "my_councils": request.user.councils.all(),
    })


@requires("signed_in")
def gain_detail(request, reference):
    gain = _gain(reference)
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
        Column("year", "Financial year", YEAR), Column("council", "Council"), Column("counted_flag", "Counted"),
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
        Column("year", "Financial year", YEAR), Column("gross", "Gross saving (GI)", MONEY), Column("gross_side", "After leakage, displacement, substitution, multiplier", MONEY),
        Column("reference", "Reference case (GI*)", MONEY), Column("reference_side", "Reference case after factors", MONEY),
        Column("additional", "Additional (× attribution)", MONEY), Column("costs", "Costs", MONEY), Column("additional_net", "Additional net", MONEY),
    ], add_rows)
    parameters = Table("parameters", "Additionality parameters used", [
        Column("name", "Parameter"), Column("value", "Value"), Column("source", "Source"), Column("reason", "Override reason or caveat"),
    ], add_params)
    can_see_evidence = services.can_view_evidence(request.user, gain)
    docs = Table("evidence", "Evidence documents", [
        Column("title", "Document", TEXT, link_key="url"), Column("name", "File"), Column("size", "Size"),
        Column("when", "Uploaded"), Column("who", "By"),
    ], [{"title": d.title, "url": reverse("ledger:evidence", args=[gain.reference, d.pk]), "name": d.filename,
         "size": d.size_text, "when": d.uploaded_at.strftime("%d %b %Y"), "who": str(d.uploaded_by or "")}
        for d in gain.documents.all()] if can_see_evidence else [])
    audit = audit_table([
        EfficiencyGain.history.filter(id=gain.pk), GainYear.history.filter(gain_id=gain.pk),
        GainShare.history.filter(gain_id=gain.pk), EvidenceDocument.history.filter(gain_id=gain.pk),
    ], caption="Every version of this gain: who changed what, when")
    versions = Table("versions", "Versions and reasons", [
        Column("version", "Version", "number"), Column("when", "When"), Column("who", "Who"), Column("reason", "Reason"),
    ], [{"version": h.version, "when": h.history_date.strftime("%d %b %Y %H:%M"), "who": str(h.history_user or "System (import or demo)"),
         "reason": h.change_reason} for h in gain.history.all()])
    tables = [amounts, ni_table, additionality, parameters, docs, versions, audit]
    download = download_response(request, tables, gain.reference)
    if download:
        return download
    locked = services.locked_returns(gain.share_councils())
    return render(request, "ledger/gain_detail.html", {
        "gain": gain, "tables": tables, "amounts": amounts, "ni_table": ni_table, "additionality": additionality,
        "parameters": parameters, "docs": docs, "audit": audit, "versions": versions, "add_warnings": add_warnings,
        "can_edit": can_record_gains_for(request.user, gain.council), "locked": locked, "can_see_evidence": can_see_evidence,
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
    require_record_gains_for(request.user, gain.council)
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
    require_record_gains_for(request.user, gain.council)
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
    from pathlib import PurePath

    from django.conf import settings
    from django.utils import timezone

    from riep.core.jobs import enqueue

    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = settings.MEDIA_ROOT / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"ledger-{timezone.now():%Y%m%d%H%M%S%f}-{request.user.pk}{PurePath(upload.name).suffix.lower()}"
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        job = enqueue("ledger.import", {"path": str(path), "user_id": request.user.pk, "reason": form.cleaned_data["reason"],
                                        "delete_after": True}, request.user)
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


@requires("signed_in")
def ni179_return(request, gss, year):
    council, year = _council(gss), _year(year)
    gains = [services.to_calc_gain(g) for g in services.gains_for_council(council)]
    code = services.council_code(council)
    result = ni179(gains, year, Basis.OUTTURN, councils=[code])
    forecast = ni179(gains, year, Basis.FORECAST, councils=[code])
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        baseline = Csr07Baseline.objects.filter(council=council).first()
        summary = export.council_return_rows(gains, year, [year + 1], {code: baseline.baseline} if baseline else None, [code])
        itemised = export.gain_rows(result)
        name = f"ni179-{code}-{year.label}"
        if fmt == "csv":
            buffer = io.StringIO()
            export.write_csv(itemised if request.GET.get("items") else summary, buffer)
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}{"-gains" if request.GET.get("items") else ""}.csv"'
            return response
        buffer = io.BytesIO()
        export.write_xlsx([summary, itemised], buffer)
        response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    names = {code: str(council)}
    lines = services.ni179_lines_table(result, names=names)
    forecast_table = services.ni179_lines_table(forecast, "ni179-forecast", f"NI 179 {year}, forecast basis (planned and forecast gains too)", names)
    ret = services.get_return(council, year)
    history = audit_table([Ni179Return.history.filter(id=ret.pk)] if ret.pk else [], caption="History of this return")
    tables = [lines, forecast_table, history]
    download = download_response(request, tables, f"ni179-{code}-{year.label}")
    if download:
        return download
    return render(request, "ledger/ni179_return.html", {
        "council": council, "year": year, "result": result, "forecast": forecast, "lines": lines,
        "forecast_table": forecast_table, "history": history, "ret": ret, "reason_form": ReasonForm(),
        "can_submit": can_record_gains_for(request.user, council) and not ret.locked and ret.status != ReturnStatus.SUBMITTED,
        "can_validate": can_validate_return_for(request.user, council) and ret.status == ReturnStatus.SUBMITTED,
        "can_reopen": can_validate_return_for(request.user, council) and ret.locked,
        "changed_since": ret.locked and ret.validated_total is not None and ret.validated_total != result.total,
        "prev_year": year - 1, "next_year": year + 1,
    })


@requires("record_gains")
@require_POST
def ni179_action(request, gss, year, action):
    council, year = _council(gss), _year(year)
    actions = {
        "submit": lambda: services.submit_return(request.user, council, year),
        "validate": lambda: services.validate_return(request.user, council, year),
        "send-back": lambda: services.send_back_return(request.user, council, year, request.POST.get("reason", "")),
        "reopen": lambda: services.reopen_return(request.user, council, year, request.POST.get("reason", "")),
    }
    if action not in actions:
        raise Http404("No such action")
    if action in ("validate", "send-back", "reopen") and not has_permission(request.user, "validate_gains"):
        raise PermissionDenied("Only programme managers validate, send back or reopen returns.")
    try:
        ret = actions[action]()
    except ValidationError as error:
        return render(request, "ledger/action_refused.html", {"council": council, "year": year, "errors": error.messages}, status=409)
    done = {"submit": "submitted for validation", "validate": "validated and locked", "send-back": "sent back to the council",
            "reopen": f"reopened as version {ret.version}"}[action]
    messages.success(request, f"{council}'s NI 179 return for {year} {done}.")
    return redirect("ledger:ni179", gss=council.gss_code, year=year.label)


@requires("signed_in")
def trajectory(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    table = services.trajectory_table(partnership)
    download = download_response(request, [table], f"trajectory-{partnership.code}")
    if download:
        return download
    councils = [c for c in services.partnership_councils(partnership) if services.gains_for_council(c).exists()]
    return render(request, "ledger/trajectory.html", {"partnership": partnership, "table": table, "councils": councils})


@requires("signed_in")
def value_report(request, code):
    from riep.ledger import report as value

    partnership = get_object_or_404(Partnership, code__iexact=code)
    period = request.GET.get("period", "2008-09:2010-11")
    try:
        first, last = parse_period(period)
    except ValueError as error:
        return render(request, "ledger/action_refused.html", {"errors": [str(error)], "title": "That period is not valid"}, status=400)
    report = value.build_value_report(partnership, first, last)
    download = download_response(request, report.downloadable_tables, f"value-{partnership.code}-{first}-{last}")
    if download:
        return download
    fmt = request.GET.get("format")
    name = f"value-report-{partnership.code}-{first}-{last}"
    if fmt == "pdf":
        response = HttpResponse(value.report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(value.report_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return render(request, "ledger/value_report.html", {"report": report, "period": period})


@requires("signed_in")
def additionality(request, code):
    """A project's additionality choice: anyone signed in sees it and its history; only a programme manager of the
    project's partnership changes it (others get 403 on POST)."""
    from riep.ledger.calc.additionality import load_parameter_sets
    from riep.ledger.models import AdditionalityChoice

    project = get_object_or_404(Project.objects.select_related("partnership"), code=code)
    choice = AdditionalityChoice.objects.filter(project=project).first()
    can_change = services.can_choose_additionality(request.user, project)
    if request.method == "POST" and not can_change:
        raise PermissionDenied(f"Only a programme manager of {project.partnership} may change the additionality of this project.")
    form = AdditionalityForm(request.POST or None, choice=choice) if can_change else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, changed = services.save_additionality_choice(
                request.user, project, data["parameter_set"], data["attribution"], data["attribution_reason"],
                data["overrides"], data.get("change_reason") or "")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Additionality of {project.name} saved." if changed else "Nothing changed.")
            return redirect("ledger:additionality", code=project.code)
    sets = load_parameter_sets()
    gains = services.gains_queryset().filter(project=project).order_by("reference")
    gains_table = Table("project-gains", f"Gains of {project.name}", [
        Column("reference", "Gain", TEXT, link_key="url"), Column("council", "Council"), Column("service_area", "Service area"),
        Column("status", "Status"),
    ], [{"reference": g.reference, "url": g.get_absolute_url(), "council": str(g.council), "service_area": g.service_area,
         "status": g.get_status_display()} for g in gains])
    sets_table = services.parameter_sets_table()
    history = services.additionality_history_table(project)
    download = download_response(request, [sets_table, gains_table, history], f"additionality-{project.code}")
    if download:
        return download
    current_key = choice.parameter_set if choice else services.DEFAULT_PARAMETER_SET
    return render(request, "ledger/additionality.html", {
        "project": project, "choice": choice, "current_set": sets.get(current_key), "form": form, "can_change": can_change,
        "sets": list(sets.items()), "sets_table": sets_table, "gains_table": gains_table, "history": history,
        "current_overrides": [{"name": o.get("parameter", "").replace("_", " "), "value": o.get("value"), "reason": o.get("reason")}
                              for o in (choice.overrides if choice else []) or []],
    })
