"""The catalogue, an indicator across a partnership's councils, one council's trajectory, commentary and approval."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from riep.core.errors import UserError
from riep.core.jobs import enqueue
from riep.core.permissions import has_permission, requires
from riep.core.tables import LINK, Column, Table, download_response
from riep.core.uploads import receive_upload
from riep.performance import benchmarks, permissions
from riep.performance.charts import trajectory_svg
from riep.performance.forms import CommentaryForm, ImportForm
from riep.performance.models import Indicator, Outcome, PriorityOutcome
from riep.performance.places import code_of, find, is_area, name_of
from riep.performance.services import delivery, priorities, values
from riep.performance.services.catalogue import frameworks
from riep.performance.services.tables import measures_table, trajectory_table
from riep.registry import scope
from riep.registry.models import Organisation, Partnership

SECTION = {"section": "performance"}


def chosen_partnership(request) -> Partnership:
    code = request.GET.get("partnership")
    if code:
        return get_object_or_404(Partnership, code__iexact=code)
    return scope.partnerships_of(request.user).order_by("code").first() or Partnership.objects.order_by("code").first()


@requires("signed_in")
def index(request):
    rows = [{"code": i.code, "url": i.get_absolute_url(), "name": i.name, "outcome": i.outcome.name if i.outcome else "",
             "unit": i.unit, "polarity": i.get_polarity_display(), "frequency": i.get_frequency_display(),
             "geography": i.geography,
             "version": i.catalogue_version or f"Local indicator of {i.partnership.code if i.partnership else 'a partnership'}"}
            for i in Indicator.objects.select_related("outcome", "partnership").order_by("outcome__name", "code")]
    table = Table("indicators", "The indicator catalogue", [
        Column("code", "Indicator", LINK), Column("name", "Name"), Column("outcome", "Outcome"), Column("unit", "Unit"),
        Column("polarity", "Polarity"), Column("frequency", "Frequency"), Column("geography", "Published for"),
        Column("version", "Catalogue version")], rows)
    if (response := download_response(request, [table], "indicator-catalogue")) is not None:
        return response
    partnerships = Partnership.objects.order_by("code")
    mine = scope.partnerships_of(request.user)
    priorities = PriorityOutcome.objects.filter(partnership__in=mine).select_related("outcome", "partnership")
    return render(request, "performance/index.html", {**SECTION, "table": table, "partnerships": partnerships,
                  "priorities": priorities, "mine": mine, "outcomes": Outcome.objects.all(), "frameworks": frameworks(),
                  "managed": [p for p in mine if permissions.may_manage_partnership(request.user, p)],
                  "can_import": has_permission(request.user, "manage_performance")})


@requires("signed_in")
def indicator(request, key):
    ind = _indicator(key)
    partnership = chosen_partnership(request)
    councils = delivery.partnership_councils(partnership)
    period = request.GET.get("period") or delivery.latest_period(ind)
    measures = delivery.measures_for(request.user, councils, [ind], period) if period else []
    ordered = request.GET.get("order") == "value"  # only when the person asks: never the default
    if ordered:
        measures = sorted(measures, key=lambda m: (m.value is None, m.value.value if m.value else 0))
    kind = request.GET.get("peers", benchmarks.DEFAULT_KIND)
    positions = benchmarks.positions_for(request.user, measures, kind)
    order_words = "ordered by value, lowest first, as asked" if ordered else "councils in name order"
    table = measures_table("councils", f"{ind.code} in {partnership.name}, {period or 'no period'} ({order_words})",
                           measures, positions=positions, decimals=ind.decimals)
    area = delivery.area_measures(request.user, partnership, [ind], period) if period else []
    area_table = measures_table("area", f"{ind.code} for {partnership.name}'s area as a whole, {period}", area,
                                decimals=ind.decimals)
    tables = [table, area_table] if area else [table]
    if (response := download_response(request, tables, f"{ind.key}-{partnership.code}-{period}")) is not None:
        return response
    return render(request, "performance/indicator.html", {**SECTION, "indicator": ind, "partnership": partnership,
                  "partnerships": Partnership.objects.order_by("code"), "period": period, "table": table,
                  "area_table": area_table if area else None, "area_url": f"{ind.get_absolute_url()}{partnership.code}/",
                  "may_set_area_targets": permissions.may_set_targets_for(request.user, ind, partnership),
                  "counts": delivery.summary_counts(measures), "peer_kinds": benchmarks.KINDS, "peer_kind": kind, "ordered": ordered})


def _indicator(key) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("outcome"), key=key)


def _council(gss) -> Organisation:
    return get_object_or_404(Organisation.objects.councils(), gss_code=gss)


def _place(code):
    """A council by GSS code, or a partnership's area by the partnership's code."""
    found = find(code)
    if found is None:
        raise Http404(f"There is no council or partnership {code}.")
    return found


def impact_link(ind: Indicator, council: Organisation) -> str:
    """"Ask whether the programme moved this indicator": the counterfactual engine's panel from the `performance`
    series, from the start of the programme on the indicator's priority outcome (a URL: performance imports no
    impact code; empty when the engine has no such page)."""
    start = priorities.programme_start(priorities.priorities_serving(scope.partnerships_of_council(council), ind))
    return priorities.counterfactual_url(ind, council, start)


@requires("signed_in")
def council_indicator(request, key, gss):
    """One council's trajectory on an indicator, or (gss a partnership's code) the partnership's area's."""
    ind, place = _indicator(key), _place(gss)
    council = None if is_area(place) else place
    t = delivery.trajectory(request.user, ind, place)
    table = trajectory_table(ind, place, t)
    if (response := download_response(request, [table], f"{ind.key}-{code_of(place)}")) is not None:
        return response
    latest = t.values[-1].period if t.values else None
    m = delivery.measure(request.user, ind, place, latest) if latest else None
    chart = trajectory_svg(f"{ind.code} {ind.name}: {name_of(place)}", ind.unit,
                           [(v.period, float(v.value)) for v in t.values], [(x.period, float(x.target)) for x in t.targets],
                           [(p.period, float(p.central), float(p.lower), float(p.upper)) for p in t.forecast.points]) \
        if t.values else ""
    unapproved = sum(not v.approved for v in t.values) + sum(not x.approved for x in t.targets)
    return render(request, "performance/council_indicator.html", {
        **SECTION, "indicator": ind, "council": council, "area": None if council else place,
        "partnership": None if council else place, "place_code": code_of(place),
        "place_name": name_of(place), "trajectory": t, "table": table, "chart": chart, "measure": m,
        "form": CommentaryForm(initial={"text": m.commentary.text if m and m.commentary else ""}),
        "may_comment": m is not None and m.off_track and permissions.may_comment_for(request.user, place),
        "may_approve": unapproved and permissions.may_approve_for(request.user, place), "unapproved": unapproved,
        "impact_url": impact_link(ind, council) if council and has_permission(request.user, "run_impact_analysis") else "",
        "may_set_targets": permissions.may_set_targets_for(request.user, ind, place)})


@requires("signed_in")
def council_indicator_from_council(request, gss, key):
    """/performance/councils/<GSS>/indicators/<key>/, the address other capabilities link by (reorganisation's
    "NI157"): to the council's page for that indicator; a family code (NI157) to its first part (NI157a)."""
    place = _place(gss)
    found = Indicator.objects.filter(key__iexact=key).first() or \
        Indicator.objects.filter(key__istartswith=key, partnership__isnull=True).order_by("key").first()
    if found is None:
        raise Http404(f"There is no indicator {key} in the catalogue.")
    return redirect("performance:council-indicator", key=found.key, gss=code_of(place))


@require_POST
@requires("manage_performance")
def commentary(request, key, gss):
    ind, place = _indicator(key), _place(gss)
    period = request.POST.get("period", "")
    m = delivery.measure(request.user, ind, place, period)
    form = CommentaryForm(request.POST)
    if form.is_valid():
        try:
            delivery.write_commentary(request.user, m, form.cleaned_data["text"])
            messages.success(request, "Commentary saved.")
        except UserError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Say what is being done about this measure.")
    return redirect("performance:council-indicator", key=key, gss=gss)


@require_POST
@requires("approve_performance")
def approve(request, key, gss):
    ind, place = _indicator(key), _place(gss)
    count = values.approve(request.user, ind, place)
    messages.success(request, f"{count} figure{'' if count == 1 else 's'} approved: now shown beyond the partnership.")
    return redirect("performance:council-indicator", key=key, gss=gss)


@requires("manage_performance")
def import_values(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not scope.councils_person_acts_for(request.user).exists():
            raise PermissionDenied("You act for no council, so you may not import figures.")
        upload = receive_upload(form.cleaned_data["file"], request.user)
        job = enqueue("performance.import_values", {"upload_id": upload.pk, "user_id": request.user.pk,
                                                    "indicator": form.cleaned_data["indicator"]}, request.user)
        messages.success(request, "The file is being imported: this page shows its progress.")
        return redirect("core:job", pk=job.pk)
    return render(request, "performance/import.html", {**SECTION, "form": form})
