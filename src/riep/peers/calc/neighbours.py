"""Nearest neighbours: the councils most like a council, by standardised Euclidean distance over a few features.

Each feature is standardised over the candidate pool (z = (x - mean) / standard deviation, population standard
deviation), then the distance is the square root of the sum of squared differences. Why standardised: population
(tens of thousands to a million), density (people per km²) and spending shares (fractions) have no common unit, and
without it the biggest-numbered feature would decide alone. Why Euclidean and unweighted: every feature counts the
same and anyone can recompute it; CIPFA's Nearest Neighbours model weights dozens of variables but is licensed.
Features that are skewed over orders of magnitude (population, density) should be passed as logarithms, so that
the step from 50,000 to 100,000 people counts as much as 500,000 to 1,000,000 (the callers do: see
`riep.peers.services`). A feature with no spread in the pool is left out (it separates no one). Ties in distance
are broken by the candidates' keys, so the answer never depends on input order. Distances are floats: they rank
councils and are never money.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Neighbour:
    key: Hashable
    distance: float


def standardise(features: Mapping[Hashable, Sequence[float]]) -> dict[Hashable, tuple[float, ...]]:
    """z-scores of every feature over the pool; a feature with no spread is dropped."""
    if not features:
        return {}
    width = {len(v) for v in features.values()}
    if len(width) != 1:
        raise ValueError("every candidate needs the same number of features")
    columns = list(zip(*features.values()))
    kept = []
    for column in columns:
        mean = math.fsum(column) / len(column)
        sd = math.sqrt(math.fsum((x - mean) ** 2 for x in column) / len(column))
        if sd > 0:
            kept.append((mean, sd))
        else:
            kept.append(None)
    return {key: tuple((x - s[0]) / s[1] for x, s in zip(values, kept) if s is not None)
            for key, values in features.items()}


def nearest_neighbours(target: Hashable, features: Mapping[Hashable, Sequence[float]], k: int) -> list[Neighbour]:
    """The k candidates nearest the target (the target itself excluded), nearest first."""
    if target not in features:
        raise ValueError("the target has no features")
    if k < 1:
        raise ValueError("k is at least 1")
    scaled = standardise({key: [float(x) for x in values] for key, values in features.items()})
    origin = scaled[target]
    found = [Neighbour(key, math.sqrt(math.fsum((a - b) ** 2 for a, b in zip(origin, values))))
             for key, values in scaled.items() if key != target]
    found.sort(key=lambda n: (n.distance, str(n.key)))
    return found[:k]
