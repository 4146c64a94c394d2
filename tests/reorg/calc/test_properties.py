"""Invariants of the structural-change maths, for any input hypothesis can think of."""
import datetime as dt
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from riep.ledger.green_book import discount_factors, present_value
from riep.reorg.calc.harmonisation import FormerArea, harmonise
from riep.reorg.calc.matching import Offer, Request, compatible, propose
from riep.reorg.calc.options import (
    AGGREGATION,
    TRANSITION,
    Assumption,
    Option,
    Predecessor,
    Profile,
    Successor,
    evaluate,
    net_flows,
    npv_of,
)
from riep.reorg.calc.sharing import split_money, split_shares
from riep.reorg.calc.simulation import simulate

money = st.decimals(min_value=D("0.00"), max_value=D("5000.00"), places=2)
bases = st.decimals(min_value=D("0.00"), max_value=D("100000.00"), places=2)
areas = st.lists(st.tuples(money, bases), min_size=2, max_size=6).filter(lambda xs: sum(b for _, b in xs) > 0)


@given(areas, st.integers(1, 7))
def test_harmonisation_invariants(raw, years):
    former = [FormerArea(f"Area {i}", d, b) for i, (d, b) in enumerate(raw)]
    paths = {p.target: p for p in harmonise(former, years)}
    total_base = sum(b for _, b in raw)
    for p in paths.values():
        # one Band D in every area from year N (so by the start of year 8)
        for year in range(years, 9):
            assert len({r.band_d for r in p.areas if r.year == year}) == 1
        # each area moves one way only: monotone towards the target
        for a in former:
            seq = [r.band_d for r in p.areas if r.area == a.name]
            assert seq == sorted(seq) or seq == sorted(seq, reverse=True)
    # the weighted-average path raises the base-year yield every year, to within rounding of Band D to the penny
    base_yield = paths["weighted_average"].totals[0].yield_
    for t in paths["weighted_average"].totals:
        assert abs(t.yield_ - base_yield) <= total_base * D("0.01") + len(raw) * D("0.01")
    assert paths["lowest"].total_foregone >= -len(raw) * D("0.08") - total_base * D("0.08")
    assert paths["highest"].total_foregone <= len(raw) * D("0.08") + total_base * D("0.08")


@given(st.decimals(min_value=D("-1000000"), max_value=D("1000000"), places=2),
       st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.integers(0, 1000), min_size=1, max_size=8)
       .filter(lambda w: sum(w.values()) > 0))
def test_split_money_adds_up_to_the_penny(total, weights):
    parts = split_money(total, {k: D(v) for k, v in weights.items()})
    assert sum(parts.values()) == total.quantize(D("0.01"))
    assert all(parts[k] == 0 for k, v in weights.items() if v == 0)
    assert sum(split_shares({k: D(v) for k, v in weights.items()}).values()) == 1


pct = st.decimals(min_value=D("0"), max_value=D("5"), places=2)


@given(pct, pct, st.decimals(min_value=D("0"), max_value=D("50000000"), places=0), st.integers(1, 12))
def test_npv_matches_the_green_book_and_range_brackets_central(lo, width, transition, horizon):
    preds = {"a": Predecessor("a", "A", D("300000000")), "b": Predecessor("b", "B", D("200000000"))}
    assumptions = [Assumption("s", "Saving", AGGREGATION, lo, lo + width / 2, lo + width),
                   Assumption("t", "Transition", TRANSITION, transition, transition, transition)]
    option = Option("One", (Successor("One", ("a", "b")),))
    profile = Profile(horizon_years=horizon)
    factors = discount_factors(horizon - 1)
    central = evaluate(option, preds, assumptions, {"s": lo + width / 2, "t": transition}, profile, factors)
    assert abs(central.npv - present_value([y.net for y in central.years])) <= D("0.01") * horizon
    result = lambda v: npv_of(net_flows(option, preds, assumptions, v, profile), factors)  # noqa: E731
    r = simulate(assumptions, result, draws=50, seed=3)
    assert r.p10 <= r.p50 <= r.p90
    assert r.p50 == central.npv  # symmetric ranges: the median is the central result


offers_st = st.lists(st.tuples(st.sampled_from(["design", "viability"]), st.integers(1, 30), st.integers(0, 2)),
                     min_size=0, max_size=5)


@given(offers_st, offers_st)
def test_matching_is_a_valid_assignment(raw_offers, raw_requests):
    spots = [(52.0, 0.0), (52.3, 0.5), (53.5, -1.0)]
    day = dt.date(2026, 4, 1)
    offers = [Offer(f"o{i}", f"C{loc}", s, d, day, day, 100, spots[loc]) for i, (s, d, loc) in enumerate(raw_offers)]
    requests = [Request(f"r{i}", f"R{loc}", s, d, day, day, spots[loc]) for i, (s, d, loc) in enumerate(raw_requests)]
    proposal = propose(offers, requests)
    assert len({p.offer for p in proposal}) == len(proposal) == len({p.request for p in proposal})
    by_key = {o.key: o for o in offers} | {r.key: r for r in requests}
    for p in proposal:
        assert compatible(by_key[p.offer], by_key[p.request]) == (p.days, p.km)
