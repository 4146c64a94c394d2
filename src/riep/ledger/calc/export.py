"""NI 179 return rows per council and per partnership, and the itemised gains: rows only, no files.

Rows are plain tuples under a header, with a kind per column (the names of `riep.core.tables` kinds): money as
Decimal, counts as int, percentages and shares as ratios (0.647 is 64.7%). `riep.ledger.exports` turns them into
core tables, which the one export stack writes as CSV and XLSX.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from riep.core.fy import FinancialYear
from riep.core.money import to_money

from .csr07 import Csr07Parameters, ratio_of_target, target_for
from .gains import ZERO, Gain
from .ni179 import Basis, Ni179Result, ni179

# Kinds as named in riep.core.tables; a share is a percentage shown to two places.
MONEY, TEXT, COUNT, PERCENTAGE, SHARE = "money", "text", "count", "percentage", "share"
FINANCIAL_YEAR = "financial_year"


@dataclass(frozen=True, slots=True)
class Rows:
    """A titled set of rows: headers, a kind per column (money, text, count, percentage, share) and the rows."""

    title: str
    headers: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.headers, row)) for row in self.rows]


_ratio_of = ratio_of_target  # one rounding for exports and the trajectory comparison


def _share(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.000001")).normalize()


def _runs(gains: list[Gain], outturn_year, forecast_years, councils) -> list[Ni179Result]:
    runs = [ni179(gains, outturn_year, Basis.OUTTURN, councils)]
    runs += [ni179(gains, y, Basis.FORECAST, councils) for y in forecast_years]
    return runs


def _councils(gains: list[Gain], baselines: Mapping | None, councils: Iterable[str] | None) -> list[str]:
    if councils is not None:
        return list(councils)
    found = {code for g in gains for code in g.councils()} | set(baselines or {})
    return sorted(found)


COUNCIL_HEADERS = (
    "Council", "Financial year", "Basis", "NI 179 net value of gains (£)", "Gains counted", "Of which provisional",
    "Gains excluded", "2007-08 baseline (£)", "CSR07 cumulative target (£)", "% of target achieved",
)
COUNCIL_KINDS = (TEXT, FINANCIAL_YEAR, TEXT, MONEY, COUNT, COUNT, COUNT, MONEY, MONEY, PERCENTAGE)


def council_return_rows(
    gains: Iterable[Gain],
    outturn_year: "FinancialYear | str",
    forecast_years: Iterable["FinancialYear | str"] = (),
    baselines: Mapping[str, Decimal] | None = None,
    councils: Iterable[str] | None = None,
    params: Csr07Parameters | None = None,
) -> Rows:
    """One row per council and year: the outturn year, then each forecast year (the July return to CLG)."""
    gains = list(gains)
    codes = _councils(gains, baselines, councils)
    rows = []
    for run in _runs(gains, outturn_year, list(forecast_years), codes):
        for code in codes:
            part = run.for_council(code)
            baseline = to_money(baselines[code]) if baselines and code in baselines else None
            target = target_for(baseline, run.year, params) if baseline is not None else None
            included = part.included()
            rows.append((
                code, run.year.label, run.basis.value, part.total, len(included),
                sum(1 for line in included if line.provisional), len(part.excluded()),
                baseline, target, _ratio_of(part.total, target),
            ))
    return Rows("NI 179 by council", COUNCIL_HEADERS, COUNCIL_KINDS, tuple(rows))


PARTNERSHIP_HEADERS = (
    "Partnership", "Financial year", "Basis", "NI 179 net value of gains (£)", "Councils", "Gains counted",
    "Of which provisional", "2007-08 baseline (£)", "CSR07 cumulative target (£)",
    "NI 179 of councils with a baseline (£)", "Councils without a baseline", "% of target achieved",
)
PARTNERSHIP_KINDS = (TEXT, FINANCIAL_YEAR, TEXT, MONEY, COUNT, COUNT, COUNT, MONEY, MONEY, MONEY, COUNT, PERCENTAGE)


def partnership_return_rows(
    gains: Iterable[Gain],
    outturn_year: "FinancialYear | str",
    forecast_years: Iterable["FinancialYear | str"] = (),
    partnership: str = "Partnership",
    baselines: Mapping[str, Decimal] | None = None,
    councils: Iterable[str] | None = None,
    params: Csr07Parameters | None = None,
) -> Rows:
    """One row per year for the partnership: the sum over its councils; a shared gain is counted once.

    The % of target compares like with like: the NI 179 of the councils that have a baseline against the target
    drawn on those baselines. Councils without one stay in the total but not in the %, and are counted in a column.
    """
    gains = list(gains)
    codes = _councils(gains, baselines, councils)
    covered = [c for c in codes if baselines and c in baselines]
    baseline = sum((to_money(baselines[c]) for c in covered), ZERO) if covered else None
    rows = []
    for run in _runs(gains, outturn_year, list(forecast_years), codes):
        included = run.included()
        target = target_for(baseline, run.year, params) if baseline is not None else None
        by_council = run.by_council()
        covered_value = sum((by_council.get(c, ZERO) for c in covered), ZERO) if covered else None
        rows.append((
            partnership, run.year.label, run.basis.value, run.total, len(codes),
            len({line.gain_id for line in included}), len({line.gain_id for line in included if line.provisional}),
            baseline, target, covered_value, len(codes) - len(covered),
            None if covered_value is None else _ratio_of(covered_value, target),
        ))
    return Rows("NI 179 by partnership", PARTNERSHIP_HEADERS, PARTNERSHIP_KINDS, tuple(rows))


GAIN_HEADERS = (
    "Gain", "Council", "Share", "Project", "Category", "Status", "Financial year", "Basis", "Counted",
    "Provisional", "Reason code", "Reason", "Gross saving (£)", "Investment (£)", "Ongoing costs (£)",
    "Staff costs incurred anyway, excluded (£)", "Net value (£)", "Counted for council (£)",
)
GAIN_KINDS = (TEXT, TEXT, SHARE, TEXT, TEXT, TEXT, FINANCIAL_YEAR, TEXT, TEXT, TEXT, TEXT, TEXT) + (MONEY,) * 6


def gain_rows(result: Ni179Result) -> Rows:
    """The itemised NI 179 result: each gain's part per council, counted or excluded and why."""
    rows = tuple(
        (
            line.gain_id, line.council_code, _share(line.share), line.project_id or "", line.category.value,
            line.status.value, result.year.label, result.basis.value, "yes" if line.included else "no",
            "yes" if line.provisional else "no", line.reason.code.value, " ".join(r.text for r in line.reasons),
            line.gross_saving, line.investment, line.ongoing_costs, line.staff_costs_excluded, line.net_value,
            line.counted,
        )
        for line in result.lines
    )
    return Rows(f"NI 179 gains {result.year.label}", GAIN_HEADERS, GAIN_KINDS, rows)
