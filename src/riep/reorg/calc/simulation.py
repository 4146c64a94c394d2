"""The range of a reorganisation option's result: a simulation over the assumption ranges, and a tornado table.

Distribution: each assumption is drawn from a triangular distribution with minimum = low, mode = central and
maximum = high. Why triangular: the assumptions are three-point estimates (low / central / high), and the
triangular is the distribution that uses exactly those three numbers — bounded by the stated range (no tail
beyond what anyone claimed), most likely at the central value, skewed when the range is — with no shape
parameter nobody can source (PERT's λ, a normal's σ). Draws are independent (the assumptions are separate
lines: senior management, elections, property…), which if anything narrows the range; say so beside it.

Sampling: numpy's Generator (PCG64), seeded, so a run can be reproduced; antithetic pairs (each uniform u is
also used as 1 − u), which halves the variance for a model linear in its inputs, and for a symmetric case gives a
sample exactly symmetric about the central result, so its P50 equals the central result.

Tornado: each assumption at its low and at its high with every other at its central value; sorted by swing.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from riep.core.errors import UserError
from riep.core.money import to_money

from .options import Assumption

DEFAULT_DRAWS = 2000
MAX_DRAWS = 100_000


@dataclass(frozen=True)
class Range:
    p10: Decimal
    p50: Decimal
    p90: Decimal
    mean: Decimal
    draws: int
    seed: int


@dataclass(frozen=True)
class TornadoBar:
    key: str
    label: str
    at_low: Decimal
    at_high: Decimal
    swing: Decimal  # |at_high − at_low|


def triangular_draws(assumptions: Sequence[Assumption], draws: int, seed: int) -> np.ndarray:
    """draws × assumptions matrix (floats: this is the sampling, not money) from triangular distributions,
    as antithetic pairs: the second half of the rows uses 1 − u for the first half's u."""
    if draws < 2 or draws > MAX_DRAWS:
        raise UserError(f"Use between 2 and {MAX_DRAWS:,} draws.", field="draws")
    rng = np.random.Generator(np.random.PCG64(seed))
    half = (draws + 1) // 2
    u = rng.random((half, len(assumptions)))
    u = np.vstack([u, 1.0 - u])[:draws]
    out = np.empty_like(u)
    for j, a in enumerate(assumptions):
        lo, c, hi = float(a.low), float(a.central), float(a.high)
        out[:, j] = triangular_quantile(u[:, j], lo, c, hi)
    return out


def triangular_quantile(u: np.ndarray, lo: float, c: float, hi: float) -> np.ndarray:
    """Inverse CDF of the triangular distribution (lo, mode c, hi); a point mass when lo == hi."""
    if hi == lo:
        return np.full_like(u, lo, dtype=float)
    f = (c - lo) / (hi - lo)
    left = lo + np.sqrt(u * (hi - lo) * (c - lo))
    right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - c))
    return np.where(u < f, left, right)


def simulate(assumptions: Sequence[Assumption], result_of: Callable[[Mapping[str, Decimal]], Decimal],
             draws: int = DEFAULT_DRAWS, seed: int = 2009) -> Range:
    """P10 / P50 / P90 of result_of(values) over the assumption ranges.

    result_of is called once per draw with Decimal values (to 6 places) and should return the unrounded result,
    so the simulated results are the same exact arithmetic as the central result; rounding happens once here.
    """
    if not assumptions:
        value = to_money(result_of({}))
        return Range(value, value, value, value, 1, seed)
    matrix = triangular_draws(assumptions, draws, seed)
    keys = [a.key for a in assumptions]
    results = sorted(result_of({k: Decimal(f"{v:.6f}") for k, v in zip(keys, row)}) for row in matrix)
    mean = sum(results, Decimal(0)) / len(results)
    return Range(to_money(percentile(results, 10)), to_money(percentile(results, 50)),
                 to_money(percentile(results, 90)), to_money(mean), len(results), seed)


def percentile(ordered: Sequence[Decimal], q: int) -> Decimal:
    """The q-th percentile of sorted values by linear interpolation between ranks (numpy's default method), in
    Decimal so the P50 of an even sample is exactly the midpoint of its two middle results."""
    position = Decimal(q) / 100 * (len(ordered) - 1)
    below = int(position)
    fraction = position - below
    if below + 1 >= len(ordered):
        return ordered[-1]
    return ordered[below] + (ordered[below + 1] - ordered[below]) * fraction


def tornado(assumptions: Sequence[Assumption], result_of: Callable[[Mapping[str, Decimal]], Decimal]) -> list[TornadoBar]:
    central = {a.key: a.central for a in assumptions}
    bars = []
    for a in assumptions:
        low = result_of({**central, a.key: a.low})
        high = result_of({**central, a.key: a.high})
        bars.append(TornadoBar(a.key, a.label, low, high, abs(high - low)))
    return sorted(bars, key=lambda b: (-b.swing, b.label))
