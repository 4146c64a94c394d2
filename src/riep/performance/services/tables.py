"""The toolkit's tables (page, CSV and XLSX from one definition, riep.core.tables)."""
from __future__ import annotations

from decimal import Decimal

from riep.core.tables import LINK, MONEY, NUMBER, PERCENTAGE, TEXT, Column, Table
from riep.performance.services.delivery import Measure, Trajectory
from riep.performance.services.reward import AgreementReward

RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "": "Not rated"}


def _num(ind, label, key="value"):
    return Column(key, label, NUMBER, decimals=ind.decimals if ind else 1)


def trajectory_table(ind, council, t: Trajectory) -> Table:
    targets = {x.period: x for x in t.targets}
    periods = sorted({v.period for v in t.values} | set(targets) | {p.period for p in t.forecast.points})
    values = {v.period: v for v in t.values}
    forecast = {p.period: p for p in t.forecast.points}
    rows = []
    for p in periods:
        v, tg, f = values.get(p), targets.get(p), forecast.get(p)
        rows.append({"period": p, "value": v.value if v else None, "target": tg.target if tg else None,
                     "stretch": "Stretch" if tg and tg.stretch else "", "forecast": f.central if f else None,
                     "lower": f.lower if f else None, "upper": f.upper if f else None,
                     "status": ("Approved" if v.approved else "Awaiting approval") if v else "",
                     "vintage": v.vintage if v else "", "note": ("Illustrative. " if v and v.illustrative else "") + (v.note if v else "")})
    return Table("trajectory", f"{ind.code} for {council.name}: values, targets and forecast", [
        Column("period", "Period"), _num(ind, f"Value ({ind.unit})"), _num(ind, "Target", "target"),
        Column("stretch", "Stretch"), Column("forecast", "Forecast", NUMBER, decimals=ind.decimals + 1),
        Column("lower", f"Forecast lower ({t.forecast.level}%)", NUMBER, decimals=ind.decimals + 1),
        Column("upper", f"Forecast upper ({t.forecast.level}%)", NUMBER, decimals=ind.decimals + 1),
        Column("status", "Approval"), Column("vintage", "Vintage"), Column("note", "Note")], rows,
        note=ind.source)


def measures_table(name: str, caption: str, measures: list[Measure], *, by: str = "council", positions=None,
                   decimals: int = 2) -> Table:
    """by="council": one row per council (an indicator page); by="indicator": one row per indicator (a scorecard).
    Councils appear in name order: nothing is ranked."""
    positions = positions or {}
    rows = []
    for m in measures:
        first = {"label": m.council.name, "url": f"/performance/indicators/{m.indicator.key}/{m.council.gss_code}/"} \
            if by == "council" else {"label": f"{m.indicator.code} {m.indicator.name}",
                                     "url": f"/performance/indicators/{m.indicator.key}/{m.council.gss_code}/"}
        places = Decimal(1).scaleb(-m.indicator.decimals)
        rows.append({**first, "value": m.value.value.quantize(places) if m.value else None,
                     "target": m.target.target.quantize(places) if m.target else None,
                     "stretch": "Stretch" if m.target and m.target.stretch else "", "rag": RAG_WORDS[m.rating],
                     "rule": m.rule, "unit": m.indicator.unit,
                     "position": positions.get((m.indicator.pk, m.council.pk), ""),
                     "commentary": m.commentary.text if m.commentary else ("Commentary needed" if m.needs_commentary else ""),
                     "illustrative": "Illustrative" if m.value and m.value.illustrative else ""})
    columns = [Column("label", "Council" if by == "council" else "Indicator", LINK), Column("value", "Value", NUMBER, decimals=decimals),
               Column("unit", "Unit"), Column("target", "Target", NUMBER, decimals=decimals), Column("stretch", "Stretch"),
               Column("rag", "RAG"), Column("rule", "Rule"), Column("commentary", "What is being done"),
               Column("illustrative", "Data")]
    if positions:
        columns.insert(6, Column("position", "Peer position"))
    return Table(name, caption, columns, rows)


def reward_tables(r: AgreementReward) -> list[Table]:
    rows = [{"target": f"{t.reward_target.target.indicator.code} {t.reward_target.target.council.name} "
                       f"{t.reward_target.target.period}",
             "expected": t.reward_target.target.expected, "stretch": t.reward_target.target.target, "actual": t.actual,
             "achievement": t.achievement, "allocation": t.allocation, "earned": t.earned} for t in r.targets]
    targets = Table("reward-targets", f"{r.agreement.name}: stretch targets and reward earned", [
        Column("target", "Measure"), Column("expected", "Expected without the agreement", NUMBER, decimals=1),
        Column("stretch", "Stretch target", NUMBER, decimals=1), Column("actual", "Actual", NUMBER, decimals=1),
        Column("achievement", "Share of stretch achieved", PERCENTAGE), Column("allocation", "Allocation", MONEY),
        Column("earned", "Reward earned", MONEY)], rows,
        footer={"target": "Total", "allocation": sum((t.allocation for t in r.targets), Decimal(0)), "earned": r.earned},
        note=r.rule.describe())
    a = r.apportionment
    shares = [{"partner": "Support costs", "amount": a.support_costs}, {"partner": "Voluntary and community sector", "amount": a.voluntary_sector}]
    shares += [{"partner": k, "amount": v} for k, v in sorted(a.shares.items())]
    apportionment = Table("reward-apportionment", f"{r.agreement.name}: the reward earned, apportioned by contribution", [
        Column("partner", "Partner", TEXT), Column("amount", "Amount", MONEY)], shares,
        footer={"partner": "Total", "amount": a.earned})
    return [targets, apportionment]
