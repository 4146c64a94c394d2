"""The range simulation: a hand-checked two-assumption case, the symmetric case, the tornado."""
from decimal import Decimal as D
from fractions import Fraction
from math import comb, floor

from riep.reorg.calc.options import AGGREGATION, Assumption
from riep.reorg.calc.simulation import simulate, tornado

A = Assumption("a", "A", AGGREGATION, D(0), D(1), D(2))
B = Assumption("b", "B", AGGREGATION, D(0), D(1), D(2))


def irwin_hall_4_cdf(x: float) -> float:
    # Tri(0, 1, 2) is the sum of two U(0, 1); A + B is the sum of four: the Irwin–Hall distribution, n = 4:
    # F(x) = (1/4!) Σ_{k ≤ x} (−1)^k C(4, k) (x − k)^4
    return sum((-1) ** k * comb(4, k) * (x - k) ** 4 for k in range(floor(x) + 1)) / 24


def quantile(p: float) -> float:
    lo, hi = 0.0, 4.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if irwin_hall_4_cdf(mid) < p else (lo, mid)
    return lo


def test_two_assumption_case_against_the_irwin_hall_quantiles():
    # result = A + B (in £ million): by hand, P10 solves (x⁴ − 4(x − 1)⁴)/24 = 0.1 → x ≈ 1.2466 (1.2466⁴ = 2.4150, 4 × 0.2466⁴ = 0.0148, 2.4002 / 24 = 0.1000); P90 = 4 − P10 ≈ 2.7534
    assert abs(quantile(0.1) - 1.2466) < 1e-4 and abs(quantile(0.9) - 2.7534) < 1e-4
    r = simulate([A, B], lambda v: (v["a"] + v["b"]) * 1_000_000, draws=20_000, seed=7)
    assert abs(float(r.p10) / 1e6 - quantile(0.1)) < 0.02
    assert abs(float(r.p90) / 1e6 - quantile(0.9)) < 0.02
    assert r.p50 == D("2000000.00")  # symmetric about 2
    assert abs(float(r.mean) / 1e6 - 2) < 0.01


def test_p50_of_a_symmetric_case_is_the_central_result():
    skewed_inputs = [Assumption("s", "S", AGGREGATION, D("0.3"), D("0.7"), D("1.1")),
                     Assumption("t", "T", AGGREGATION, D("5"), D("6.5"), D("8"))]

    def result(v):  # linear, with a non-trivial constant and coefficients
        return D("123456.789") + v["s"] * D("98765432.1") - v["t"] * D("3141592.65")

    central = result({"s": D("0.7"), "t": D("6.5")})
    r = simulate(skewed_inputs, result, draws=1000, seed=11)
    assert r.p50 == central.quantize(D("0.01"))
    assert r.p10 < r.p50 < r.p90


def test_seeded_runs_repeat_and_different_seeds_differ():
    f = lambda v: v["a"] * 1000 + v["b"] * 10  # noqa: E731
    assert simulate([A, B], f, 500, seed=1) == simulate([A, B], f, 500, seed=1)
    assert simulate([A, B], f, 500, seed=1).p10 != simulate([A, B], f, 500, seed=2).p10


def test_tornado_sorts_by_swing():
    bars = tornado([A, B], lambda v: v["a"] * 3 - v["b"])
    assert [b.key for b in bars] == ["a", "b"]
    assert (bars[0].at_low, bars[0].at_high, bars[0].swing) == (D(-1), D(5), D(6))
    assert Fraction(str(bars[1].swing)) == 2
