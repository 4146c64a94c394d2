"""Impact analysis pages: the list, panel upload and panel page, the analysis form, the analysis with its charts
and tables, and using a finished analysis as a gain's evidence. Every page works without JavaScript."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from riep.core import series
from riep.core.errors import UserError
from riep.core.permissions import has_permission, requires
from riep.core.tables import COUNT, LINK, NUMBER, TEXT, Column, Table, download_response
from riep.impact import charts, services
from riep.impact.forms import AnalysisForm, ChoosePanelForm, EvidenceForm, PanelUploadForm, SeriesPanelForm
from riep.impact.models import AnalysisStatus, DonorRule, ImpactAnalysis, IndicatorPanel
from riep.impact.permissions import gains_person_may_attach_to
from riep.impact.services import series_panels

SECTION = {"section": "impact"}


@requires("view_impact")
def index(request):
    analyses = ImpactAnalysis.objects.select_related("panel", "project", "gain")
    panels = IndicatorPanel.objects.all()
    table = Table("analyses", "Impact analyses", [
        Column("title", "Analysis", LINK), Column("project", "Project or gain"),
        Column("panel", "Panel"), Column("start", "Start"), Column("status", "Status"),
        Column("effect", "Average effect", NUMBER, decimals=2), Column("p", "Placebo p-value", NUMBER, decimals=3)], [
        {"title": a.title, "url": a.get_absolute_url(),
         "project": a.project.name if a.project_id else (a.gain.reference if a.gain_id else ""),
         "panel": str(a.panel), "start": services.period_label(a.treatment_year, a.panel.period_kind), "status": a.get_status_display(),
         "effect": a.result.get("average_effect") if a.result else None,
         "p": a.result["placebo"]["p_value"] if a.result.get("placebo") else None} for a in analyses])
    panel_table = Table("panels", "Indicator panels", [
        Column("name", "Panel", LINK), Column("source", "Source"), Column("years", "Years"),
        Column("councils", "Councils", COUNT)], [
        {"name": str(p), "url": p.get_absolute_url(), "source": p.source,
         "years": f"{services.period_label(p.first_period, p.period_kind)} to "
                  f"{services.period_label(p.last_period, p.period_kind)}",
         "councils": len(p.units)} for p in panels])
    download = download_response(request, [table, panel_table], "impact")
    if download:
        return download
    return render(request, "impact/index.html", {
        **SECTION, "table": table, "panel_table": panel_table,
        "can_run": has_permission(request.user, "run_impact_analysis")})


@requires("run_impact_analysis")
def panel_upload(request):
    form = PanelUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        panel = services.save_panel(
            form.parsed, name=d["name"], file_name=d["file"].name, unit_column=d["unit_column"].strip(),
            time_column=d["time_column"].strip(), source=d["source"], licence=d["licence"], vintage=d["vintage"],
            description=d["description"], illustrative=d["illustrative"], user=request.user,
            period_kind=d["period_kind"])
        messages.success(request, f"Panel '{panel.name}' saved: {panel.row_count} rows, {len(panel.units)} councils.")
        return redirect(panel.get_absolute_url())
    return render(request, "impact/panel_form.html", {**SECTION, "form": form})


@requires("view_impact")
def panel_detail(request, pk):
    panel = get_object_or_404(IndicatorPanel, pk=pk)
    names = services.resolve_units(panel.units)
    units = Table("councils", "Councils in this panel", [
        Column("unit", "Value in the panel"), Column("name", "Council in the registry"), Column("type", "Type"),
        Column("region", "Region")], [
        {"unit": u, "name": str(names[u]) if u in names else "Not matched",
         "type": names[u].get_council_type_display() if u in names else "",
         "region": str(names[u].region) if u in names and names[u].region else ""} for u in panel.units])
    frame = panel.frame()
    summary = Table("columns", "Numeric columns", [
        Column("column", "Column"), Column("filled", "Values", COUNT), Column("missing", "Missing", COUNT),
        Column("min", "Lowest", NUMBER), Column("max", "Highest", NUMBER)], [
        {"column": c, "filled": int(frame[c].notna().sum()), "missing": int(frame[c].isna().sum()),
         "min": round(float(frame[c].min()), 2) if frame[c].notna().any() else None,
         "max": round(float(frame[c].max()), 2) if frame[c].notna().any() else None} for c in panel.numeric_columns])
    gaps, analysis_link = _gaps_for(request, panel)
    download = download_response(request, [t for t in (gaps, units, summary) if t], f"panel-{panel.pk}")
    if download:
        return download
    return render(request, "impact/panel_detail.html", {
        **SECTION, "panel": panel, "units": units, "summary": summary, "gaps": gaps, "analysis_link": analysis_link,
        "analyses": panel.analyses.all(), "can_run": has_permission(request.user, "run_impact_analysis"),
        "first": services.period_label(panel.first_period, panel.period_kind),
        "last": services.period_label(panel.last_period, panel.period_kind)})


@requires("run_impact_analysis")
def analysis_create(request):
    panel_id = request.POST.get("panel") or request.GET.get("panel")
    if not panel_id:
        choose = ChoosePanelForm()
        if not IndicatorPanel.objects.exists():
            messages.info(request, "Upload an indicator panel first.")
            return redirect("impact:panel-upload")
        return render(request, "impact/choose_panel.html", {**SECTION, "form": choose})
    panel = get_object_or_404(IndicatorPanel, pk=panel_id)
    # A link from a panel built from the platform's series (or anywhere) may prefill the specification.
    initial = {key: request.GET.get(key) for key in ("project", "gain", "outcome", "donor_rule") if request.GET.get(key)}
    for key, field in (("treated", "treated"), ("donors", "donors")):
        if request.GET.get(key):
            initial[field] = "\n".join(_split_codes(request.GET[key]))
    if request.GET.get("start"):
        initial["treatment_year"] = request.GET["start"]
    form = AnalysisForm(request.POST if request.method == "POST" else None, panel=panel, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        analysis = services.create_analysis(request.user, **form.analysis_fields())
        messages.success(request, "The analysis is queued. This page shows its progress.")
        return redirect(analysis.get_absolute_url())
    names = services.unit_names(panel.units)
    return render(request, "impact/analysis_form.html", {
        **SECTION, "form": form, "panel": panel, "units": [(u, names[u]) for u in panel.units],
        "first": services.period_label(panel.first_period, panel.period_kind),
        "last": services.period_label(panel.last_period, panel.period_kind)})


def _split_codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace("\n", ",").split(",") if c.strip()]


@requires("run_impact_analysis")
def panel_from_series(request):
    """A panel from one of the platform's own series (riep.core.series) for the treated and comparison councils;
    GET parameters source, measure, treated and start prefill the form (other pages link here)."""
    if request.method == "POST":
        form = SeriesPanelForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            label = lambda y: services.period_label(y, form.kind)  # noqa: E731
            measure = series.measure(*form.measure)
            treated, donors = d["treated"], d["donor_list"]
            name = d["name"] or (f"{measure.label}: {', '.join(str(c) for c in treated)} and {len(donors)} comparison "
                                 f"councils, {label(d['first'])} to {label(d['last'])}")
            try:
                panel = series_panels.save_series_panel(
                    request.user, name=name[:200], councils=treated + donors, measures=[form.measure],
                    first=d["first"], last=d["last"], note=f"Comparison councils: {d['donor_how']}.")
            except UserError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Panel '{panel.name}' built: {len(panel.units)} councils, "
                                          f"{label(panel.first_period)} to {label(panel.last_period)}.")
                query = urlencode({"treated": ",".join(c.gss_code for c in treated), "start": label(d["start"])})
                return redirect(f"{panel.get_absolute_url()}?{query}")
    else:
        initial = {}
        if request.GET.get("source") and request.GET.get("measure"):
            initial["measure"] = f"{request.GET['source']}:{request.GET['measure']}"
        for key in ("treated", "start", "first", "last", "donor_rule"):
            if request.GET.get(key):
                initial[key] = request.GET[key]
        form = SeriesPanelForm(initial=initial)
    return render(request, "impact/panel_from_series.html", {**SECTION, "form": form})


def _gaps_for(request, panel: IndicatorPanel):
    """With ?treated=...&start=... (the page that built the panel sends them): the gaps report for that analysis,
    and the link that starts it with the usable comparison councils."""
    treated = [u for u in _split_codes(request.GET.get("treated", "")) if u in panel.units]
    if not treated or not request.GET.get("start"):
        return None, None
    try:
        start = services.read_period(request.GET["start"], panel.period_kind)
    except ValueError:
        return None, None
    label = lambda y: services.period_label(y, panel.period_kind)  # noqa: E731
    column = panel.numeric_columns[0]
    names = services.unit_names(panel.units)
    rows = series_panels.gaps_report(panel.frame(), column, treated, start, label)
    table = Table("gaps", f"Gaps in '{column}' and the comparison councils, for a start in {label(start)}", [
        Column("name", "Council"), Column("unit", "GSS code"), Column("role", "In the analysis", TEXT),
        Column("present", "Years with a figure", COUNT), Column("missing_pre", "Missing before the start", TEXT),
        Column("missing_post", "Missing from the start", TEXT)],
        [{**r, "name": names.get(r["unit"], r["unit"])} for r in rows],
        note=f"Of {rows[0]['of'] if rows else 0} years. A comparison council is dropped when it has no figure after "
             "the start or lacks more than a third of the years before it; other gaps leave those years out of the fit.")
    donors = [r["unit"] for r in rows if r["role"] == "Comparison"]
    link = "?".join([reverse("impact:analysis-create"), urlencode({
        "panel": panel.pk, "outcome": column, "treated": ",".join(treated), "start": label(start),
        "donor_rule": DonorRule.CHOSEN, "donors": ",".join(donors)})])
    return table, link


def _analysis_tables(analysis: ImpactAnalysis) -> dict:
    r = analysis.result
    label = analysis.outcome_label or analysis.outcome
    tables = {"series": services.series_table(r, label), "weights": services.weights_table(r),
              "balance": services.balance_table(r), "placebos": services.placebo_table(r),
              "loo": services.leave_one_out_table(r), "in_time": services.in_time_table(r),
              "comparison": services.comparison_table(r), "staggered": services.staggered_table(r)}
    return tables


@requires("view_impact")
def analysis_detail(request, pk):
    analysis = get_object_or_404(ImpactAnalysis.objects.select_related("panel", "project", "gain", "job", "created_by"), pk=pk)
    context = {**SECTION, "analysis": analysis, "r": analysis.result,
               "can_run": has_permission(request.user, "run_impact_analysis"),
               "treated_names": services.unit_names(analysis.treated)}
    if analysis.status == AnalysisStatus.SUCCEEDED and analysis.result:
        tables = _analysis_tables(analysis)
        download = download_response(request, [t for t in tables.values() if t], f"impact-analysis-{analysis.pk}")
        if download:
            return download
        r = analysis.result
        label = analysis.outcome_label or analysis.outcome
        context.update(tables)
        context.update({
            "series_svg": charts.series_svg(r, label), "gap_svg": charts.gap_svg(r, label),
            "placebo_svg": charts.placebo_svg(r), "label": label,
            "loo_summary": services.leave_one_out_summary(r, label), "in_time_summary": services.in_time_summary(r, label),
            "effect": services.fmt(r["average_effect"]), "pre_rmspe": services.fmt(r["pre_rmspe"], 3),
            "ratio": services.fmt(r["rmspe_ratio"]), "effect_percent": services.fmt(r.get("effect_percent"), 1),
            "did": r.get("did"), "did_estimate": services.fmt((r.get("did") or {}).get("estimate")),
            "did_se": services.fmt((r.get("did") or {}).get("std_error")),
            "did_ci": f"{services.fmt((r.get('did') or {}).get('ci_low'))} to {services.fmt((r.get('did') or {}).get('ci_high'))}",
            "evidence_gains": analysis.evidence_gains.all(),
            "candidate_gains": services.candidate_gains(analysis),
            "start_label": services.period_label(r.get("treatment_year", analysis.treatment_year), r.get("period_kind")),
            "adoption_text": services.adoption_text(r), "staggered_result": r.get("staggered"),
            "staggered_estimate": services.fmt((r.get("staggered") or {}).get("estimate")),
            "staggered_ci": f"{services.fmt((r.get('staggered') or {}).get('ci_low'))} to "
                            f"{services.fmt((r.get('staggered') or {}).get('ci_high'))}",
            "missing": services.missing_summary(r, label),
            "verdict": (r.get("comparison") or {}).get("verdict"),
            "conformal": (r.get("comparison") or {}).get("conformal"),
            "conformal_text": _conformal_text((r.get("comparison") or {}).get("conformal")),
        })
    return render(request, "impact/analysis_detail.html", context)


def _conformal_text(c: dict | None) -> str:
    if not c:
        return "Not computed"
    low = services.fmt(c["low"]) if c["low"] is not None else "no lower limit"
    high = services.fmt(c["high"]) if c["high"] is not None else "no upper limit"
    return (f"{c['level']:.0%} interval {low} to {high}; p-value of no effect {c['p_value_zero']:.3f} "
            f"({c['permutations']} moving-block permutations of the years)" + (f". {c['note']}" if c["note"] else ""))


@requires("run_impact_analysis")
def analysis_evidence(request, pk):
    analysis = get_object_or_404(ImpactAnalysis, pk=pk)
    if analysis.status != AnalysisStatus.SUCCEEDED:
        raise PermissionDenied("Only a finished analysis can be used as evidence.")
    # Only the candidate gains this person may change (the ledger refuses the others anyway).
    gains = services.candidate_gains(analysis).filter(pk__in=gains_person_may_attach_to(request.user).values("pk"))
    if not gains.exists():
        raise PermissionDenied("You may not record this analysis as evidence: none of the gains it can be evidence for "
                               "is a gain of your partnerships' councils.")
    form = EvidenceForm(request.POST or None, gains=gains)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.use_as_evidence(request.user, analysis, form.cleaned_data["gains"])
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "Evidence recorded in the ledger for " + ", ".join(g.reference for g in changed)
                             + ": method set from this analysis and Maryland level 3 (comparison group).")
            return redirect(analysis.get_absolute_url())
    return render(request, "impact/evidence_form.html", {
        **SECTION, "analysis": analysis, "form": form, "method": services.evidence_method_text(analysis)})
