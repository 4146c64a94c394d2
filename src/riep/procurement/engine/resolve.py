"""Supplier resolution: which published names, across councils, are one supplier.

In order of strength: a person's decision (always wins: "same" merges, "not same" is never merged, not even
through a chain of identifiers); a shared identifier (Companies House, charity or VAT number); the same match key
(`names.name_keys`); then a fuzzy score (`scoring.Scorer`) between the keys `candidate_pairs` finds alike (the
blocking: shared uncommon words, allowing a typo), merged above `MERGE_AT`, offered for review between
`REVIEW_AT` and `MERGE_AT`. Clusters never
join two suppliers with different numbers of one kind (two companies) unless a person said they are the same.
Clusters are kept in a union-find; a cluster keeps the reference most of its members had before, so supplier
references survive re-runs and new files.
"""
from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from scipy import sparse

from .names import name_keys, normalise_charity_number, normalise_company_number, normalise_vat_number
from .scoring import Scorer, WordWeights, word_similarity

MERGE_AT = 0.90
REVIEW_AT = 0.75
# Candidates (the blocking): see candidate_pairs.
DF_CAP = 1000          # words in more keys than this do not make candidates
CANDIDATE_AT = 0.6     # shared weight, over the uncommon words and their typo neighbours, to be scored at all
TYPO_WEIGHT = 0.9
TYPO_MIN = 4           # words this long or longer are matched with one typo
BLOCK_MAX = 200        # a deletion-neighbourhood group larger than this is too common a stem to say anything
CHUNK = 4000
CUT_DF_MAX = 2         # a last word cut short is a rare word ("LANDSC"); a common one ("CARE") is a whole word


@dataclass(frozen=True)
class NameRecord:
    key: str
    raw_name: str
    company_number: str | None = None
    charity_number: str | None = None
    vat_number: str | None = None
    council: str | None = None
    total: Decimal = Decimal(0)


@dataclass(frozen=True)
class Decision:
    a_key: str
    b_key: str
    same: bool


@dataclass(frozen=True)
class Pair:
    a_key: str
    b_key: str
    score: float
    reasons: tuple[str, ...]


@dataclass
class Resolution:
    clusters: dict[str, str]
    borderline: list[Pair]
    basis: dict[str, str] = field(default_factory=dict)  # record key -> why it is in its cluster
    conflicts: list[Decision] = field(default_factory=list)  # "same" decisions that break a "not same" one

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for key, ref in self.clusters.items():
            out[ref].append(key)
        return dict(out)


_ID_KINDS = ("company", "charity", "vat")


class _Clusters:
    """Union-find over record indices, with each root's identifiers and "not same" partners."""

    def __init__(self, ids: list[tuple[str | None, str | None, str | None]]):
        n = len(ids)
        self.parent = list(range(n))
        self.size = [1] * n
        self.ids = [[{v} if v else set() for v in rec] for rec in ids]
        self.apart: list[set[int]] = [set() for _ in range(n)]

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def kept_apart(self, ra: int, rb: int) -> bool:
        small, other = (ra, rb) if len(self.apart[ra]) <= len(self.apart[rb]) else (rb, ra)
        return any(self.find(x) == other for x in self.apart[small])

    def identifiers_differ(self, ra: int, rb: int) -> str | None:
        for kind, mine, theirs in zip(_ID_KINDS, self.ids[ra], self.ids[rb]):
            if mine and theirs and not mine & theirs:
                return kind
        return None

    def union(self, a: int, b: int, *, check_ids: bool = True) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.kept_apart(ra, rb) or (check_ids and self.identifiers_differ(ra, rb)):
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        for mine, theirs in zip(self.ids[ra], self.ids[rb]):
            mine |= theirs
        self.apart[ra] |= self.apart[rb]
        self.ids[rb] = [set(), set(), set()]
        self.apart[rb] = set()
        return True


def typo_neighbours(words: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of distinct words one typo apart (`scoring.word_similarity` > 0), found through a deletion
    neighbourhood: two words one edit apart share the word with some one letter left out."""
    index: dict[str, list[str]] = defaultdict(list)
    for word in words:
        if len(word) >= TYPO_MIN and not word.isdigit():
            index[word].append(word)
            for i in range(len(word)):
                index[word[:i] + word[i + 1:]].append(word)
    found: set[tuple[str, str]] = set()
    for group in index.values():
        if 1 < len(group) <= BLOCK_MAX:
            for x in range(len(group)):
                for y in range(x + 1, len(group)):
                    a, b = group[x], group[y]
                    if a != b and word_similarity(a, b) > 0:
                        found.add((a, b) if a < b else (b, a))
    return sorted(found)


def truncations(words: Iterable[str], last_words: set[str]) -> list[tuple[str, str]]:
    """(cut, whole) pairs: a name's last word that begins another word ("LANDSC", "LANDSCAPES") — a name cut
    short at a field's width."""
    ordered = sorted(words)
    out = []
    for word in sorted(last_words):
        if len(word) < TYPO_MIN or word.isdigit():
            continue
        at = bisect.bisect_right(ordered, word)
        taken = 0
        while at < len(ordered) and ordered[at].startswith(word) and taken < BLOCK_MAX:
            out.append((word, ordered[at]))
            at += 1
            taken += 1
    return out


def candidate_pairs(keys: Sequence[str], weights: WordWeights) -> np.ndarray:
    """Distinct (i, j), i < j, pairs of keys worth scoring, without comparing all pairs.

    Each key is a vector over its words (the square root of each word's weight, so that a dot product adds up
    the weights of the words two keys share), plus — at a little less weight — the words one typo away from
    its own. A pair is a candidate when twice the weight it shares, over the two keys' total weight (the
    score `scoring.Scorer` gives, without its finer points), reaches CANDIDATE_AT. A sparse matrix product,
    in row chunks so memory stays bounded. Words in more than DF_CAP keys are left out of the product (they
    would make every pair a candidate) but not out of the totals, so a pair sharing only common words never
    looks alike.
    """
    n = len(keys)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    column: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    totals = np.zeros(n)
    words_of = []
    for i, key in enumerate(keys):
        words = set(key.split())
        words_of.append(words)
        for word in words:
            w = weights.weight(word)
            totals[i] += w
            if weights.frequency(word) <= DF_CAP:
                rows.append(i)
                cols.append(column.setdefault(word, len(column)))
                vals.append(math.sqrt(w))
    exact = sparse.csr_matrix((np.asarray(vals), (np.asarray(rows), np.asarray(cols))), shape=(n, len(column)))
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a, b in typo_neighbours(column):
        neighbours[a].append(b)
        neighbours[b].append(a)
    cut = {key.rsplit(" ", 1)[-1] for key in keys}
    for short, long_ in truncations(column, {w for w in cut if weights.frequency(w) <= CUT_DF_MAX}):
        neighbours[short].append(long_)
    for i, words in enumerate(words_of):  # on one side of the product only, so nothing counts twice
        for word in words:
            for other in neighbours.get(word, ()):
                rows.append(i)
                cols.append(column[other])
                vals.append(TYPO_WEIGHT * math.sqrt(weights.weight(word)))
    loose = sparse.csr_matrix((np.asarray(vals), (np.asarray(rows), np.asarray(cols))), shape=(n, len(column)))
    loose.sum_duplicates()
    transposed = loose.T.tocsr()
    found: list[np.ndarray] = []
    strength: list[np.ndarray] = []
    for start in range(0, n, CHUNK):
        block = (exact[start:start + CHUNK] @ transposed).tocoo()
        i = block.row + start
        share = 2 * block.data / np.maximum(totals[i] + totals[block.col], 1e-9)
        keep = (block.col != i) & (share >= CANDIDATE_AT)
        if keep.any():
            a, b = i[keep], block.col[keep]
            found.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1).astype(np.int64))
            strength.append(share[keep])
    # The same letters spaced differently ("DAWSONRENTALS SWEEPERS"): always worth a look.
    compact: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        compact[key.replace(" ", "")].append(i)
    same_letters = [(g[0], j) for g in compact.values() if 1 < len(g) <= BLOCK_MAX for j in g[1:]]
    if same_letters:
        found.append(np.asarray(same_letters, dtype=np.int64))
        strength.append(np.ones(len(same_letters)))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs, share = np.concatenate(found), np.concatenate(strength)
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -share))  # most alike first, so clear merges come first
    pairs = pairs[order]
    _unique, first = np.unique(pairs[:, 0] * n + pairs[:, 1], return_index=True)
    return pairs[np.sort(first)]


def _new_ref(seed: str, taken: set[str]) -> str:
    base = "S" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:10].upper()
    ref, n = base, 1
    while ref in taken:
        n += 1
        ref = f"{base}-{n}"
    return ref


def _assign_refs(groups: dict[int, list[str]], previous: Mapping[str, str]) -> dict[str, str]:
    """A reference per cluster: the one most of its members had before, unless a bigger share of another cluster
    claims it; otherwise a new reference derived from its first member's key."""
    claims = []
    for root, members in groups.items():
        for ref, count in Counter(previous[k] for k in members if k in previous).items():
            claims.append((-count, ref, min(members), root))
    claims.sort()
    chosen: dict[int, str] = {}
    used: set[str] = set()
    for _neg, ref, _first, root in claims:
        if root not in chosen and ref not in used:
            chosen[root] = ref
            used.add(ref)
    taken = used | set(previous.values())
    clusters: dict[str, str] = {}
    for root, members in sorted(groups.items(), key=lambda item: min(item[1])):
        ref = chosen.get(root)
        if ref is None:
            ref = _new_ref(min(members), taken)
            taken.add(ref)
        for key in members:
            clusters[key] = ref
    return clusters


def resolve(records: Iterable[NameRecord], decisions: Iterable[Decision] = (),
            previous: Mapping[str, str] | None = None) -> Resolution:
    """Cluster the records into suppliers. Keys must be unique."""
    recs = list(records)
    index = {r.key: i for i, r in enumerate(recs)}
    if len(index) != len(recs):
        dupes = sorted(k for k, c in Counter(r.key for r in recs).items() if c > 1)
        raise ValueError(f"record keys must be unique; repeated: {', '.join(dupes[:5])}")
    previous = previous or {}
    ids = [(normalise_company_number(r.company_number), normalise_charity_number(r.charity_number),
            normalise_vat_number(r.vat_number)) for r in recs]
    uf = _Clusters(ids)
    basis: dict[str, str] = {}

    # 1. Decisions: the last word on each pair counts; "not same" first, so no later step can undo it.
    latest: dict[tuple[str, str], Decision] = {}
    for d in decisions:
        if d.a_key in index and d.b_key in index and d.a_key != d.b_key:
            latest[tuple(sorted((d.a_key, d.b_key)))] = d
    for d in latest.values():
        if not d.same:
            a, b = index[d.a_key], index[d.b_key]
            uf.apart[a].add(b)
            uf.apart[b].add(a)
    conflicts = []
    for d in latest.values():
        if d.same:
            if uf.union(index[d.a_key], index[d.b_key], check_ids=False):
                basis.setdefault(d.a_key, "a person said so")
                basis.setdefault(d.b_key, "a person said so")
            else:
                conflicts.append(d)

    # 2. Identifiers: one register number of a kind is one supplier.
    for pos, label in enumerate(("company number", "charity number", "VAT number")):
        first: dict[str, int] = {}
        for i, rec_ids in enumerate(ids):
            value = rec_ids[pos]
            if value is None:
                continue
            if value in first:
                if uf.union(first[value], i, check_ids=False):
                    basis.setdefault(recs[i].key, f"{label} {value}")
                    basis.setdefault(recs[first[value]].key, f"{label} {value}")
            else:
                first[value] = i

    # 3. The same match key (of the legal name or of a trading name).
    unit_of: dict[str, int] = {}
    unit_keys: list[str] = []
    unit_records: list[list[int]] = []
    for i, rec in enumerate(recs):
        for key in name_keys(rec.raw_name):
            u = unit_of.get(key)
            if u is None:
                u = unit_of[key] = len(unit_keys)
                unit_keys.append(key)
                unit_records.append([])
            unit_records[u].append(i)
    borderline: dict[tuple[int, int], Pair] = {}
    for members in unit_records:
        for i in members[1:]:
            if uf.union(members[0], i):
                basis.setdefault(recs[i].key, "same name")
                basis.setdefault(recs[members[0]].key, "same name")

    # 4. Fuzzy scores between keys that share a block.
    weights = WordWeights(unit_keys)
    scorer = Scorer(weights, unit_keys)
    pairs = candidate_pairs(unit_keys, weights)

    def cluster_of(unit: int):
        return uf.find(unit_records[unit][0]) if unit_records[unit] else ("unit", unit)

    for u, v in pairs.tolist():
        if not unit_records[u] or not unit_records[v]:
            continue
        a, b = unit_records[u][0], unit_records[v][0]
        if uf.find(a) == uf.find(b):
            continue
        score, reasons = scorer.score(unit_keys[u], unit_keys[v], cluster_of)
        if score < REVIEW_AT:
            continue
        ra, rb = uf.find(a), uf.find(b)
        differ = uf.identifiers_differ(ra, rb)
        if score >= MERGE_AT and not differ and uf.union(a, b):
            basis.setdefault(recs[b].key, f"name like {recs[a].raw_name!r} ({score:.2f})")
            continue
        if uf.kept_apart(ra, rb):
            continue
        if differ:
            reasons = reasons + (f"different {differ} numbers",)
        pair = Pair(recs[a].key, recs[b].key, round(score, 3), reasons)
        slot = (min(ra, rb), max(ra, rb))
        if slot not in borderline or borderline[slot].score < pair.score:
            borderline[slot] = pair

    groups: dict[int, list[str]] = defaultdict(list)
    for i, rec in enumerate(recs):
        groups[uf.find(i)].append(rec.key)
    clusters = _assign_refs(groups, previous)
    value = {r.key: abs(r.total) for r in recs}
    queue = [p for p in borderline.values() if clusters[p.a_key] != clusters[p.b_key]]
    seen: set[tuple[str, str]] = set()
    review = []
    for p in sorted(queue, key=lambda p: (-(value[p.a_key] + value[p.b_key]), -p.score, p.a_key, p.b_key)):
        slot = tuple(sorted((clusters[p.a_key], clusters[p.b_key])))
        if slot not in seen:
            seen.add(slot)
            review.append(p)
    for rec in recs:
        basis.setdefault(rec.key, "only name of its kind")
    return Resolution(clusters=clusters, borderline=review, basis=basis, conflicts=conflicts)
