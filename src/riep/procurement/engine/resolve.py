"""Supplier resolution: which published names, across councils, are one supplier.

In order of strength: a person's decision (always wins: "same" merges, "not same" is never merged, not even
through a chain of identifiers); a shared identifier (Companies House, charity or VAT number); the same match key
(`names.name_keys`); then a fuzzy score (`scoring.score_keys`) between keys that share a block (a rare word or the
first letters), merged above `MERGE_AT`, offered for review between `REVIEW_AT` and `MERGE_AT`. Clusters never
join two suppliers with different numbers of one kind (two companies) unless a person said they are the same.
Clusters are kept in a union-find; a cluster keeps the reference most of its members had before, so supplier
references survive re-runs and new files.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from rapidfuzz import fuzz, process

from .names import name_keys, normalise_charity_number, normalise_company_number, normalise_vat_number
from .scoring import WordWeights, score_keys

MERGE_AT = 0.90
REVIEW_AT = 0.75
# Blocking: a word shared by at most BLOCK_MAX keys makes a block; bigger groups (common words, common first
# letters) are cut into overlapping windows of sorted keys so no block costs more than BLOCK_MAX² comparisons.
BLOCK_MAX = 120
PREFIX = 5
PREFILTER = 60  # rapidfuzz token_set_ratio below which a pair is not scored at all


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


def _blocks(keys: Sequence[str], weights: WordWeights) -> Iterable[np.ndarray]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        words = key.split()
        for word in set(words):
            if len(word) >= 3 and weights.frequency(word) <= BLOCK_MAX:
                groups["w:" + word].append(i)
        compact = key.replace(" ", "")
        groups["p:" + compact[:PREFIX]].append(i)
        if len(words) > 1:
            groups["s:" + "".join(sorted(words))[:PREFIX]].append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        if len(members) <= BLOCK_MAX:
            yield np.asarray(members)
            continue
        ordered = sorted(members, key=keys.__getitem__)
        step = BLOCK_MAX // 2
        for start in range(0, len(ordered) - step, step):
            yield np.asarray(ordered[start:start + BLOCK_MAX])


def candidate_pairs(keys: Sequence[str], weights: WordWeights) -> np.ndarray:
    """Distinct (i, j), i < j, pairs of keys worth scoring: in one block and alike enough at a glance."""
    found: list[np.ndarray] = []
    n = len(keys)
    for block in _blocks(keys, weights):
        names = [keys[i] for i in block]
        scores = process.cdist(names, names, scorer=fuzz.token_set_ratio, score_cutoff=PREFILTER, dtype=np.uint8)
        rows, cols = np.nonzero(np.triu(scores, 1))
        if rows.size:
            a, b = block[rows], block[cols]
            found.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([codes // n, codes % n], axis=1)


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

    # 3. The same match key (legal name, or a trading name of two words or more).
    unit_of: dict[str, int] = {}
    unit_keys: list[str] = []
    unit_records: list[list[int]] = []
    for i, rec in enumerate(recs):
        for n, key in enumerate(name_keys(rec.raw_name)):
            u = unit_of.get(key)
            if u is None:
                u = unit_of[key] = len(unit_keys)
                unit_keys.append(key)
                unit_records.append([])
            if n == 0 or len(key.split()) > 1:
                unit_records[u].append(i)
    borderline: dict[tuple[int, int], Pair] = {}
    for members in unit_records:
        for i in members[1:]:
            if uf.union(members[0], i):
                basis.setdefault(recs[i].key, "same name")
                basis.setdefault(recs[members[0]].key, "same name")

    # 4. Fuzzy scores between keys that share a block.
    weights = WordWeights(unit_keys)
    pairs = candidate_pairs(unit_keys, weights)
    for u, v in pairs.tolist():
        if not unit_records[u] or not unit_records[v]:
            continue
        a, b = unit_records[u][0], unit_records[v][0]
        if uf.find(a) == uf.find(b):
            continue
        score, reasons = score_keys(unit_keys[u], unit_keys[v], weights)
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
