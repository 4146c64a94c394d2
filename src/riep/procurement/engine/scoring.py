"""How alike two supplier-name keys are: a soft TF-IDF score over their words.

Each word counts by how rare it is among all the names (its inverse document frequency), so a shared rare word
("NORTHUMBRIAN") says much and a shared common one ("SERVICES") little, and a word only one name has costs as
much as it would have said. Words match softly — a typo (Jaro-Winkler ≥ 0.88), a truncation ("LANDSC" for
"LANDSCAPES") — except numbers, which must be equal ("18 SEA VIEW VILLAS" is not "19 SEA VIEW VILLAS").
Cohen, Ravikumar and Fienberg (2003) found this the best general-purpose measure for names; it is symmetric,
ignores word order and needs no training data.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from rapidfuzz.distance import JaroWinkler

WORD_MATCH = 0.88
_PREFIX_MIN = 4
# Words that describe a kind of organisation rather than name one: whatever their frequency in the names at
# hand (a small council's list makes any word look rare), they weigh at most GENERIC_WEIGHT.
GENERIC_WEIGHT = 1.0
GENERIC = frozenset("""AND OF THE FOR IN AT ON TO SERVICES SERVICE SOLUTIONS GROUP HOLDINGS ASSOCIATES ASSOCIATION
SYSTEMS SUPPLIES CONSULTING CONSULTANCY CONSULTANTS MANAGEMENT INTERNATIONAL ENTERPRISES ENTERPRISE TRUST PARTNERSHIP
PARTNERS CONTRACTORS COMPANY SONS BROTHERS UK CENTRE CARE HOMECARE COUNCIL LOCAL SUPPORT
DEVELOPMENT TRAINING DIRECT TECHNOLOGY INDUSTRIES PRODUCTS TRADING NATIONAL REGIONAL COMMUNITY""".split())


class WordWeights:
    """Inverse document frequencies of the words of a set of name keys."""

    def __init__(self, keys: Iterable[str]):
        counts: Counter[str] = Counter()
        n = 0
        for key in keys:
            n += 1
            counts.update(set(key.split()))
        self.n = max(n, 1)
        self.df = counts
        self._unseen = math.log(self.n + 1)

    def weight(self, word: str) -> float:
        df = self.df.get(word)
        idf = math.log((self.n + 1) / df) if df else self._unseen
        return min(idf, GENERIC_WEIGHT) if word in GENERIC else idf

    def frequency(self, word: str) -> int:
        return self.df.get(word, 0)


def word_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= _PREFIX_MIN and long_.startswith(short):
        return 0.95
    if min(len(a), len(b)) < 3:
        return 0.0
    sim = JaroWinkler.normalized_similarity(a, b)
    return sim if sim >= WORD_MATCH else 0.0


def score_keys(a: str, b: str, weights: WordWeights) -> tuple[float, tuple[str, ...]]:
    """(score in 0..1, reasons) for two name keys."""
    if a == b:
        return 1.0, ("same name",)
    words_a, words_b = a.split(), b.split()
    if "".join(words_a) == "".join(words_b):
        return 0.98, ("same letters, spaced differently",)
    reasons: list[str] = []
    total = matched = 0.0
    unmatched: list[str] = []
    for mine, theirs in ((words_a, words_b), (words_b, words_a)):
        for word in mine:
            w = weights.weight(word)
            total += w
            best = max((word_similarity(word, other) for other in theirs), default=0.0)
            matched += w * best
            if best == 0.0:
                unmatched.append(word)
            elif best < 1.0 and word not in theirs:
                reasons.append(f"{word} ~ similar word")
    score = matched / total if total else 0.0
    if unmatched:
        reasons.append("only in one name: " + ", ".join(sorted(set(unmatched))))
    if any(w.isdigit() for w in unmatched):
        reasons.append("numbers differ")
    return score, tuple(dict.fromkeys(reasons))
