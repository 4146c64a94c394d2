"""The planning capacity pool: match councils' offers of spare planning officer time to growth councils' requests.

An offer and a request can be paired when they are for the same specialism, their dates overlap and the
distance between the councils is within the offering council's travel limit. A pair is worth the officer days it
places, min(days offered, days requested); among matches that place as many days, shorter travel is preferred.
Each offer goes to at most one request and each request takes at most one offer (a placement is one secondment).
That is an assignment problem, solved exactly by scipy's linear_sum_assignment (the Jonker–Volgenant
algorithm): the proposal maximises the days placed, then minimises the kilometres travelled.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from riep.core.errors import UserError

SPECIALISMS = {"major_applications": "Major applications", "plan_making": "Plan-making", "design": "Design",
               "viability": "Viability"}
KM_WEIGHT = 1  # one officer day outweighs any distance: score = days × DAY_WEIGHT − km
DAY_WEIGHT = 100_000


@dataclass(frozen=True)
class Offer:
    key: str
    council: str
    specialism: str
    days: int
    start: dt.date
    end: dt.date
    max_travel_km: int
    location: tuple[float, float] | None  # (latitude, longitude) of the council; None: travel unknown


@dataclass(frozen=True)
class Request:
    key: str
    council: str
    specialism: str
    days: int
    start: dt.date
    end: dt.date
    location: tuple[float, float] | None


@dataclass(frozen=True)
class Placement:
    offer: str
    request: str
    days: int
    km: int


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> int | None:
    """Great-circle distance (haversine, Earth radius 6,371 km), rounded to the kilometre."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return round(2 * 6371 * math.asin(math.sqrt(h)))


def check(item: "Offer | Request", index: int, what: str) -> None:
    if item.specialism not in SPECIALISMS:
        raise UserError(f"{what} {index + 1}: choose a specialism ({', '.join(SPECIALISMS.values())}).",
                        field=f"{what.lower()}s[{index}].specialism")
    if item.days < 1:
        raise UserError(f"{what} {index + 1}: give at least one officer day.", field=f"{what.lower()}s[{index}].days")
    if item.end < item.start:
        raise UserError(f"{what} {index + 1}: the end date is before the start date.",
                        field=f"{what.lower()}s[{index}].end")


def compatible(offer: Offer, request: Request) -> tuple[int, int] | None:
    """(days placed, km) if the pair is allowed, else None."""
    if offer.specialism != request.specialism or offer.council == request.council:
        return None
    if offer.end < request.start or request.end < offer.start:
        return None
    km = distance_km(offer.location, request.location)
    if km is None or km > offer.max_travel_km:
        return None
    return min(offer.days, request.days), km


def score(days: int, km: int) -> int:
    return days * DAY_WEIGHT - km * KM_WEIGHT


def propose(offers: Sequence[Offer], requests: Sequence[Request]) -> list[Placement]:
    for i, o in enumerate(offers):
        check(o, i, "Offer")
    for i, r in enumerate(requests):
        check(r, i, "Request")
    if not offers or not requests:
        return []
    value = np.zeros((len(offers), len(requests)), dtype=np.int64)
    pairs = {}
    for i, o in enumerate(offers):
        for j, r in enumerate(requests):
            fit = compatible(o, r)
            if fit is not None:
                value[i, j] = score(*fit)
                pairs[i, j] = fit
    rows, cols = linear_sum_assignment(value, maximize=True)
    # Zero-value cells are "no placement": the solver pads with them, they are not proposals.
    return [Placement(offers[i].key, requests[j].key, *pairs[i, j])
            for i, j in zip(rows, cols) if (i, j) in pairs and value[i, j] > 0]


def total_score(placements: Sequence[Placement]) -> int:
    return sum(score(p.days, p.km) for p in placements)
