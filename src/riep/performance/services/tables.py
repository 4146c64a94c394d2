"""The toolkit's tables (page, CSV and XLSX from one definition, riep.core.tables)."""
from __future__ import annotations

from decimal import Decimal

from riep.core.tables import LINK, MONEY, NUMBER, PERCENTAGE, TEXT, Column, Table
from riep.performance.places import name_of
from riep.performance.services.delivery import Measure, Trajectory
from riep.performance.services.reward import AgreementReward

RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "": "Not rated"}


def _num(ind, label, key="value"):
    return Column(key, label, NUMBER, decimals=ind.decimals if ind else 1)


def _note(v) -> str:
    if v is None:
        return ""
    flag = "Illustrative. " if v.illustrative and not v.note.lower().startswith("illustrative") else ""
    return flag + v.note


def _approval(value, target) -> str:
    waiting = [name for name, row in (("value", value), ("target", target)) if row is not None and not row.approved]
    if waiting:
        return " and ".join(waiting).capitalize() + " awaiting approval"
    return "Approved" if value or target else ""


def trajectory_table(ind, place, t: Trajectory) -> Table:
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
                     "status": _approval(v, tg),
                     "vintage": v.vintage if v else "", "note": _note(v)})
    return Table("trajectory", f"{ind.code} for {name_of(place)}: values, targets and forecast", [
        Column("period", "Period"), _num(ind, f"Value ({ind.unit})"), _num(ind, "Target", "target"),
        Column("stretch", "Stretch"), Column("forecast", "Forecast", NUMBER, decimals=ind.decimals + 1),
        Column("lower", f"Forecast lower ({t.forecast.level}%)", NUMBER, decimals=ind.decimals + 1),
        Column("upper", f"Forecast upper ({t.forecast.level}%)", NUMBER, decimals=ind.decimals + 1),
        Column("status", "Approval"), Column("vintage", "Vintage"), Column("note", "Note")], rows,
        note=ind.source)


def measures_table(name: str, caption: str, measures: list[Measure], *, by: str = "council", positions=None,
                   decimals: int | None = None) -> Table:
    """by="council": one row per council (an indicator page); by="indicator": one row per indicator (a scorecard);
    by="both": a council and an indicator on each row (the partnership scorecard's lists of many indicators).
    Councils appear in name order: nothing is ranked. A partnership area's row is labelled as the area; the pages
    give area rows a table of their own, without peer positions. `decimals` None: each value with its own
    indicator's places (a table of many indicators)."""
    positions = positions or {}
    rows = []
    for m in measures:
        indicator = f"{m.indicator.code} {m.indicator.name}"
        places = Decimal(1).scaleb(-m.indicator.decimals)
        rows.append({"label": indicator if by == "indicator" else m.place_name, "url": m.url, "indicator": indicator,
                     "value": m.value.value.quantize(places) if m.value else None,
                     "target": m.target.target.quantize(places) if m.target else None,
                     "stretch": "Stretch" if m.target and m.target.stretch else "", "rag": RAG_WORDS[m.rating],
                     "rule": m.rule, "unit": m.indicator.unit,
                     "position": positions.get((m.indicator.pk, m.council.pk), "") if m.council else "",
                     "commentary": m.commentary.text if m.commentary else ("Commentary needed" if m.needs_commentary else ""),
                     "illustrative": "Illustrative" if m.value and m.value.illustrative else ""})
    place = "Area" if measures and all(m.is_area for m in measures) else "Council"
    columns = [Column("label", "Indicator" if by == "indicator" else place, LINK)]
    if by == "both":
        columns.append(Column("indicator", "Indicator"))
    columns += [Column("value", "Value", NUMBER, decimals=decimals), Column("unit", "Unit"),
                Column("target", "Target", NUMBER, decimals=decimals), Column("stretch", "Stretch"),
                Column("rag", "RAG"), Column("rule", "Rule"), Column("commentary", "What is being done"),
                Column("illustrative", "Data")]
    if positions:
        columns.insert(len(columns) - 3, Column("position", "Peer position"))
    return Table(name, caption, columns, rows)


def reward_tables(r: AgreementReward) -> list[Table]:
    rows = [{"target": f"{t.reward_target.target.indicator.code} {name_of(t.reward_target.target.place)} "
                       f"{t.reward_target.target.period}" + ("" if t.shown else " (target awaiting approval)"),
             "expected": t.reward_target.target.expected if t.shown else None,
             "stretch": t.reward_target.target.target if t.shown else None, "actual": t.actual,
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
