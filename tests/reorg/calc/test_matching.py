"""The capacity pool's proposal is optimal: checked against every possible assignment on a small case."""
import datetime as dt
from itertools import permutations

from riep.reorg.calc.matching import Offer, Request, compatible, distance_km, propose, score, total_score

D1, D2, D3 = dt.date(2026, 4, 1), dt.date(2026, 9, 30), dt.date(2027, 3, 31)
CAMBRIDGE, PETERBOROUGH, IPSWICH, NORWICH = (52.2, 0.12), (52.57, -0.24), (52.06, 1.16), (52.63, 1.3)
OFFERS = [Offer("o1", "Norwich", "major_applications", 20, D1, D2, 120, NORWICH),
          Offer("o2", "Ipswich", "major_applications", 10, D1, D3, 150, IPSWICH),
          Offer("o3", "Peterborough", "design", 15, D1, D3, 80, PETERBOROUGH),
          Offer("o4", "Ipswich", "viability", 8, D1, D3, 30, IPSWICH)]
REQUESTS = [Request("r1", "Cambridge", "major_applications", 25, D1, D3, CAMBRIDGE),
            Request("r2", "Peterborough", "major_applications", 10, D1, D3, PETERBOROUGH),
            Request("r3", "Cambridge", "design", 10, D2, D3, CAMBRIDGE),
            Request("r4", "Cambridge", "viability", 5, D1, D3, CAMBRIDGE)]


def brute_force_best(offers, requests):
    best = 0
    n = max(len(offers), len(requests))
    for perm in permutations(range(n), len(offers)):
        value = 0
        for i, j in enumerate(perm):
            if j < len(requests):
                fit = compatible(offers[i], requests[j])
                if fit is not None:
                    value += score(*fit)
        best = max(best, value)
    return best


def test_proposal_is_optimal_on_a_small_case():
    proposal = propose(OFFERS, REQUESTS)
    assert total_score(proposal) == brute_force_best(OFFERS, REQUESTS)
    pairs = {(p.offer, p.request) for p in proposal}
    # Norwich's 20 days to Cambridge (r1 needs 25), Ipswich's 10 to Peterborough: 30 days, not 10 + 10
    assert ("o1", "r1") in pairs and ("o2", "r2") in pairs
    assert ("o3", "r3") in pairs
    assert not any(p.offer == "o4" for p in proposal)  # Ipswich–Cambridge is beyond its 30 km travel limit


def test_specialism_dates_and_travel_are_respected():
    assert compatible(OFFERS[0], REQUESTS[2]) is None  # specialism
    early = Offer("e", "Norwich", "design", 5, D1, dt.date(2026, 5, 1), 500, NORWICH)
    assert compatible(early, REQUESTS[2]) is None  # ends before the request starts
    assert 60 < distance_km(CAMBRIDGE, NORWICH) < 100
