"""Benchmark: supplier resolution of 100,000 distinct generated names with known truth, against a plain
all-pairs rapidfuzz baseline (goal: 60 s or less at pairwise F1 of 0.95 or more).

Run: .venv/bin/python bench/bench_spend_resolution.py [--names N] [--sample N]

Ours: `engine.resolve.resolve` on all N names (names only: no identifiers, the hard case). Baseline: every pair
of a random sample of --sample names scored with rapidfuzz's token_sort_ratio (process.cdist, all cores), pairs at
or above its best threshold joined by union-find; its time is extrapolated to N names by the square of the ratio
(all pairs), and both methods' F1 are measured on that same sample so they compare like with like.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from riep.procurement.engine.generate import name_records  # noqa: E402
from riep.procurement.engine.names import normalise_name  # noqa: E402
from riep.procurement.engine.quality import pairwise_quality  # noqa: E402
from riep.procurement.engine.resolve import resolve  # noqa: E402


def _union_find_labels(n: int, pairs: np.ndarray) -> list[int]:
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    return [find(i) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=6_000, help="names in the all-pairs baseline's sample")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    records, truth = name_records(args.names, seed=args.seed)
    print(f"{len(records):,} distinct names of {len(set(truth.values())):,} suppliers (seed {args.seed})")

    start = time.perf_counter()
    result = resolve(records)
    ours_seconds = time.perf_counter() - start
    ours = pairwise_quality(result.clusters, truth)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ours   : {len(records):,} names in {ours_seconds:.1f} s; {ours}")
    print(f"         {len(set(result.clusters.values())):,} clusters, {len(result.borderline):,} pairs for review; "
          f"peak memory {peak:,.0f} MB")

    rng = random.Random(args.seed)
    sample = rng.sample(records, min(args.sample, len(records)))
    keys = [normalise_name(r.raw_name) for r in sample]
    sample_truth = {r.key: truth[r.key] for r in sample}
    start = time.perf_counter()
    scores = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio, dtype=np.uint8, workers=-1)
    cdist_seconds = time.perf_counter() - start
    best = None
    for threshold in (80, 85, 88, 90, 92, 95):
        rows, cols = np.nonzero(np.triu(scores >= threshold, 1))
        labels = _union_find_labels(len(sample), np.stack([rows, cols], axis=1))
        quality = pairwise_quality({r.key: labels[i] for i, r in enumerate(sample)}, sample_truth)
        if best is None or quality.f1 > best[1].f1:
            best = (threshold, quality)
    pairs = len(sample) * (len(sample) - 1) / 2
    extrapolated = cdist_seconds * (len(records) / len(sample)) ** 2
    ours_on_sample = pairwise_quality({r.key: result.clusters[r.key] for r in sample}, sample_truth)
    print(f"baseline: all {pairs:,.0f} pairs of a {len(sample):,}-name sample in {cdist_seconds:.1f} s "
          f"({pairs / cdist_seconds:,.0f} pairs/s); best threshold {best[0]}: {best[1]}")
    print(f"          extrapolated to {len(records):,} names (all pairs): {extrapolated:,.0f} s")
    print(f"ours on the same sample: {ours_on_sample}")
    print(f"speed-up over all pairs: {extrapolated / ours_seconds:,.0f}x; "
          f"goal <= 60 s: {'met' if ours_seconds <= 60 else 'NOT met'} ({ours_seconds:.1f} s); "
          f"goal F1 >= 0.95: {'met' if ours.f1 >= 0.95 else 'NOT met'} ({ours.f1:.4f})")


if __name__ == "__main__":
    main()
