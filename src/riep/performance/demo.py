"""The performance toolkit's demo: the East of England partnership's councils on the catalogue's indicators,
with targets, RAG, forecasts, priority outcome pages for the article's three Whitehall priorities with projects and
reward grant, and a completed self-assessment with an action plan.

Every generated figure is marked illustrative (the pages say so). Real per-head spend figures come from the revenue
outturn returns through riep.finance (see finance_indicators).
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from riep.core.fy import FinancialYear
from riep.performance.calc.assessment import AMBER, GREEN, RED
from riep.performance.models import (
    ActionPoint,
    AssessmentAnswer,
    Commentary,
    Contribution,
    Indicator,
    IndicatorValue,
    Outcome,
    PriorityOutcome,
    ResourceAsk,
    RewardAgreement,
    RewardTarget,
    SelfAssessment,
    Target,
)
from riep.performance.services.catalogue import load_catalogue, questions
from riep.performance.services.finance_indicators import refresh_finance_indicators
from riep.performance.services.ni179 import refresh_ni179
from riep.portfolio.models import Project
from riep.registry import scope
from riep.registry.models import Organisation, Partnership

PARTNERSHIP = "EE"
FIRST, LAST = 2004, 2010  # seven years: 2004-05 to 2010-11 (or 2004 to 2010)
TARGET_YEARS = (2008, 2009, 2010)  # the LAA's three years
NOTE = "Illustrative: generated for the demo, not a published figure."
# key: (level in the first year, change a year in the better direction, spread between councils, noise a year)
SHAPES = {
    "NI17": (22, 0.6, 4, 0.8), "NI21": (24, 0.9, 4, 1.0), "NI27": (23, 0.8, 4, 1.0), "NI41": (28, 0.5, 5, 1.0),
    "NI42": (30, 0.5, 5, 1.0), "NI55": (9.6, 0.08, 0.9, 0.3), "NI56": (17.0, -0.1, 1.5, 0.4),
    "NI112": (-6, 1.8, 6, 2.0), "NI151": (75, 0.2, 3, 0.6), "NI152": (10.5, 0.1, 2.5, 0.3),
    "NI153": (26, 0.4, 4, 0.8), "NI154": (420, 8, 150, 40), "NI155": (95, 6, 40, 15), "NI157a": (66, 2.5, 8, 3),
    "NI157b": (74, 1.8, 6, 2.5), "NI157c": (84, 1.2, 5, 2), "NI185": (1, 2.2, 1.5, 0.6), "NI186": (2, 1.4, 1.5, 0.5),
    "NI191": (690, 14, 60, 12), "NI192": (34, 2.2, 6, 1.2), "NI193": (56, 2.5, 10, 2),
}
UPPER = {"NI55", "NI56", "NI112", "NI193"}
LOWER_TIER = {"NI154", "NI155", "NI157a", "NI157b", "NI157c", "NI191", "NI192"}
STRETCH = ("NI55", "NI56", "NI112", "NI17", "NI21")  # Norfolk's reward targets


def delete_performance_rows() -> None:
    for model in (ActionPoint, AssessmentAnswer, SelfAssessment, Contribution, RewardTarget, RewardAgreement,
                  ResourceAsk, PriorityOutcome, Commentary, Target, IndicatorValue, Indicator, Outcome):
        model.objects.all().delete()
    for model in (ActionPoint, ResourceAsk, Target, Indicator, PriorityOutcome, Outcome):  # their history goes with them
        model.history.all().delete()


def _period(ind: Indicator, year: int) -> str:
    return str(year) if ind.frequency == "calendar_year" else str(FinancialYear(year))


def _applies(key: str, council: Organisation) -> bool:
    if key in UPPER:
        return council.council_type in ("CTY", "UA")
    if key in LOWER_TIER:
        return council.council_type in ("NMD", "UA")
    return True


def _existed(council: Organisation, year: int) -> bool:
    return (council.start_date is None or council.start_date.year <= year) and \
        (council.end_date is None or council.end_date > dt.date(year + 1, 3, 31))


def _q(ind: Indicator, x: float) -> Decimal:
    return Decimal(str(round(x, ind.decimals)))


def _series(ind: Indicator, council: Organisation) -> dict[int, Decimal]:
    level, trend, spread, noise = SHAPES[ind.key]
    rng = random.Random(f"{ind.key}-{council.gss_code}")
    sign = 1 if ind.polarity == "higher" else -1
    start = level + rng.uniform(-spread, spread)
    pace = trend * rng.uniform(0.2, 1.8)
    out = {}
    for year in range(FIRST, LAST + 1):
        x = start + sign * pace * (year - FIRST) + rng.gauss(0, noise)
        if ind.unit == "%":
            x = min(max(x, 0.5), 99.5)
        elif not ind.negative_allowed:
            x = max(x, 0)
        out[year] = _q(ind, x)
    return out


def _values_and_targets(councils, indicators):
    now = timezone.now()
    values, targets, series = [], [], {}
    for ind in indicators:
        level, trend, spread, noise = SHAPES[ind.key]
        sign = 1 if ind.polarity == "higher" else -1
        for council in councils:
            if not _applies(ind.key, council):
                continue
            s = {y: v for y, v in _series(ind, council).items() if _existed(council, y)}
            if len(s) < 2:
                continue
            series[(ind.key, council.gss_code)] = s
            rng = random.Random(f"target-{ind.key}-{council.gss_code}")
            baseline_year = min(y for y in s if y >= 2007) if any(y >= 2007 for y in s) else min(s)
            for year in TARGET_YEARS:
                if year not in s or year <= baseline_year:
                    continue
                aim = float(s[baseline_year]) + sign * trend * (year - baseline_year) * rng.uniform(0.8, 2.2)
                targets.append(Target(indicator=ind, council=council, period=_period(ind, year),
                                      baseline=s[baseline_year], baseline_period=_period(ind, baseline_year),
                                      target=_q(ind, aim), tolerance=_q(ind, max(noise, 10 ** -ind.decimals)),
                                      approved_at=now))
            for year, v in s.items():
                # the latest year awaits approval for a few councils, so the approval step shows
                pending = year == LAST and rng.random() < 0.2
                values.append(IndicatorValue(indicator=ind, council=council, period=_period(ind, year), value=v,
                                             vintage="Demo data (illustrative)", note=NOTE, illustrative=True,
                                             approved_at=None if pending else now))
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    Target.history.bulk_history_create(Target.objects.bulk_create(targets, batch_size=2000), batch_size=2000,
                                       default_change_reason="Demo data (illustrative)")
    return series


def _commentary(councils) -> None:
    latest = ("2010-11", "2010")
    values = {(v.indicator_id, v.council_id): v.value for v in IndicatorValue.objects.filter(
        council__in=councils, period__in=latest)}
    reds = []
    for t in Target.objects.filter(council__in=councils, period__in=latest).select_related("indicator", "council"):
        v = values.get((t.indicator_id, t.council_id))
        if v is None:
            continue
        short = (t.target - v) if t.indicator.polarity == "higher" else (v - t.target)
        if short > t.tolerance:
            reds.append(t)
    for i, t in enumerate(reds):
        if i % 3 == 2:  # some exceptions still lack commentary: the scorecard asks for it
            continue
        Commentary.objects.create(indicator=t.indicator, council=t.council, period=t.period,
                                  text=f"Illustrative: a recovery plan for {t.indicator.code} was agreed by the "
                                       f"{t.council.short_name or t.council.name} theme group; progress is reported to "
                                       "the partnership board each quarter.")


STATEMENTS = {
    "fear-of-crime": "Illustrative: reduce the share of residents who perceive high anti-social behaviour, and raise confidence that councils and police deal with it (NI 17, NI 21).",
    "obesity": "Illustrative: halt the rise in obesity among Year 6 children and reduce it in Reception (NI 55, NI 56).",
    "teenage-pregnancy": "Illustrative: reduce the under-18 conception rate towards half its 1998 level (NI 112).",
}


def _priorities(partnership) -> None:
    """The three Whitehall priorities, each served by the partnership's Aspire2perform programme (the demo
    programme of riep.demo has no health or community safety project of its own)."""
    projects = list(Project.objects.filter(partnership=partnership, code="ee-aspire2perform"))
    for slug, statement in STATEMENTS.items():
        priority = PriorityOutcome.objects.create(partnership=partnership, outcome=Outcome.objects.get(slug=slug),
                                                  statement=statement, illustrative=True)
        priority.projects.set(projects)
        ResourceAsk.objects.create(priority=priority, direction="requested", amount=Decimal("250000"),
                                   description="Illustrative: pooled funding from the lead government department",
                                   status="Under discussion")
        ResourceAsk.objects.create(priority=priority, direction="offered", amount=None,
                                   description="Illustrative: a named civil servant to unblock data sharing", status="Agreed")


# Norfolk's stretch targets: the share of the stretch each achieves, so the reward shows full, partial and nothing.
ACHIEVED = {"NI55": Decimal("1.10"), "NI56": Decimal("0.75"), "NI112": Decimal("0.40"), "NI17": Decimal("1.00"),
            "NI21": Decimal("0.65")}


def _reward(partnership, norfolk) -> None:
    agreement = RewardAgreement.objects.create(
        partnership=partnership, name="Norfolk Local Area Agreement 2008-11 reward grant (illustrative)",
        first_year=FinancialYear(2008), last_year=FinancialYear(2010), pump_priming=Decimal("900000"),
        reward_available=Decimal("4500000"), threshold=Decimal("0.6"), partial=True, support_costs=Decimal("50000"),
        voluntary_sector_share=Decimal("0.1"), illustrative=True,
        source="Illustrative figures of the size of Bath & North East Somerset's LAA 2006-09 (£920,000 pump-priming, £4.548m reward).")
    partners = {name: Organisation.objects.filter(name=name).first()
                for name in ("NHS Norfolk (primary care trust)", "Norfolk Constabulary")}
    weights = {"NI55": {"NHS Norfolk (primary care trust)": 6}, "NI56": {"NHS Norfolk (primary care trust)": 6},
               "NI112": {"NHS Norfolk (primary care trust)": 5}, "NI17": {"Norfolk Constabulary": 5},
               "NI21": {"Norfolk Constabulary": 5}}
    for key in STRETCH:
        ind = Indicator.objects.get(key=key)
        target = Target.objects.filter(indicator=ind, council=norfolk, period=_period(ind, LAST)).first()
        value = IndicatorValue.objects.filter(indicator=ind, council=norfolk, period=_period(ind, LAST)).first()
        if target is None or value is None:
            continue
        sign = Decimal(1 if ind.polarity == "higher" else -1)
        expected = target.baseline + sign * Decimal(str(SHAPES[key][1])) * (LAST - 2007)
        target.expected = _q(ind, float(expected))
        target.target = _q(ind, float(target.expected + sign * Decimal(str(max(SHAPES[key][2] / 3, 0.3)))))
        target.stretch = True
        target.save()
        value.value = _q(ind, float(target.expected + (target.target - target.expected) * ACHIEVED[key]))
        value.approved_at = timezone.now()
        value.save()
        rt = RewardTarget.objects.create(agreement=agreement, target=target)
        Contribution.objects.create(reward_target=rt, partner=norfolk, weight=Decimal(10 - sum(weights[key].values())))
        for name, w in weights[key].items():
            if partners.get(name):
                Contribution.objects.create(reward_target=rt, partner=partners[name], weight=Decimal(w))


EVIDENCE = {GREEN: "Illustrative: board minutes and the annual review show this working well.",
            AMBER: "Illustrative: in place but patchy; partners' reports differ.",
            RED: "Illustrative: the board's own review found little evidence of this."}


def _self_assessment(partnership) -> None:
    qs = questions()
    for year, completed in ((2009, dt.date(2009, 6, 30)), (2010, dt.date(2010, 6, 30))):
        a = SelfAssessment.objects.create(partnership=partnership, year=FinancialYear(year), question_set_version="2026.1",
                                          completed_on=completed, illustrative=True)
        rng = random.Random(f"assessment-{year}")
        for q in qs:
            weights = (0.35, 0.4, 0.25) if year == 2009 else (0.5, 0.35, 0.15)
            rating = rng.choices((GREEN, AMBER, RED), weights)[0]
            AssessmentAnswer.objects.create(assessment=a, question=q["key"], rating=rating, evidence=EVIDENCE[rating])
            if rating != GREEN:
                ActionPoint.objects.create(
                    assessment=a, question=q["key"], action=f"Illustrative: agree and carry out an improvement plan ({q['element_name'].lower()})",
                    owner="Programme director" if rating == RED else "Theme group chair",
                    due_on=dt.date(year + 1, 3, 31), status="done" if year == 2009 and rating == AMBER else
                    "in_progress" if rating == RED else "not_started")


LOCAL = {"code": "L1", "name": "Children in active travel to school (illustrative local indicator)",
         "definition": "Illustrative: percentage of pupils aged 5 to 11 who usually walk, cycle or scoot to school, "
                       "from the partnership's own school travel survey.",
         "unit": "%", "polarity": "higher", "frequency": "financial_year", "decimals": 1, "geography": "upper-tier councils",
         "source": "Illustrative: generated for the demo; no published source."}


def _local_indicator(partnership, councils) -> Indicator:
    """One indicator the partnership defined for itself, serving the obesity priority: it takes values and targets
    like the catalogue's (and shows on the obesity page and the scorecards)."""
    ind = Indicator.objects.create(key=f"{partnership.code}-L1", partnership=partnership,
                                   outcome=Outcome.objects.get(slug="obesity"), **LOCAL)
    now, values, targets = timezone.now(), [], []
    for council in councils:
        if council.council_type not in ("CTY", "UA") or not _existed(council, LAST):
            continue
        rng = random.Random(f"local-{council.gss_code}")
        start, pace = 42 + rng.uniform(-6, 6), rng.uniform(0.2, 1.6)
        for year in range(FIRST, LAST + 1):
            values.append(IndicatorValue(indicator=ind, council=council, period=str(FinancialYear(year)),
                                         value=_q(ind, start + pace * (year - FIRST) + rng.gauss(0, 0.8)),
                                         vintage="Demo data (illustrative)", note=NOTE, illustrative=True, approved_at=now))
        base = start + pace * 3
        for year in TARGET_YEARS:
            targets.append(Target(indicator=ind, council=council, period=str(FinancialYear(year)), baseline=_q(ind, base),
                                  baseline_period="2007-08", target=_q(ind, base + 1.2 * (year - 2007)),
                                  tolerance=Decimal("1.0"), approved_at=now))
    IndicatorValue.objects.bulk_create(values)
    Target.history.bulk_history_create(Target.objects.bulk_create(targets), default_change_reason="Demo data (illustrative)")
    return ind


# The partnership's area as a whole: (indicator, the area target's yearly step as a multiple of the trend). NI 55's
# area target is ambitious, so the area is off track in the last year and its commentary shows.
AREA = {"NI55": 2.5, "NI186": 0.8}


def _area(partnership, series: dict) -> int:
    """Figures and targets for the partnership's area as a whole (illustrative: the plain mean of its councils'
    demo figures), shown apart from the councils' rows and never among their peers."""
    now, values, targets = timezone.now(), [], []
    for ind in Indicator.objects.filter(key__in=AREA):
        by_year: dict[int, list[Decimal]] = {}
        for (key, _), s in series.items():
            if key == ind.key:
                for year, v in s.items():
                    by_year.setdefault(year, []).append(v)
        mean = {y: _q(ind, float(sum(vs) / len(vs))) for y, vs in by_year.items() if vs}
        if 2007 not in mean:
            continue
        sign = 1 if ind.polarity == "higher" else -1
        for year, v in sorted(mean.items()):
            values.append(IndicatorValue(indicator=ind, partnership=partnership, period=_period(ind, year), value=v,
                                         vintage="Demo data (illustrative)", illustrative=True,
                                         note="Illustrative: the mean of the partnership's councils' demo figures.",
                                         approved_at=None if year == LAST and ind.key == "NI186" else now))
        step = SHAPES[ind.key][1] * AREA[ind.key]
        for year in TARGET_YEARS:
            targets.append(Target(indicator=ind, partnership=partnership, period=_period(ind, year),
                                  baseline=mean[2007], baseline_period=_period(ind, 2007),
                                  target=_q(ind, float(mean[2007]) + sign * step * (year - 2007)),
                                  tolerance=_q(ind, max(SHAPES[ind.key][3] / 2, 10 ** -ind.decimals)),
                                  approved_at=now))
    IndicatorValue.objects.bulk_create(values)
    Target.history.bulk_history_create(Target.objects.bulk_create(targets), default_change_reason="Demo data (illustrative)")
    last = {t.indicator_id: t for t in targets if t.period == _period(t.indicator, LAST)}
    for v in values:
        t = last.get(v.indicator_id)
        if t is not None and v.period == t.period and sign_short(t, v.value) > t.tolerance:
            Commentary.objects.create(indicator=t.indicator, partnership=partnership, period=t.period,
                                      text="Illustrative: the partnership's health and wellbeing group has agreed a "
                                           "joint plan with the primary care trusts; the board reviews it each quarter.")
    return len(values)


def sign_short(t: Target, value: Decimal) -> Decimal:
    """How far a value falls short of its target, in the better direction."""
    return (t.target - value) if t.indicator.polarity == "higher" else (value - t.target)


def load_performance_demo() -> str:
    load_catalogue()
    partnership = Partnership.objects.filter(code=PARTNERSHIP).first()
    if partnership is None:
        return "Performance demo skipped: no East of England partnership."
    councils = list(scope.councils_of_partnership(partnership))
    indicators = list(Indicator.objects.filter(key__in=SHAPES))
    series = _values_and_targets(councils, indicators)
    _area(partnership, series)
    _local_indicator(partnership, councils)
    norfolk = Organisation.objects.get(gss_code="E10000020")
    _reward(partnership, norfolk)
    _commentary(councils)
    _priorities(partnership)
    _self_assessment(partnership)
    refresh_ni179(councils)  # NI 179 as the ledger's demo gains give it
    real = refresh_finance_indicators()  # the real per-head spend, from the returns the finance demo imported
    return f"{len(indicators)} illustrative indicators for {len(councils)} councils; {real} real per-head spend values"
