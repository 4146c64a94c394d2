"""Pricing many placements at once, in integer pence, giving exactly the single-placement pence.

Hours and derived rates both carry at most 4 decimal places, so each is an exact integer once
scaled by 10,000. A line such as "hours ÷ sharers × rate" is then the exact fraction
n / d = (hours × rate) / (sharers × 10^6) pence, and rounding half-up is (2n + d) // 2d — the
same rule `price.py` applies in Decimal. No floating point is involved.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

import numpy as np

from .needs import ServiceType, SupportNeeds
from .ratecard import RateCard, Scenario
from .rates import PENNY, CostRates, cost_rates

SERVICES = tuple(ServiceType)
_TO_PENCE = 1_000_000  # (hours × 10^4) × (£ × 10^4) = pence × 10^6


@dataclass(frozen=True)
class NeedsArrays:
    """Columns of support needs: hours and nights × 10,000 as int64; the service as an index into SERVICES."""

    service: np.ndarray
    shared_core: np.ndarray
    shared_by: np.ndarray
    one_to_one: np.ndarray
    two_to_one: np.ndarray
    waking_night: np.ndarray
    sleep_in: np.ndarray
    nights_shared_by: np.ndarray

    def __len__(self) -> int:
        return len(self.service)

    @classmethod
    def from_needs(cls, needs: Sequence[SupportNeeds]) -> "NeedsArrays":
        count = len(needs)
        index = {s: i for i, s in enumerate(SERVICES)}

        def scaled(field: str) -> np.ndarray:
            return np.fromiter((int(getattr(n, field).scaleb(4)) for n in needs), np.int64, count)

        return cls(
            service=np.fromiter((index[n.service_type] for n in needs), np.int8, count),
            shared_core=scaled("shared_core_hours"),
            shared_by=np.fromiter((n.shared_by for n in needs), np.int64, count),
            one_to_one=scaled("one_to_one_hours"),
            two_to_one=scaled("two_to_one_hours"),
            waking_night=scaled("waking_night_hours"),
            sleep_in=scaled("sleep_in_nights"),
            nights_shared_by=np.fromiter((n.night_sharers for n in needs), np.int64, count),
        )

    def take(self, rows: "np.ndarray | slice") -> "NeedsArrays":
        return NeedsArrays(**{name: getattr(self, name)[rows] for name in self.__dataclass_fields__})


def _int(value: Decimal) -> int:
    scaled = value.scaleb(4)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than 4 decimal places; portfolio pricing needs exact rates")
    return int(scaled)


def _round(numerator: np.ndarray, denominator) -> np.ndarray:
    """Half-up rounding of a non-negative exact fraction, in integers."""
    return (2 * numerator + denominator) // (2 * denominator)


def _price_service(a: NeedsArrays, r: CostRates) -> dict[str, np.ndarray]:
    lines: dict[str, np.ndarray] = {}
    if r.service in (ServiceType.RESIDENTIAL, ServiceType.SUPPORTED_LIVING_ACCOMMODATION):
        lines["core_support"] = _round(a.shared_core * _int(r.core), _TO_PENCE * a.shared_by)
    lines["one_to_one_support"] = _round(a.one_to_one * _int(r.one_to_one), _TO_PENCE)
    lines["two_to_one_support"] = _round(a.two_to_one * (2 * _int(r.two_to_one)), _TO_PENCE)
    lines["waking_nights"] = _round(a.waking_night * _int(r.waking_night), _TO_PENCE * a.nights_shared_by)
    lines["sleep_ins"] = _round(a.sleep_in * _int(r.sleep_in), _TO_PENCE * a.nights_shared_by)
    visits = a.one_to_one + 2 * a.two_to_one
    if r.travel is not None:
        lines["travel_time"] = _round(visits * _int(r.travel), _TO_PENCE)
    direct = sum(lines.values())
    if r.management_percent is not None:
        lines["management_and_supervision"] = _round(direct * _int(r.management_percent), _TO_PENCE)
    for name, rate in (("mileage", r.mileage), ("running_costs", r.running)):
        if rate is not None:
            lines[name] = _round(visits * _int(rate), _TO_PENCE)
    n = len(a)
    for line in r.fixed_lines:
        lines[line.key] = np.full(n, int(line.amount / PENNY), np.int64)
    operating = sum(lines.values())
    lines["head_office"] = _round(operating * _int(r.head_office_percent), _TO_PENCE)
    lines["return_on_operations"] = _round((operating + lines["head_office"]) * _int(r.return_percent), _TO_PENCE)
    lines["premises"] = np.full(n, int(r.premises.amount / PENNY), np.int64)
    return lines


def price_arrays(arrays: NeedsArrays, card: RateCard, scenario: Scenario = Scenario.CENTRAL,
                 with_lines: bool = True) -> dict[str, np.ndarray]:
    """Every line (pence, int64; 0 where a line does not apply to the service) and "total"."""
    n = len(arrays)
    total = np.zeros(n, np.int64)
    lines: dict[str, np.ndarray] = {}
    for code, service in enumerate(SERVICES):
        rows = np.flatnonzero(arrays.service == code)
        if rows.size == 0:
            continue
        part = _price_service(arrays.take(rows), cost_rates(card, service, scenario))
        total[rows] = sum(part.values())
        if with_lines:
            for key, values in part.items():
                lines.setdefault(key, np.zeros(n, np.int64))[rows] = values
    lines["total"] = total
    return lines


@dataclass(frozen=True)
class PortfolioPrices:
    """Weekly prices in pence for each placement: central line by line, and the range."""

    card: str
    vintage: str
    lines: dict  # line key -> int64 pence array (central)
    total: np.ndarray
    floor: np.ndarray
    ceiling: np.ndarray

    def __len__(self) -> int:
        return len(self.total)

    @staticmethod
    def money(pence: "int | np.integer") -> Decimal:
        return Decimal(int(pence)).scaleb(-2)


def price_portfolio(needs: "Sequence[SupportNeeds] | NeedsArrays", card: RateCard,
                    with_lines: bool = True) -> PortfolioPrices:
    arrays = needs if isinstance(needs, NeedsArrays) else NeedsArrays.from_needs(needs)
    central = price_arrays(arrays, card, Scenario.CENTRAL, with_lines)
    total = central.pop("total")
    floor = price_arrays(arrays, card, Scenario.FLOOR, with_lines=False)["total"]
    ceiling = price_arrays(arrays, card, Scenario.CEILING, with_lines=False)["total"]
    return PortfolioPrices(card.name, card.vintage, central, total, floor, ceiling)


def chunks(count: int, size: int) -> Iterable[slice]:
    for start in range(0, count, size):
        yield slice(start, min(start + size, count))
