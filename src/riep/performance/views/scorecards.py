"""The council scorecard and the partnership scorecard (one page a board can read)."""
from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from riep.core.audit import audit_table
from riep.core.permissions import requires
from riep.core.tables import download_response
from riep.performance import permissions
from riep.performance.models import Indicator, PriorityOutcome
from riep.performance.services import delivery
from riep.performance.services.tables import measures_table
from riep.registry.models import Organisation, Partnership

SECTION = {"section": "performance"}


@requires("signed_in")
def council_scorecard(request, gss):
    council = get_object_or_404(Organisation.objects.councils(), gss_code=gss)
    period = request.GET.get("period") or delivery.latest_period()
    measures = delivery.council_scorecard(request.user, council, period)
    table = measures_table("scorecard", f"{council.name}: scorecard for {period}", measures, by="indicator")
    if (response := download_response(request, [table], f"scorecard-{gss}-{period}")) is not None:
        return response
    return render(request, "performance/council_scorecard.html", {
        **SECTION, "council": council, "period": period, "table": table, "counts": delivery.summary_counts(measures),
        "illustrative": any(m.value and m.value.illustrative for m in measures),
        "periods": delivery.scorecard_periods()})


@requires("signed_in")
def partnership_scorecard(request, code):
    """What's good, what's off track and what is being done: counts by outcome, then the exceptions with their
    commentary, and the partnership's area as a whole in a section of its own. Councils are listed in name order;
    nothing is ranked."""
    partnership = get_object_or_404(Partnership, code__iexact=code)
    period = request.GET.get("period") or delivery.latest_period()
    councils = delivery.partnership_councils(partnership)
    indicators = list(Indicator.objects.select_related("outcome"))
    measures = delivery.measures_for(request.user, councils, indicators, period)
    off = [m for m in measures if m.off_track]
    table = measures_table("off-track", f"{partnership.name}: measures off track in {period}, and what is being done",
                           off, by="both")
    everything = measures_table("all-measures", f"{partnership.name}: every measure in {period}", measures, by="both")
    area = delivery.area_measures(request.user, partnership, indicators, period)
    area_table = measures_table("area", f"{partnership.name}'s area as a whole in {period}", area, by="indicator")
    # (the first queryset is a page's own record, told as "this …": none here, so each is told by its name)
    removed = audit_table([PriorityOutcome.history.none(),
                           PriorityOutcome.history.filter(partnership_id=partnership.pk, history_type="-")],
                          caption="Priority outcomes removed", viewer=request.user)
    tables = [table, everything, removed] + ([area_table] if area else [])
    if (response := download_response(request, tables, f"scorecard-{partnership.code}-{period}")) is not None:
        return response
    outcomes = {}
    for m in measures:
        name = m.indicator.outcome.name if m.indicator.outcome else "Local indicators"
        outcomes.setdefault(name, []).append(m)
    by_outcome = [{"name": n, "counts": delivery.summary_counts(ms), "good": sorted(
        {f"{m.indicator.code} in {m.council.name}" for m in ms if m.rating == "green"})[:4]} for n, ms in sorted(outcomes.items())]
    return render(request, "performance/partnership_scorecard.html", {
        **SECTION, "partnership": partnership, "period": period, "counts": delivery.summary_counts(measures),
        "by_outcome": by_outcome, "table": table, "everything": everything,
        "priorities": PriorityOutcome.objects.filter(partnership=partnership).select_related("outcome"),
        "missing_commentary": sum(m.needs_commentary for m in measures + area),
        "area_table": area_table if area else None, "removed": removed if removed.rows else None, "area_counts": delivery.summary_counts(area),
        "manage": permissions.may_manage_partnership(request.user, partnership),
        "illustrative": any(m.value and m.value.illustrative for m in measures + area), "periods": delivery.scorecard_periods()})
