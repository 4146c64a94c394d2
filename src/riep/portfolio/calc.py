"""Funding arithmetic (pure): totals by year, carry-forward and variance.

Per source and year: available = allocation + carry-forward in from the previous year;
carry-forward out = available − spend (what is left to spend next year); variance = spend − allocation
(positive = spent more than that year's allocation, drawing on carried-forward money). A year whose
spend is not yet known carries its whole available amount forward and has no variance.
Entries in years before the period are rolled through, so what they carry forward arrives in the period's first
year (it used to be dropped); negative allocations or spend are refused; and the unspent total is unknown (None),
not the whole allocation, while any year's spend is unknown.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from riep.core.fy import FinancialYear

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FundingEntry:
    source_key: str
    year: FinancialYear
    allocation: Decimal
    spend: Decimal | None

    def __post_init__(self) -> None:
        if self.allocation < 0 or (self.spend is not None and self.spend < 0):
            raise ValueError(f"{self.source_key} {self.year}: funding and spend cannot be negative")


@dataclass(frozen=True)
class FundingYear:
    year: FinancialYear
    allocation: Decimal
    spend: Decimal | None
    carried_in: Decimal
    carried_forward: Decimal
    variance: Decimal | None


def funding_by_year(entries: Iterable[FundingEntry], years: list[FinancialYear]) -> list[FundingYear]:
    """Rolls allocation and spend of every source into one row per year of the period."""
    per_source: dict[str, dict[FinancialYear, FundingEntry]] = defaultdict(dict)
    for entry in entries:
        per_source[entry.source_key][entry.year] = entry
    rows = []
    carried: dict[str, Decimal] = defaultdict(lambda: ZERO)
    wanted = set(years)
    earlier = sorted({e.year for lines in per_source.values() for e in lines.values()} - wanted)
    earlier = [y for y in earlier if years and y < years[0]]
    for year in earlier + list(years):
        allocation = spend_total = carried_in = carried_out = ZERO
        any_spend = False
        all_spend_known = True
        for key, lines in per_source.items():
            entry = lines.get(year)
            source_alloc = entry.allocation if entry else ZERO
            source_spend = entry.spend if entry else None
            available = source_alloc + carried[key]
            carried_in += carried[key]
            allocation += source_alloc
            if source_spend is None:
                if source_alloc or carried[key]:
                    all_spend_known = False
                carried[key] = available
            else:
                any_spend = True
                spend_total += source_spend
                carried[key] = available - source_spend
            carried_out += carried[key]
        spend = spend_total if any_spend else None
        variance = spend - allocation if spend is not None and all_spend_known else None
        if year in wanted:
            rows.append(FundingYear(year, allocation, spend, carried_in, carried_out, variance))
    return rows


def totals(rows: list[FundingYear]) -> dict[str, Decimal | None]:
    allocation = sum((r.allocation for r in rows), ZERO)
    known = [r.spend for r in rows if r.spend is not None]
    spend = sum(known, ZERO) if known else None
    unknown = any(r.spend is None and (r.allocation or r.carried_in) for r in rows)
    return {
        "allocation": allocation,
        "spend": spend,
        "unspent": None if unknown else allocation - (spend or ZERO),
    }
