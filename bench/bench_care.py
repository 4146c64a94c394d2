"""Benchmark: price 100,000 care placements with the vectorised path and with a per-placement loop.

Prints both times and checks every placement agrees to the penny (central, floor and ceiling).
Goal: the vectorised path under 2 seconds on a 2-core machine.

    .venv/bin/python bench/bench_care.py [--count 100000] [--card england-2025-26]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

try:
    import riep  # noqa: F401
except ImportError:  # running from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from riep.care.calc import NeedsArrays, ServiceType, SupportNeeds, fair_weekly_price, load_rate_card, price_portfolio

GOAL_SECONDS = 2.0
SHARED_CORE = (ServiceType.RESIDENTIAL, ServiceType.SUPPORTED_LIVING_ACCOMMODATION)


def generate(count: int, seed: int = 20250401) -> list[SupportNeeds]:
    rng = random.Random(seed)

    def hours(most: int) -> Decimal:
        return Decimal(rng.randint(0, most * 4)) / 4  # quarter hours, as care plans are written

    placements = []
    services = list(ServiceType)
    for _ in range(count):
        service = rng.choice(services)
        shared_by = rng.randint(1, 40) if service is ServiceType.RESIDENTIAL else rng.randint(1, 6)
        core = hours(30) * shared_by if service in SHARED_CORE else Decimal(0)
        night = service is not ServiceType.HOMECARE and rng.random() < 0.5
        placements.append(SupportNeeds(
            service, shared_core_hours=core, shared_by=shared_by, one_to_one_hours=hours(30),
            two_to_one_hours=hours(6) if rng.random() < 0.2 else Decimal(0),
            waking_night_hours=Decimal(70) if night and rng.random() < 0.5 else Decimal(0),
            sleep_in_nights=Decimal(7) if night else Decimal(0)))
    return placements


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--card", default="england-2025-26")
    args = parser.parse_args()
    card = load_rate_card(args.card)

    started = time.perf_counter()
    needs = generate(args.count)
    print(f"generated {len(needs):,} placements in {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    arrays = NeedsArrays.from_needs(needs)
    converted = time.perf_counter() - started
    started = time.perf_counter()
    prices = price_portfolio(arrays, card)
    priced = time.perf_counter() - started
    vectorised = converted + priced
    print(f"vectorised: {vectorised:.3f} s ({converted:.3f} s to columns + {priced:.3f} s to price "
          "central with lines, floor and ceiling)")

    started = time.perf_counter()
    singles = [fair_weekly_price(n, card) for n in needs]
    naive = time.perf_counter() - started
    print(f"naive loop: {naive:.3f} s ({naive / vectorised:.0f}× slower)")

    money = prices.money
    mismatches = sum(1 for i, single in enumerate(singles)
                     if (money(prices.total[i]), money(prices.floor[i]), money(prices.ceiling[i]))
                     != (single.total, single.floor, single.ceiling))
    total = sum(int(t) for t in prices.total)
    print(f"agreement: {len(singles) - mismatches:,} of {len(singles):,} placements identical to the penny; "
          f"weekly total £{money(total):,}")
    ok = mismatches == 0 and vectorised < GOAL_SECONDS
    print("OK" if ok else f"FAIL (goal: identical results and vectorised under {GOAL_SECONDS} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
