"""Pairwise quality, checked on small worked cases, and the generator's promises (deterministic, realistic)."""
from collections import Counter
from decimal import Decimal

from riep.procurement.engine.generate import months_between, name_records, spend_files, suppliers
from riep.procurement.engine.names import normalise_name
from riep.procurement.engine.quality import labelled_pair_quality, pairwise_quality


def test_pairwise_quality_counts_pairs():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    q = pairwise_quality(predicted, truth)
    # predicted pairs ab, cd; true pairs ab, ac, bc: one right
    assert (q.true_positives, q.predicted_pairs, q.true_pairs) == (1, 2, 3)
    assert q.precision == 0.5 and abs(q.recall - 1 / 3) < 1e-12 and abs(q.f1 - 0.4) < 1e-12
    perfect = pairwise_quality(truth, truth)
    assert perfect.precision == perfect.recall == perfect.f1 == 1.0


def test_labelled_pairs_quality():
    predicted = {"a": 1, "b": 1, "c": 2}
    q = labelled_pair_quality(predicted, [("a", "b", True), ("a", "c", True), ("b", "c", False)])
    assert (q.true_positives, q.predicted_pairs, q.true_pairs) == (1, 1, 2)


def test_the_generator_is_deterministic_and_has_variants_and_hard_negatives():
    first, second = suppliers(300, seed=4), suppliers(300, seed=4)
    assert first == second and suppliers(300, seed=5) != first
    assert len({s.entity for s in first}) == 300
    assert sum(len(s.variants) for s in first) / 300 > 2
    keys = Counter(normalise_name(s.name) for s in first)
    assert max(keys.values()) == 1  # distinct suppliers never share a match key
    assert any("T/A" in v for s in first for v in s.variants)
    records, truth = name_records(1000, seed=4)
    assert len(records) == 1000 and len({r.raw_name for r in records}) == 1000
    assert len(set(truth.values())) < 1000


def test_generated_spend_has_seasons_credit_notes_and_redactions():
    files = list(spend_files(["E08000021", "E08000037"], months_between("2021-01", "2021-12"), 400, seed=2))
    assert len(files) == 24
    again = list(spend_files(["E08000021", "E08000037"], months_between("2021-01", "2021-12"), 400, seed=2))
    assert all(a[2].equals(b[2]) for a, b in zip(files, again))
    lines = Counter()
    credit = redacted = total = 0
    for _council, month, table in files:
        lines[month] += table.num_rows
        amounts = table["amount"].to_pylist()
        assert all(isinstance(a, Decimal) and abs(a) >= Decimal("500.00") for a in amounts)
        credit += sum(a < 0 for a in amounts)
        redacted += sum(table["redacted"].to_pylist())
        total += table.num_rows
        assert {d.strftime("%Y-%m") for d in table["payment_date"].to_pylist()} == {month}
    assert lines["2021-03"] > lines["2021-02"] > lines["2021-08"]  # the year end, a normal month, the summer
    assert 0.01 < credit / total < 0.04 and 0.015 < redacted / total < 0.05
