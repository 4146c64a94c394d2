"""The CSR07 value-for-money trajectory: 3% a year compounding on 2007-08 baseline expenditure.

Cumulative target for year k after the base year = baseline × ((1 + rate)^k − 1), plus any extra
percentage points in force (Budget 2009 added one point of the baseline from 2010-11):
3%, 6.09%, 9.2727%, then 10.2727% in 2010-11. The national expectation was not a mandatory
per-council target; applying it to a council's published baseline is a comparison, not a judgement.
Rate, base year and extra points come from reference/csr07.json.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from riep.core.fy import FinancialYear, year_range
from riep.core.money import to_money

from .reference import as_decimal, load


@dataclass(frozen=True, slots=True)
class ExtraPoints:
    from_year: FinancialYear
    points: Decimal  # as a fraction of the baseline: 0.01 is one percentage point
    source: str


@dataclass(frozen=True, slots=True)
class Csr07Parameters:
    annual_rate: Decimal
    base_year: FinancialYear
    first_year: FinancialYear
    last_year: FinancialYear
    extra_points: tuple[ExtraPoints, ...] = ()
    source: str = ""


def load_parameters() -> Csr07Parameters:
    """The CSR07 parameters from reference/csr07.json, with their sources."""
    data = load("csr07")
    sources = data["sources"]
    return Csr07Parameters(
        annual_rate=as_decimal(data["annual_rate"]),
        base_year=FinancialYear.parse(data["base_year"]),
        first_year=FinancialYear.parse(data["first_year"]),
        last_year=FinancialYear.parse(data["last_year"]),
        extra_points=tuple(
            ExtraPoints(FinancialYear.parse(e["from_year"]), as_decimal(e["points"]), sources[e["source"]])
            for e in data["extra_points"]
        ),
        source=sources[data["annual_rate_source"]],
    )


def _params(params: Csr07Parameters | None) -> Csr07Parameters:
    return params if params is not None else load_parameters()


def cumulative_rate(year: "FinancialYear | str", params: Csr07Parameters | None = None) -> Decimal:
    """The cumulative target as a fraction of the baseline for a CSR07 year (0.0609 for 2009-10)."""
    p, year = _params(params), FinancialYear.parse(year)
    if not p.first_year <= year <= p.last_year:
        raise ValueError(f"{year} is outside the CSR07 period {p.first_year} to {p.last_year}")
    k = year - p.base_year
    compounded = (1 + p.annual_rate) ** k - 1
    return compounded + sum((e.points for e in p.extra_points if e.from_year <= year), Decimal(0))


@dataclass(frozen=True, slots=True)
class TargetYear:
    year: FinancialYear
    years_since_base: int
    cumulative_rate: Decimal
    target: Decimal


def _checked_baseline(baseline: Decimal) -> Decimal:
    baseline = to_money(baseline)
    if baseline < 0:
        raise ValueError(f"a 2007-08 baseline expenditure cannot be negative (got {baseline})")
    return baseline


def trajectory(baseline: Decimal, params: Csr07Parameters | None = None) -> tuple[TargetYear, ...]:
    """The cumulative target in money for each CSR07 year, for one council's (or a partnership's) baseline."""
    p, baseline = _params(params), _checked_baseline(baseline)
    out = []
    for year in year_range(p.first_year, p.last_year):
        rate = cumulative_rate(year, p)
        out.append(TargetYear(year, year - p.base_year, rate, to_money(baseline * rate)))
    return tuple(out)


def ratio_of_target(value: Decimal, target: Decimal | None) -> Decimal | None:
    """Value as a ratio of the target (0.647 is 64.7%), to a tenth of a percent, halves up.

    The one rounding every page, export and comparison uses, so the same figures always show the same percentage.
    """
    if not target:
        return None
    return (to_money(value) / to_money(target)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _percent(value: Decimal, target: Decimal) -> Decimal | None:
    ratio = ratio_of_target(value, target)
    return None if ratio is None else (ratio * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True, slots=True)
class YearComparison:
    """Outturn and forecast against the cumulative target: gap = value − target (negative = behind)."""

    year: FinancialYear
    cumulative_rate: Decimal
    target: Decimal
    outturn: Decimal | None
    forecast: Decimal | None
    outturn_gap: Decimal | None
    forecast_gap: Decimal | None
    outturn_percent_of_target: Decimal | None
    forecast_percent_of_target: Decimal | None


def _by_year(values: Mapping | None) -> dict[FinancialYear, Decimal]:
    return {FinancialYear.parse(y): to_money(v) for y, v in (values or {}).items()}


def compare(
    baseline: Decimal,
    outturn: Mapping | None = None,
    forecast: Mapping | None = None,
    params: Csr07Parameters | None = None,
) -> tuple[YearComparison, ...]:
    """Per CSR07 year: target, outturn and forecast NI 179 values, gaps and % of target achieved."""
    outturn, forecast = _by_year(outturn), _by_year(forecast)
    rows = []
    for t in trajectory(baseline, params):
        o, f = outturn.get(t.year), forecast.get(t.year)
        rows.append(YearComparison(
            year=t.year, cumulative_rate=t.cumulative_rate, target=t.target, outturn=o, forecast=f,
            outturn_gap=None if o is None else o - t.target,
            forecast_gap=None if f is None else f - t.target,
            outturn_percent_of_target=None if o is None else _percent(o, t.target),
            forecast_percent_of_target=None if f is None else _percent(f, t.target),
        ))
    return tuple(rows)


def target_for(baseline: Decimal, year: "FinancialYear | str", params: Csr07Parameters | None = None) -> Decimal | None:
    """The cumulative target for one year, or None outside the CSR07 period."""
    p, year = _params(params), FinancialYear.parse(year)
    if not p.first_year <= year <= p.last_year:
        return None
    return to_money(_checked_baseline(baseline) * cumulative_rate(year, p))
