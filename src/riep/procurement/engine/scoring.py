"""How alike two supplier-name keys are: a soft TF-IDF score over their words.

Each word counts by how rare it is among all the names (its inverse document frequency), so a shared rare word
("NORTHUMBRIAN") says much and a shared common one ("SERVICES") little, and a word only one name has costs as
much as it would have said. Words match softly — a typo (`word_similarity`), the last word cut short at a
field's width ("LANDSC" for "LANDSCAPES") — except numbers, which must be equal ("18 SEA VIEW VILLAS" is not
"19 SEA VIEW VILLAS").
Cohen, Ravikumar and Fienberg (2003) found this the best general-purpose measure for names; it is symmetric,
ignores word order and needs no training data.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from rapidfuzz.distance import OSA

_PREFIX_MIN = 4
# Words that describe a kind of organisation rather than name one: whatever their frequency in the names at
# hand (a small council's list makes any word look rare), they weigh at most GENERIC_WEIGHT.
GENERIC_WEIGHT = 1.0
GENERIC = frozenset("""AND OF THE FOR IN AT ON TO SERVICES SERVICE SOLUTIONS GROUP HOLDINGS ASSOCIATES ASSOCIATION
SYSTEMS SUPPLIES MANAGEMENT INTERNATIONAL ENTERPRISES ENTERPRISE TRUST PARTNERSHIP PARTNERS CONTRACTORS COMPANY
SONS BROTHERS UK TRADING NATIONAL""".split())


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
        self._cache: dict[str, float] = {}

    def weight(self, word: str) -> float:
        w = self._cache.get(word)
        if w is None:
            df = self.df.get(word)
            w = math.log((self.n + 1) / df) if df else self._unseen
            if word in GENERIC:
                w = min(w, GENERIC_WEIGHT)
            self._cache[word] = w
        return w

    def frequency(self, word: str) -> int:
        return self.df.get(word, 0)


def word_similarity(a: str, b: str) -> float:
    """1 for the same word; 0.9 for one typo (a letter left out, added, changed or two swapped) in words of four
    letters or more; 0.8 for two typos in words of eight or more; else 0. Numbers must be equal, and so must
    first letters: misspellings seldom change the first letter (Pollock and Zamora 1984 found about 7% did),
    while surnames that differ only there are different people (NIXON, DIXON).

    Typos, not general likeness: Jaro-Winkler rewards a shared start so much that different brands built from
    the same syllables ("SALGENNOR", "SALGENDEN") would pass for one."""
    if a == b:
        return 1.0
    if a[0] != b[0] or a.isdigit() or b.isdigit():
        return 0.0
    shortest = min(len(a), len(b))
    if shortest < 4 or abs(len(a) - len(b)) > 2:
        return 0.0
    distance = OSA.distance(a, b, score_cutoff=2)
    if distance == 1:
        return 0.9
    if distance == 2 and shortest >= 8:
        return 0.8
    return 0.0


def truncated(short: str, long_: str) -> bool:
    """A name cut at a field's width ends in a word cut short: "... LANDSC" for "... LANDSCAPES"."""
    return len(short) >= _PREFIX_MIN and len(long_) > len(short) and long_.startswith(short)


# What two names share must be theirs: when either has words the other lacks, the words they share must name
# few suppliers. Shared words found in more than COMMON_SHARE clusters ("FOSTER CARE" in FOSTER CARE SOLUTIONS,
# FOSTER CARE ASSOCIATES, A1 FOSTER CARE, ...) make a pair at most a borderline one. The converse — shared words in
# no more than OWN_SHARE clusters make a name contained in another ("EDF ENERGY", "EDF ENERGY CUSTOMERS LTD") one
# supplier — helped on the North East sample (recall 0.80 -> 0.88) but chained unrelated suppliers together on
# 30,000+ generated names (precision 0.99 -> 0.80), so it is off (OWN_SHARE = 0) until it is made safe.
COMMON_SHARE = 3
OWN_SHARE = 0
CONTAINED_SCORE = 0.92
# The safe part of that rule: a name that is another with only *describing* words added ("WARD HADAWAY" and "WARD
# HADAWAY SOLICITORS", "DE LAGE LANDEN" and "DE LAGE LANDEN LEASING") — each added word common among the names
# (in DESCRIBING_DF or more), the words they share found in no other cluster, two or more of them, and one of those
# rare (in DISTINCT_DF or fewer names), so the shared part names one organisation. (A one-word brand and the brand
# with a trade added, "XENIN" and "XENIN LOGISTICS", are as often two suppliers as one.)
DESCRIBING_DF = 5
DISTINCT_DF = 3
SHARED_CAP = 0.89
CUT_DF_MAX = 2  # only a rare last word can be one cut short ("LANDSC"); "CARE" is not "CARERS" cut short


class Scorer:
    """score_keys with the words, weights and word-pair similarities of one run remembered, and (given the keys
    and a way to tell their clusters) how many clusters share a set of words."""

    def __init__(self, weights: WordWeights, keys=None):
        self.weights = weights
        self._words: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {}
        self._sim: dict[tuple[str, str], float] = {}
        self._postings: dict[str, list[int]] = {}
        self._sets: dict[str, frozenset[int]] = {}
        for i, key in enumerate(keys or ()):
            for word in set(key.split()):
                self._postings.setdefault(word, []).append(i)

    def clusters_sharing(self, words, cluster_of, limit: int) -> int:
        """How many clusters (cluster_of(key index)) have keys with all these words; counting stops past limit."""
        postings = sorted((self._posting_set(w) for w in set(words)), key=len)
        if not postings or not postings[0]:
            return 0
        found: set = set()
        rest = postings[1:]
        for i in postings[0]:
            if all(i in other for other in rest):
                found.add(cluster_of(i))
                if len(found) > limit:
                    break
        return len(found)

    def _posting_set(self, word: str) -> frozenset[int]:
        """The keys with this word, as a set made once (a common word's list is long, and asked for often)."""
        found = self._sets.get(word)
        if found is None:
            found = self._sets[word] = frozenset(self._postings.get(word, ()))
        return found

    def _split(self, key: str):
        found = self._words.get(key)
        if found is None:
            words = tuple(key.split())
            found = self._words[key] = (words, tuple(self.weights.weight(w) for w in words))
        return found

    def _similarity(self, a: str, b: str) -> float:
        pair = (a, b) if a < b else (b, a)
        sim = self._sim.get(pair)
        if sim is None:
            sim = self._sim[pair] = word_similarity(a, b)
        return sim

    def score(self, a: str, b: str, cluster_of=None) -> tuple[float, tuple[str, ...]]:
        """(score in 0..1, reasons) for two name keys; with cluster_of (key index -> cluster), the shared-words
        rules above apply."""
        if a == b:
            return 1.0, ("same name",)
        words_a, weights_a = self._split(a)
        words_b, weights_b = self._split(b)
        if "".join(words_a) == "".join(words_b):
            return 0.98, ("same letters, spaced differently",)
        total = matched = 0.0
        unmatched: list[str] = []
        shared: tuple[list[str], list[str]] = ([], [])
        similar = False
        one_sided = 0
        for side, (mine, mine_w, theirs) in enumerate(((words_a, weights_a, words_b), (words_b, weights_b, words_a))):
            last = len(mine) - 1
            missing = len(unmatched)
            for n, (word, w) in enumerate(zip(mine, mine_w)):
                total += w
                if word in theirs:
                    matched += w
                    shared[side].append(word)
                    continue
                best = max(self._similarity(word, other) for other in theirs)
                if n == last and best < 0.95 and self.weights.frequency(word) <= CUT_DF_MAX \
                        and any(truncated(word, other) for other in theirs):
                    best = 0.95
                matched += w * best
                if best == 0.0:
                    unmatched.append(word)
                else:
                    similar = True
                    shared[side].append(word)
            one_sided += len(unmatched) > missing
        score = matched / total if total else 0.0
        reasons = []
        if unmatched and shared[0] and cluster_of is not None and self._postings:
            # both spellings of the shared words count: "CARES" is rare where "CARE" is not
            sharing = max(self.clusters_sharing(words, cluster_of, COMMON_SHARE) for words in shared)
            if sharing > COMMON_SHARE and score > SHARED_CAP:
                score = SHARED_CAP
                reasons.append("the words they share are in many names")
            elif sharing <= OWN_SHARE and one_sided == 1 and score < CONTAINED_SCORE:
                score = CONTAINED_SCORE
                reasons.append("one name is the other with words added")
            elif (sharing <= 2 and one_sided == 1 and score < CONTAINED_SCORE and not similar
                  and all(self.weights.frequency(w) >= DESCRIBING_DF and not w.isdigit() for w in unmatched)
                  and any(self.weights.frequency(w) <= DISTINCT_DF for w in shared[0])
                  and min(len(words_a), len(words_b)) >= 2):
                score = CONTAINED_SCORE
                reasons.append("one name is the other with describing words added")
        if similar:
            reasons.append("words spelt alike")
        if unmatched:
            reasons.append("only in one name: " + ", ".join(sorted(set(unmatched))))
            if any(w.isdigit() for w in unmatched):
                reasons.append("numbers differ")
        return score, tuple(reasons)


def score_keys(a: str, b: str, weights: WordWeights) -> tuple[float, tuple[str, ...]]:
    """(score in 0..1, reasons) for two name keys."""
    return Scorer(weights).score(a, b)
