"""A priority outcome agreed with government: its indicators, each council's position, the projects serving it,
resources requested and offered, the reward grant, and a way into a counterfactual analysis."""
from __future__ import annotations

from decimal import Decimal

from django.shortcuts import get_object_or_404, render

from riep.core.audit import audit_table
from riep.core.permissions import has_permission, requires
from riep.core.tables import LINK, MONEY, TEXT, Column, Table, download_response
from riep.performance import permissions
from riep.performance.models import Outcome, PriorityOutcome, ResourceAsk, RewardAgreement, RewardTarget
from riep.performance.services import delivery
from riep.performance.services import priorities as service
from riep.performance.services.reward import agreement_reward
from riep.performance.services.tables import measures_table, reward_tables
from riep.registry.models import Partnership

SECTION = {"section": "performance"}


@requires("signed_in")
def outcome(request, code, slug):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    priority = get_object_or_404(PriorityOutcome.objects.select_related("outcome"), partnership=partnership,
                                 outcome__slug=slug)
    indicators = service.indicators_of(priority)
    manage = permissions.may_manage_partnership(request.user, partnership)
    councils = delivery.partnership_councils(partnership)
    period = request.GET.get("period") or delivery.latest_period()
    measures = delivery.measures_for(request.user, councils, indicators, period)
    tables = [measures_table(f"measures-{i.key}", f"{i.code} {i.name}, {period} (councils in name order)",
                             [m for m in measures if m.indicator == i], decimals=i.decimals) for i in indicators]
    projects = Table("projects", f"Projects of {partnership.name} serving {priority.outcome.name.lower()}", [
        Column("name", "Project", LINK), Column("lead", "Lead council"), Column("status", "Status")],
        [{"name": p.name, "url": p.get_absolute_url(), "lead": p.lead_council.name, "status": p.get_status_display()}
         for p in priority.projects.select_related("lead_council")])
    resources = Table("resources", "Resources requested from and offered by government", [
        Column("direction", "Direction"), Column("description", "What", TEXT, link_key="url" if manage else None),
        Column("amount", "Amount", MONEY), Column("status", "Status")],
        [{"direction": r.get_direction_display(), "description": r.description, "amount": r.amount, "status": r.status,
          "url": f"{priority.get_absolute_url()}resources/{r.pk}/"} for r in priority.resources.all()],
        footer={"direction": "Total requested", "amount": sum((r.amount for r in priority.resources.all()
                                                              if r.amount is not None and r.direction == "requested"),
                                                             Decimal("0.00"))})
    agreements = RewardAgreement.objects.filter(partnership=partnership, pk__in=RewardTarget.objects.filter(
        target__indicator__in=indicators).values("agreement_id"))
    rewards = [agreement_reward(request.user, a) for a in agreements]
    reward_tabs = [t for r in rewards for t in reward_tables(r)]
    area = delivery.area_measures(request.user, partnership, indicators, period)
    area_table = measures_table("area", f"{partnership.name}'s area as a whole, {period}", area, by="indicator")
    history = audit_table([PriorityOutcome.history.filter(id=priority.pk)] +
                          ([Outcome.history.filter(id=priority.outcome_id)] if service.owns_outcome(priority) else []) +
                          [ResourceAsk.history.filter(priority_id=priority.pk)],
                          caption="Changes to this priority outcome", viewer=request.user)
    tables += [area_table] if area else []
    if (response := download_response(request, tables + [projects, resources, history] + reward_tabs,
                                      f"outcome-{partnership.code}-{slug}")) is not None:
        return response
    ask = ""
    if has_permission(request.user, "run_impact_analysis") and indicators and councils:
        ask = service.counterfactual_url(indicators[0], councils[0], service.programme_start([priority]))
    return render(request, "performance/outcome.html", {
        **SECTION, "partnership": partnership, "priority": priority, "period": period, "tables": tables,
        "projects": projects, "resources": resources, "rewards": list(zip(rewards, [reward_tables(r) for r in rewards])),
        "counts": delivery.summary_counts(measures), "manage": manage, "history": history,
        "area_table": area_table if area else None, "own_outcome": service.owns_outcome(priority), "indicators": indicators, "councils": councils,
        "ask_action": ask.split("?")[0], "programme_start": service.programme_start([priority])})
