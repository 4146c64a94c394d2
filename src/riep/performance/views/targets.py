"""Setting a council's targets on an indicator: the targets by year with their rules, the form for a year's target
(baseline, stretch, tolerance band), and the history of every change."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from riep.core.permissions import requires
from riep.core.tables import LINK, NUMBER, Column, Table, download_response
from riep.performance import permissions
from riep.performance.forms import TargetForm
from riep.performance.models import Indicator, Target
from riep.performance.places import code_of, find, name_of
from riep.performance.services import targets as service

SECTION = {"section": "performance"}


def _when(moment) -> str:
    return moment.strftime("%d %b %Y %H:%M")


def targets_table(ind: Indicator, place, targets: list[Target]) -> Table:
    url = reverse("performance:targets", args=[ind.key, code_of(place)])
    d = ind.decimals
    return Table("targets", f"{ind.code} targets for {name_of(place)}", [
        Column("period", "Year", LINK), Column("baseline", "Baseline", NUMBER, decimals=d),
        Column("baseline_period", "Baseline year"), Column("target", f"Target ({ind.unit})", NUMBER, decimals=d),
        Column("stretch", "Stretch"), Column("expected", "Expected without the agreement", NUMBER, decimals=d),
        Column("rule", "Rating rule"), Column("approval", "Approval")],
        [{"period": t.period, "url": f"{url}?period={t.period}#target-form", "baseline": t.baseline,
          "baseline_period": t.baseline_period, "target": t.target, "stretch": "Stretch" if t.stretch else "",
          "expected": t.expected, "rule": service.rule_of(ind, t),
          "approval": "Approved" if t.approved else "Awaiting approval: seen only within the partnership"}
         for t in targets])


def history_table(viewer, ind: Indicator, place) -> Table:
    d = ind.decimals
    return Table("target-history", f"{ind.code} for {name_of(place)}: every change of its targets", [
        Column("when", "When"), Column("who", "Who"), Column("change", "Change"), Column("period", "Year"),
        Column("target", "Target", NUMBER, decimals=d), Column("stretch", "Stretch"),
        Column("baseline", "Baseline", NUMBER, decimals=d), Column("baseline_period", "Baseline year"),
        Column("expected", "Expected without the agreement", NUMBER, decimals=d),
        Column("tolerance", "Tolerance", NUMBER, decimals=d), Column("tolerance_kind", "Tolerance measured")],
        [{**r, "when": _when(r["when"])} for r in service.history_rows(viewer, ind, place)])


@requires("approve_performance")
def targets(request, key, gss):
    ind = get_object_or_404(Indicator, key=key)
    council = find(gss)  # a council's GSS code, or a partnership's code for its area as a whole
    if council is None:
        raise Http404(f"There is no council or partnership {gss}.")
    permissions.require_set_targets(request.user, ind, council)
    current = service.targets_of(ind, council)
    table, history = targets_table(ind, council, current), history_table(request.user, ind, council)
    if (response := download_response(request, [table, history], f"targets-{ind.key}-{gss}")) is not None:
        return response
    editing = next((t for t in current if t.period == request.GET.get("period")), None)
    form = TargetForm(request.POST if request.method == "POST" else None, indicator=ind, initial=service.initial_for(editing) or None)
    if request.method == "POST" and form.is_valid():
        saved, new = service.save_target(request.user, ind, council, form.cleaned_data)
        messages.success(request, f"Target for {saved.period} {'set' if new else 'saved'}.")
        return redirect("performance:targets", key=ind.key, gss=code_of(council))
    return render(request, "performance/targets.html", {
        **SECTION, "indicator": ind, "council": council, "place_code": code_of(council), "place_name": name_of(council), "form": form, "table": table, "history": history,
        "editing": editing, "takes_targets": ind.polarity in ("higher", "lower")})
