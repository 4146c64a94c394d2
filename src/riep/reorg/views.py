"""Reorganisation pages: scenarios (options side by side, ranges, tornado, council tax paths), assumptions with
their history, the harmonisation calculator, continuity of a successor's series, shared services and the planning
capacity pool. Every chart has its table beside it; every table downloads as CSV and XLSX."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from riep.core import series
from riep.core.audit import version_table
from riep.core.errors import UserError
from riep.core.history import number_text, when_text
from riep.core.jobs import enqueue
from riep.core.permissions import requires
from riep.core.tables import COUNT, MONEY, TEXT, Column, Table, download_response
from riep.core.uploads import receive_upload
from riep.registry.models import Organisation
from riep.reorg import charts, tables
from riep.reorg.calc.harmonisation import harmonise
from riep.reorg.forms import (
    AgreePlacementForm,
    AssumptionForm,
    CouncilTaxFileForm,
    HarmoniseForm,
    RealisedSavingForm,
    TaxPlanForm,
)
from riep.reorg.models import (
    FUNCTIONS,
    Assumption,
    CapacityOffer,
    CapacityPool,
    CapacityRequest,
    Scenario,
    SharedService,
)
from riep.reorg.permissions import may_change, require_change, require_view, visible
from riep.reorg.services import baselines, continuity, harmonisation, pool, scenarios, shared


def _form_error(form, error: UserError) -> None:
    field = (error.field or "").split("[")[0].split(".")[-1]
    form.add_error(field if field in form.fields else None, error.message)


@requires("signed_in")
def index(request):
    return render(request, "reorg/index.html", {
        "scenarios": visible(request.user, Scenario.objects.select_related("partnership")),
        "services": visible(request.user, SharedService.objects.select_related("partnership", "lead_council")),
        "pools": visible(request.user, CapacityPool.objects.select_related("partnership")),
    })


@requires("signed_in")
def scenario(request, slug):
    obj = get_object_or_404(Scenario, slug=slug)
    require_view(request.user, obj)
    error, runs = None, []
    try:
        runs = scenarios.run_scenario(obj)
    except UserError as e:
        error = e.message
    predecessors = Table("predecessors", "Predecessor councils", [
        Column("council", "Council"), Column("type", "Type"), Column("spend", "Baseline spend a year", MONEY),
        Column("source", "Baseline from"), Column("band_d", "Band D", MONEY), Column("base", "Tax base", COUNT)],
        [{"council": str(p.council), "type": p.council.get_council_type_display(), "spend": p.baseline_spend,
          "source": p.baseline_source, "band_d": p.band_d, "base": p.tax_base}
         for p in obj.predecessors.select_related("council")],
        note=tables.ILLUSTRATIVE if obj.illustrative else "")
    option_rows = [{"option": o.name, "successor": s.name, "councils": ", ".join(str(p.council) for p in s.predecessors.all())}
                   for o in obj.options.prefetch_related("successors__predecessors__council") for s in o.successors.all()]
    options_table = Table("options", "Options: which predecessors go where", [
        Column("option", "Option"), Column("successor", "Successor council"), Column("councils", "Takes")], option_rows,
        note="A county no successor takes is split across the option's successors.")
    sets = []
    for run in runs:
        sets.append({"run": run, "side": tables.options_side_by_side(run), "assumptions": tables.assumptions_table(run),
                     "cumulative_svg": charts.cumulative_svg(run), "range_svg": charts.range_svg(run),
                     "options": [{"years": tables.option_years(run, i, obj.vesting_year),
                                  "tornado": tables.tornado_table(run, i), "result": r} for i, r in enumerate(run.options)],
                     "assumption_objects": list(run.assumption_set.assumptions.all())})
    try:
        paths = harmonisation.scenario_paths(obj)
    except UserError as e:
        paths, error = [], (error + " " if error else "") + e.message
    chosen = next((p for p in paths if p.target == obj.tax_target), None)
    tax_tables = [tables.harmonisation_band_d(p) for p in paths] + ([tables.harmonisation_totals(paths)] if paths else [])
    all_tables = [predecessors, options_table] + [t for s in sets for t in
                                                  [s["side"], s["assumptions"]] + [x for o in s["options"] for x in (o["years"], o["tornado"])]] + tax_tables
    response = download_response(request, all_tables, f"reorg-{obj.slug}")
    if response:
        return response
    return render(request, "reorg/scenario.html", {
        "scenario": obj, "error": error, "predecessors": predecessors, "options_table": options_table, "sets": sets,
        "paths": paths, "chosen": chosen, "tax_tables": tax_tables,
        "band_d_svg": charts.band_d_svg(chosen) if chosen else "", "may_change": may_change(request.user, obj),
        "outturn_years": baselines.outturn_years(), "outturn_line": baselines.DEFAULT_LINE})


@requires("signed_in")
def assumption(request, pk):
    obj = get_object_or_404(Assumption.objects.select_related("assumption_set__scenario"), pk=pk)
    scenario_obj = obj.assumption_set.scenario
    require_view(request.user, scenario_obj)
    form = AssumptionForm(request.POST or None, initial={"low": obj.low, "central": obj.central, "high": obj.high,
                                                         "source_note": obj.source_note})
    if request.method == "POST":
        require_change(request.user, scenario_obj)
        if form.is_valid():
            try:
                scenarios.change_assumption(request.user, obj, **form.cleaned_data)
            except UserError as e:
                _form_error(form, e)
            else:
                messages.success(request, f"{obj.label} changed; the results below use the new range.")
                return redirect("reorg:scenario", scenario_obj.slug)
    versions = scenarios.assumption_history(obj, request.user)
    history = version_table("history", f"History of {obj.label}", [
        Column("when", "When"), Column("who", "Who"), Column("low", "Low", TEXT), Column("central", "Central", TEXT),
        Column("high", "High", TEXT), Column("source_note", "Source note"), Column("reason", "Reason")],
        [{**h, "when": h["when"].strftime("%d %B %Y %H:%M"), "low": str(h["low"]), "central": str(h["central"]),
          "high": str(h["high"])} for h in versions],
        [f"{h['who'][:1].upper()}{h['who'][1:]} set the range to {number_text(h['low'])} – {number_text(h['central'])} – "
         f"{number_text(h['high'])} (low, central, high) on {when_text(h['when'])}: “{h['reason']}”." for h in versions])
    response = download_response(request, [history], f"assumption-{obj.pk}")
    if response:
        return response
    return render(request, "reorg/assumption.html", {"assumption": obj, "scenario": scenario_obj, "form": form,
                                                     "history": history, "may_change": may_change(request.user, scenario_obj)})


@requires("edit_projects")
def tax_plan(request, slug):
    obj = get_object_or_404(Scenario, slug=slug)
    require_change(request.user, obj)
    form = TaxPlanForm(request.POST or None, initial={
        "tax_target": obj.tax_target, "tax_years": obj.tax_years,
        "referendum_limit": obj.referendum_limit * 100 if obj.referendum_limit is not None else None})
    if request.method == "POST" and form.is_valid():
        limit = form.cleaned_data["referendum_limit"]
        try:
            harmonisation.save_tax_plan(obj, form.cleaned_data["tax_target"], form.cleaned_data["tax_years"],
                                        None if limit is None else limit / 100, request.user)
        except UserError as e:
            _form_error(form, e)
        else:
            messages.success(request, "Council tax plan saved.")
            return redirect("reorg:scenario", obj.slug)
    return render(request, "reorg/tax_plan.html", {"scenario": obj, "form": form, "file_form": CouncilTaxFileForm()})


@requires("edit_projects")
def import_council_tax(request, slug):
    """POST only: the Band D and tax base file is imported in the worker (riep.core.jobs) with progress."""
    obj = get_object_or_404(Scenario, slug=slug)
    require_change(request.user, obj)
    form = CouncilTaxFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = receive_upload(form.cleaned_data["file"], request.user)
        job = enqueue("reorg.import_council_tax", {"scenario_id": obj.pk, "upload_id": upload.pk}, request.user,
                      subject=obj)
        return redirect("core:job", pk=job.pk)
    return render(request, "reorg/tax_plan.html", {"scenario": obj, "form": TaxPlanForm(initial={
        "tax_target": obj.tax_target, "tax_years": obj.tax_years}), "file_form": form})


@requires("signed_in")
def harmonise_page(request):
    form = HarmoniseForm(request.GET or None)
    paths, path_tables, svg = [], [], ""
    if request.GET and form.is_valid():
        limit = form.cleaned_data["referendum_limit"]
        try:
            areas = harmonisation.parse_areas(form.cleaned_data["band_d"], form.cleaned_data["tax_base"],
                                              form.cleaned_data["names"])
            paths = harmonise(areas, form.cleaned_data["years"], None if limit is None else limit / 100)
        except UserError as e:
            _form_error(form, e)
        else:
            path_tables = [tables.harmonisation_band_d(p) for p in paths] + [tables.harmonisation_totals(paths)]
            svg = charts.band_d_svg(paths[-1])
            response = download_response(request, path_tables, "council-tax-harmonisation")
            if response:
                return response
    return render(request, "reorg/harmonise.html", {"form": form, "paths": paths, "path_tables": path_tables,
                                                    "svg": svg})


@requires("signed_in")
def continuity_page(request):
    successors = Organisation.objects.councils().filter(predecessors__isnull=False).distinct().order_by("name")
    measures = [(s, m) for s in series.sources() for m in s.measures() if m.additive]
    chosen_council = request.GET.get("council", "")
    chosen_measure = request.GET.get("measure", "")
    table, svg, error = None, "", None
    if chosen_council and chosen_measure:
        council = successors.filter(gss_code=chosen_council).first()
        source_key, _, measure_key = chosen_measure.partition(":")
        try:
            if council is None:
                raise UserError("Choose a successor council from the list.", field="council")
            measure = series.measure(source_key, measure_key)
            points = continuity.continuous_series(source_key, measure_key, council)
        except UserError as e:
            error = e.message
        else:
            table = Table("continuity", f"{measure.label} ({measure.unit}): {council}", [
                Column("period", "Period"), Column("value", f"Value ({measure.unit})", TEXT if "£" not in measure.unit else MONEY),
                Column("basis", "Basis"), Column("note", "Note")],
                [{"period": p.period, "value": p.value if "£" in measure.unit else str(p.value),
                  "basis": "Predecessors summed (before vesting)" if p.basis == "aggregated" else "Own figure",
                  "note": p.note} for p in points], note=measure.source_note)
            svg = charts.continuity_svg(points, measure.label) if points else ""
            response = download_response(request, [table], f"continuity-{chosen_council}")
            if response:
                return response
    return render(request, "reorg/continuity.html", {"successors": successors, "measures": measures, "table": table,
                                                     "svg": svg, "error": error, "chosen_council": chosen_council,
                                                     "chosen_measure": chosen_measure})


@requires("signed_in")
def shared_service(request, slug):
    obj = get_object_or_404(SharedService.objects.select_related("lead_council", "partnership"), slug=slug)
    require_view(request.user, obj)
    form = RealisedSavingForm(request.POST or None)
    if request.method == "POST":
        require_change(request.user, obj)
        if form.is_valid():
            try:
                shared.record_realised_saving(request.user, obj, form.cleaned_data["year"], form.cleaned_data["amount"])
            except UserError as e:
                _form_error(form, e)
            except ValueError as e:  # a financial year that does not parse
                form.add_error("year", str(e))
            else:
                messages.success(request, "Realised saving recorded in the efficiency ledger.")
                return redirect("reorg:shared_service", obj.slug)
    error, case_tables = None, []
    try:
        case_tables = tables.business_case_tables(shared.business_case(obj), dict(FUNCTIONS))
    except UserError as e:
        error = e.message
    realised = Table("realised", "Realised savings, recorded in the efficiency ledger", [
        Column("year", "Financial year"), Column("amount", "Saving", MONEY), Column("gain", "Ledger gain")],
        [{"year": str(r.year), "amount": r.amount, "gain": r.ledger_gain.reference if r.ledger_gain else ""}
         for r in obj.realised.select_related("ledger_gain")])
    response = download_response(request, case_tables + [realised], f"shared-service-{obj.slug}")
    if response:
        return response
    return render(request, "reorg/shared_service.html", {"service": obj, "case_tables": case_tables, "error": error,
                                                         "realised": realised, "form": form,
                                                         "may_change": may_change(request.user, obj)})


@requires("signed_in")
def capacity_pool(request, slug):
    obj = get_object_or_404(CapacityPool.objects.select_related("partnership"), slug=slug)
    require_view(request.user, obj)
    error = None
    if request.method == "POST":
        require_change(request.user, obj)
        form = AgreePlacementForm(request.POST)
        if form.is_valid():
            try:
                offer = get_object_or_404(CapacityOffer, pk=form.cleaned_data["offer"], pool=obj)
                req = get_object_or_404(CapacityRequest, pk=form.cleaned_data["request"], pool=obj)
                pool.agree_placement(request.user, offer, req, form.cleaned_data["recharge_per_day"], dt.date.today())
            except UserError as e:
                error = e.message
            else:
                messages.success(request, "Placement agreed and added to the partnership's projects.")
                return redirect("reorg:pool", obj.slug)
        else:
            error = "; ".join(m for errs in form.errors.values() for m in errs)
    proposed = pool.proposal(obj)
    proposal_rows = [{"from": str(o.council), "to": str(r.council), "specialism": o.get_specialism_display(),
                      "days": p.days, "km": p.km, "status": "Proposed"} for o, r, p in proposed]
    placements = list(obj.placements.select_related("offer__council", "request__council", "project"))
    tbls = [tables.offers_table(obj.offers.select_related("council")), tables.requests_table(obj.requests.select_related("council")),
            tables.proposal_table(proposal_rows), tables.placements_table(placements)]
    response = download_response(request, tbls, f"capacity-pool-{obj.slug}")
    if response:
        return response
    return render(request, "reorg/pool.html", {
        "pool": obj, "tables": tbls, "proposed": proposed, "error": error, "may_change": may_change(request.user, obj),
        "placements": [{"p": p, "ni157": pool.ni157_url(p.request.council),
                        "recharge": p.recharge_per_day * p.days} for p in placements],
        "default_rate": Decimal("350.00")})


@requires("edit_projects")
def take_baselines(request, slug):
    """POST only: every predecessor's baseline from the revenue outturn line and year chosen."""
    obj = get_object_or_404(Scenario, slug=slug)
    require_change(request.user, obj)
    if request.method != "POST":
        return redirect("reorg:scenario", obj.slug)
    try:
        done = baselines.take_baselines_from_outturn(request.user, obj, request.POST.get("line") or baselines.DEFAULT_LINE,
                                                     request.POST.get("year") or None)
    except (UserError, ValueError) as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Baselines from the revenue outturn for {len(done.filled)} councils"
                         + (f"; entered figures kept for {', '.join(done.kept)}." if done.kept else "."))
    return redirect("reorg:scenario", obj.slug)
