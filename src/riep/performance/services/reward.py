"""A reward grant agreement's figures: allocation per stretch target, reward earned so far under the agreement's
rule, and its apportionment among partners by contribution (the arithmetic is riep.performance.calc.reward)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from riep.performance.calc import reward as calc
from riep.performance.models import RewardAgreement, RewardTarget
from riep.performance.places import where
from riep.performance.services.targets import visible_targets
from riep.performance.services.values import visible_values


@dataclass
class TargetReward:
    reward_target: RewardTarget
    allocation: Decimal
    actual: Decimal | None
    achievement: Decimal | None  # share of the stretch delivered
    earned: Decimal
    shown: bool = True  # False: the target awaits the partnership's approval and this viewer is outside it


@dataclass
class AgreementReward:
    agreement: RewardAgreement
    rule: calc.RewardRule
    targets: list[TargetReward]
    apportionment: calc.Apportionment

    @property
    def earned(self) -> Decimal:
        return sum((t.earned for t in self.targets), Decimal("0.00"))


def agreement_reward(user, agreement: RewardAgreement) -> AgreementReward:
    rule = calc.RewardRule(threshold=Decimal(agreement.threshold), partial=agreement.partial)
    rts = list(agreement.targets.select_related("target__indicator", "target__council", "target__partnership").prefetch_related(
        "contributions__partner"))
    equal = calc.per_target_allocation(agreement.reward_available - sum(
        (rt.allocation for rt in rts if rt.allocation is not None), Decimal(0)),
        [str(rt.pk) for rt in rts if rt.allocation is None]) if any(rt.allocation is None for rt in rts) else {}
    rows, weights = [], defaultdict(Decimal)
    seen = set(visible_targets(user, pk__in=[rt.target_id for rt in rts]).values_list("pk", flat=True))
    for rt in rts:
        t = rt.target
        allocation = rt.allocation if rt.allocation is not None else equal[str(rt.pk)]
        value = visible_values(user, indicator=t.indicator, period=t.period, **where(t.place)).first() \
            if t.pk in seen else None  # nothing earned is shown against a target not yet approved
        share = None
        if value is not None and t.expected is not None:
            share = calc.achievement(t.expected, t.target, value.value, t.indicator.polarity)
        got = calc.earned(allocation, share, rule) if share is not None else Decimal("0.00")
        rows.append(TargetReward(rt, allocation, value.value if value else None, share, got, shown=t.pk in seen))
        contributions = {c.partner.name: c.weight for c in rt.contributions.all()} or {t.place.name: Decimal(1)}
        whole = sum(contributions.values())
        for partner, w in contributions.items():
            weights[partner] += got * w / whole
    total = sum((r.earned for r in rows), Decimal("0.00"))
    support = min(agreement.support_costs, total)
    portion = calc.apportion(total, {k: v for k, v in weights.items() if v > 0}, support_costs=support,
                             voluntary_sector_share=Decimal(agreement.voluntary_sector_share)) if total else \
        calc.Apportionment(Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), {})
    return AgreementReward(agreement, rule, rows, portion)
