"""Spend to ProClass v17 (and CPV 2008 where mapped), from what a line says about itself.

In order of trust: a ProClass category the council published itself ("CATERING.FOOD & BEVERAGES", as North
Tyneside does); a rule for the expense types councils use (CIPFA subjective headings like "Agency Staff",
"Comms & Computing", "Residential"); the words of the expense type and description against ProClass's own labels;
last, a trade word in the supplier's name ("... TAXIS", "... SOLICITORS"). The confidence says which of these
decided, and the basis says how, in words. Codes and labels come from the copied data files (data/SOURCE.md).
CPV codes are the hub's own mapping of each ProClass category to a CPV 2008 division or group (by hand; ProClass
publishes no CPV crosswalk), so they are coarser than the ProClass code.
"""
from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from .classify_rules import EXPENSE_RULES, LEVEL1_CPV, LEVEL2_CPV, SUPPLIER_RULES


@dataclass(frozen=True)
class Category:
    code: str
    level1: str
    level2: str
    level3: str

    @property
    def label(self) -> str:
        return self.level3 or self.level2 or self.level1

    @property
    def path(self) -> str:
        return " > ".join(p for p in (self.level1, self.level2, self.level3) if p)


@dataclass(frozen=True)
class Classification:
    code: str | None
    label: str | None
    scheme: str
    confidence: float
    basis: str
    cpv_code: str | None = None
    cpv_label: str | None = None


UNCLASSIFIED = Classification(None, None, "ProClass v17", 0.0, "nothing in the line matched a category")


def _data(name: str):
    return resources.files("riep.procurement").joinpath("data", name)


@lru_cache(maxsize=1)
def proclass() -> dict[str, Category]:
    """ProClass v17: code -> category (586 codes)."""
    with _data("proclass_17.csv").open(encoding="utf-8") as fh:
        return {r["code"]: Category(r["code"], r["level1"].strip(), r["level2"].strip(), r["level3"].strip())
                for r in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def cpv() -> dict[str, str]:
    """CPV 2008: code (with check digit) -> English label (9,454 codes)."""
    with _data("cpv_2008_en.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def cpv_for(code: str) -> tuple[str | None, str | None]:
    category = proclass().get(code)
    if category is None:
        return None, None
    cpv_code = LEVEL2_CPV.get(code) or LEVEL1_CPV.get(category.level1)
    return (cpv_code, cpv().get(cpv_code)) if cpv_code else (None, None)


_WORD = re.compile(r"[a-z]+")
_STOP = frozenset("and or of the for to in a an etc eg inc incl includes other general non elsewhere classified "
                  "services service products product supply supplies costs cost fees charges".split())


def _words(text: str) -> list[str]:
    words = []
    for w in _WORD.findall(text.lower()):
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w not in _STOP and len(w) > 1:
            words.append(w)
    return words


@lru_cache(maxsize=1)
def _label_index():
    """Word -> ProClass codes whose labels contain it, and each word's inverse document frequency."""
    index: dict[str, set[str]] = defaultdict(set)
    for code, cat in proclass().items():
        if not cat.level2:
            continue
        for w in _words(f"{cat.level2} {cat.level3} {cat.level2} {cat.level3}"):
            index[w].add(code)
    n = len(proclass())
    idf = {w: math.log(n / len(codes)) for w, codes in index.items()}
    return index, idf


def _published_proclass(text: str) -> tuple[str, float] | None:
    """"CATERING.FOOD & BEVERAGES" -> the ProClass code whose level 1 and 2 labels read most like it."""
    if "." not in text or len(text) > 80:
        return None
    top, _, sub = text.partition(".")
    best, best_score = None, 0.0
    for code, cat in proclass().items():
        if not cat.level2 or cat.level3:
            continue
        score = 0.4 * fuzz.token_set_ratio(top, cat.level1, processor=str.lower) + \
            0.6 * fuzz.token_set_ratio(sub, cat.level2, processor=str.lower)
        if score > best_score:
            best, best_score = code, score
    return (best, best_score / 100) if best and best_score >= 80 else None


def _by_label(text: str) -> tuple[str, float, list[str]] | None:
    index, idf = _label_index()
    words = [w for w in dict.fromkeys(_words(text)) if w in idf]
    if not words:
        return None
    score: Counter[str] = Counter()
    for w in words:
        for code in index[w]:
            score[code] += idf[w]
    query = sum(idf[w] for w in words)
    cats = proclass()
    code, best = max(score.items(), key=lambda kv: (kv[1], -len(_words(cats[kv[0]].label)), kv[0]))
    matched = [w for w in words if code in index[w]]
    label_words = set(_words(f"{cats[code].level2} {cats[code].level3}"))
    coverage = (best / query) * (len(matched) / max(len(label_words), 1)) ** 0.5
    return code, min(coverage, 1.0), matched


def _result(code: str, confidence: float, basis: str) -> Classification:
    cat = proclass()[code]
    cpv_code, cpv_label = cpv_for(code)
    return Classification(code, cat.path, "ProClass v17", round(confidence, 2), basis, cpv_code, cpv_label)


def classify(expense_type: str | None = None, description: str | None = None,
             supplier_name: str | None = None) -> Classification:
    """The most likely ProClass category for a line or supplier, with how sure and why."""
    fields = [("expense type", (expense_type or "").strip()), ("description", (description or "").strip())]
    for _what, text in fields:
        found = _published_proclass(text) if text else None
        if found:
            return _result(found[0], 0.95 * found[1], f"the council's own ProClass category {text!r}")
    for what, text in fields:
        if not text:
            continue
        for pattern, code in EXPENSE_RULES:
            if pattern.search(text):
                return _result(code, 0.9 if what == "expense type" else 0.8, f"{what} {text!r} is {proclass()[code].label}")
    text = " ".join(t for _w, t in fields if t)
    found = _by_label(text) if text else None
    if found and found[1] >= 0.5:
        code, score, matched = found
        return _result(code, 0.75 * score, f"the words {', '.join(matched)} of {text!r} match ProClass's label")
    if supplier_name:
        for pattern, code in SUPPLIER_RULES:
            if pattern.search(supplier_name):
                return _result(code, 0.6, f"supplier name {supplier_name!r} names the trade")
    if found and found[1] >= 0.25:
        code, score, matched = found
        return _result(code, 0.75 * score, f"the words {', '.join(matched)} of {text!r} partly match ProClass's label")
    return UNCLASSIFIED


@dataclass(frozen=True)
class Coverage:
    total: Decimal
    classified: Decimal
    confirmed: Decimal

    @property
    def classified_share(self) -> float:
        return float(self.classified / self.total) if self.total else 0.0

    @property
    def confirmed_share(self) -> float:
        return float(self.confirmed / self.total) if self.total else 0.0

    def __str__(self) -> str:
        return (f"{self.classified_share:.0%} of spend by value classified, "
                f"{self.confirmed_share:.0%} confirmed")


def coverage(items: Iterable[tuple[Decimal, str | None, bool]]) -> Coverage:
    """Coverage by value of (amount, category code or None, confirmed by a person?) items. Credit notes count by
    their size, so a refund does not make spend look more classified than it is."""
    total = classified = confirmed = Decimal(0)
    for amount, code, is_confirmed in items:
        value = abs(Decimal(amount))
        total += value
        if code:
            classified += value
            if is_confirmed:
                confirmed += value
    return Coverage(total, classified, confirmed)
