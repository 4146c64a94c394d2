"""How good a resolution is against known truth: pairwise precision, recall and F1.

Every pair of records the resolution puts in one cluster is a predicted match; every pair the truth puts in
one entity is a true match. Precision is the share of predicted matches that are true, recall the share of true
matches found. Counted from cluster sizes (n·(n−1)/2 pairs per cluster), so a million records cost no more
than a pass over them.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseQuality:
    true_positives: int
    predicted_pairs: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"precision {self.precision:.4f}, recall {self.recall:.4f}, F1 {self.f1:.4f} "
                f"({self.true_positives:,} of {self.predicted_pairs:,} predicted pairs true; "
                f"{self.true_pairs:,} true pairs)")


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_quality(predicted: Mapping[str, str], truth: Mapping[str, str]) -> PairwiseQuality:
    """Compare cluster labels (record key → cluster) with true entities (record key → entity), over the keys
    both know."""
    keys = [k for k in predicted if k in truth]
    both = Counter((predicted[k], truth[k]) for k in keys)
    pred = Counter(predicted[k] for k in keys)
    true = Counter(truth[k] for k in keys)
    return PairwiseQuality(
        true_positives=sum(_pairs(n) for n in both.values()),
        predicted_pairs=sum(_pairs(n) for n in pred.values()),
        true_pairs=sum(_pairs(n) for n in true.values()),
    )


def labelled_pair_quality(predicted: Mapping[str, str], labels: Iterable[tuple[str, str, bool]]) -> PairwiseQuality:
    """Precision and recall over hand-labelled pairs (a key, b key, same?) — for a sample labelled by hand,
    where only the labelled pairs are known."""
    tp = predicted_pos = true_pos = 0
    for a, b, same in labels:
        said_same = predicted[a] == predicted[b]
        tp += said_same and same
        predicted_pos += said_same
        true_pos += same
    return PairwiseQuality(true_positives=tp, predicted_pairs=predicted_pos, true_pairs=true_pos)
