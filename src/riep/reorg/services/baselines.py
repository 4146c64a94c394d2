"""Baseline spend per predecessor from the revenue outturn returns (riep.finance) where the platform has them;
entered figures stay where it has none (councils abolished in 2009 are not in the 2015-18 returns)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from riep.core.errors import UserError
from riep.core.fy import FinancialYear
from riep.core.money import PENNY
from riep.finance import services as finance
from riep.reorg.models import Scenario

DEFAULT_LINE = "RS-805"  # NET REVENUE EXPENDITURE (Revenue Outturn Summary)


@dataclass(frozen=True)
class BaselineUpdate:
    filled: list[str]
    kept: list[str]  # no outturn figure: the entered baseline (if any) stays


def outturn_years(line_key: str = DEFAULT_LINE) -> list[str]:
    for found in finance.available_lines():
        if found.key == line_key:
            return list(found.years)
    return []


@transaction.atomic
def take_baselines_from_outturn(user, scenario: Scenario, line_key: str = DEFAULT_LINE, year=None) -> BaselineUpdate:
    """Sets each predecessor's baseline to the line's value (published in £ thousand) for the year; the source is
    recorded beside it. Predecessors the returns do not cover keep what was entered."""
    years = outturn_years(line_key)
    if not years:
        raise UserError(f"The platform holds no revenue outturn figures for line {line_key}: import the returns "
                        "(riep finance import) or enter the baselines.", field="line")
    chosen = str(FinancialYear.parse(year)) if year else years[-1]
    if chosen not in years:
        raise UserError(f"Line {line_key} has figures for {', '.join(years)}, not {chosen}.", field="year")
    label = finance.line(line_key).label
    entries = list(scenario.predecessors.select_related("council"))
    values = finance.line_values(line_key, chosen, [e.council for e in entries])
    filled, kept = [], []
    for entry in entries:
        value = values.get((entry.council_id, chosen))
        if value is None:
            kept.append(str(entry.council))
            continue
        entry.baseline_spend = (value * 1000).quantize(PENNY)
        entry.baseline_source = f"Revenue outturn {line_key} ({label}), {chosen}: £{value:,} thousand"[:300]
        entry._history_user = user if getattr(user, "pk", None) else None
        entry.save()
        filled.append(str(entry.council))
    return BaselineUpdate(filled, kept)
