"""Property tests: conservation, counting once, net ≤ gross, additional ≤ net, discounting."""
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from riep.core.fy import FinancialYear
from riep.ledger.calc.additionality import Assessment, Parameter, ParameterSet, additionality, assess_additionality
from riep.ledger.calc.gains import Category, CouncilShare, Gain, GainYear, Status, split_by_shares
from riep.ledger.calc.green_book import DiscountBand, discount_factors, present_value
from riep.ledger.calc.ni179 import Basis, ni179

D = Decimal
PENNY = D("0.01")
COUNCILS = ["AAA", "BBB", "CCC", "DDD"]

money = st.integers(min_value=0, max_value=10**9).map(lambda p: D(p) * PENNY)
fraction01 = st.integers(min_value=0, max_value=10_000).map(lambda n: D(n) / 10_000)


@st.composite
def shares(draw):
    codes = draw(st.lists(st.sampled_from(COUNCILS), min_size=1, max_size=3, unique=True))
    weights = draw(st.lists(st.integers(1, 7), min_size=len(codes), max_size=len(codes)))
    return tuple(CouncilShare(c, Fraction(w, sum(weights))) for c, w in zip(codes, weights))


@st.composite
def gains(draw, gain_id):
    first = FinancialYear(draw(st.integers(2006, 2012)))
    years = []
    if draw(st.booleans()):  # set-up costs the year before the saving starts
        years.append(GainYear(first - 1, investment=draw(money)))
    for offset in range(draw(st.integers(0, 5))):
        years.append(GainYear(first + offset, draw(money), draw(money), draw(money), draw(money)))
    split = draw(shares())
    return Gain(
        gain_id, split[0].council_code, draw(st.sampled_from(list(Category))), draw(st.booleans()),
        draw(st.booleans()), draw(st.sampled_from(list(Status))), first, tuple(years),
        project_id=draw(st.sampled_from([None, "P1", "P2"])), shares=split if len(split) > 1 else (),
    )


@st.composite
def ledgers(draw):
    count = draw(st.integers(0, 8))
    return [draw(gains(f"G{i}")) for i in range(count)]


years = st.integers(2007, 2014).map(FinancialYear)
bases = st.sampled_from(list(Basis))


@given(ledgers(), years, bases)
def test_totals_conserve_under_regrouping(ledger, year, basis):
    result = ni179(ledger, year, basis)
    total = result.total
    for grouping in (result.by_council, result.by_project, result.by_category, result.by_gain):
        assert sum(grouping().values(), D(0)) == total
    # Running council by council gives the same partnership total.
    assert sum((ni179(ledger, year, basis, [c]).total for c in COUNCILS), D(0)) == total


@given(ledgers(), years, bases)
def test_no_gain_counted_twice(ledger, year, basis):
    result = ni179(ledger, year, basis)
    pairs = [(line.gain_id, line.council_code) for line in result.lines]
    assert len(pairs) == len(set(pairs))
    for gain in ledger:
        lines = [line for line in result.lines if line.gain_id == gain.id]
        assert len(lines) == len(gain.council_shares())
        counted = sum((line.counted for line in lines), D(0))
        assert counted == (gain.net_in(year) if lines[0].included else 0)


@given(money, money, money, money)
def test_net_never_exceeds_gross_when_costs_are_not_negative(gross, investment, ongoing, staff):
    year = GainYear("2009-10", gross, investment, ongoing, staff)
    assert year.net <= year.gross_saving


@given(money, st.lists(st.integers(1, 9), min_size=1, max_size=6))
def test_split_by_shares_adds_back_exactly(amount, weights):
    parts = split_by_shares(amount, [Fraction(w, sum(weights)) for w in weights])
    assert sum(parts) == amount and all(p >= 0 for p in parts)


def _set(leakage, displacement, substitution, multiplier, ref):
    source = "property test"
    return ParameterSet("p", "p", (
        Parameter("leakage", leakage, source), Parameter("displacement", displacement, source),
        Parameter("substitution", substitution, source), Parameter("multiplier", multiplier, source),
        Parameter("deadweight", None, source),
        Parameter("reference_leakage", ref[0], source), Parameter("reference_displacement", ref[1], source),
        Parameter("reference_substitution", ref[2], source), Parameter("reference_multiplier", ref[3], source),
    ))


@given(
    gross=money, investment=money, ongoing=money, reference=money,
    factors=st.tuples(fraction01, fraction01, fraction01, fraction01),  # L, Dp, S in [0,1]; M in [0,1]
    ref_factors=st.tuples(fraction01, fraction01, fraction01, st.integers(0, 30).map(lambda n: D(n) / 10)),
    attribution=fraction01,
)
def test_additional_never_exceeds_net(gross, investment, ongoing, reference, factors, ref_factors, attribution):
    """Holds when GI ≥ 0, GI* ≥ 0, L, Dp, S, L*, Dp*, S* ∈ [0, 1], 0 ≤ M ≤ 1 (a cost saving), M* ≥ 0
    and attribution ∈ [0, 1]. Costs are deducted from both sides, so their size does not matter."""
    gain = Gain("G", "AAA", "procurement", True, True, "realised", "2009-10",
                (GainYear("2009-10", gross, investment, ongoing),))
    params = _set(*factors, ref_factors)
    result = assess_additionality(Assessment(gain, params, attribution, reference_amounts={"2009-10": reference}))
    (year,) = result.years
    assert year.additional <= year.gross_impact
    assert year.additional_net <= year.net


@given(ledgers(), st.lists(fraction01, min_size=8, max_size=8))
@settings(max_examples=50)
def test_additionality_by_council_conserves(ledger, attributions):
    params = _set(D("0.1"), D(0), D(0), D(1), (D("0.1"), D(0), D(0), D(1)))
    assessments = [Assessment(g, params, a, reference_amounts={g.first_year: D("1.01")})
                   for g, a in zip(ledger, attributions)]
    summary = additionality(assessments)
    assert sum(summary.by_council().values(), D(0)) == summary.additional
    assert sum(summary.by_project().values(), D(0)) == summary.additional
    assert sum(summary.by_council(net=True).values(), D(0)) == summary.additional_net


@given(st.lists(st.integers(1, 100), min_size=1, max_size=6))
def test_discount_factors_strictly_decreasing_for_any_positive_schedule(rates_in_tenths_of_percent):
    bands, start = [], 0
    for i, r in enumerate(rates_in_tenths_of_percent):
        last = i == len(rates_in_tenths_of_percent) - 1
        bands.append(DiscountBand(start, None if last else start + 20, D(r) / 1000))
        start += 21
    factors = discount_factors(200, bands)
    assert factors[0] == 1
    assert all(a > b > 0 for a, b in zip(factors, factors[1:]))


@given(money, st.integers(1, 75))
def test_pv_of_constant_stream_matches_closed_form(amount, n):
    # Years 1…n. Up to 30 years: C × (1 − 1.035⁻ⁿ) / 0.035. Beyond: the 30-year annuity plus
    # DF(30) × (1 − 1.03⁻⁽ⁿ⁻³⁰⁾) / 0.03 for the years in the 3.0% band.
    r1, r2 = D("0.035"), D("0.03")
    if n <= 30:
        closed = amount * (1 - (1 + r1) ** -n) / r1
    else:
        df30 = (1 + r1) ** -30
        closed = amount * ((1 - df30) / r1 + df30 * (1 - (1 + r2) ** -(n - 30)) / r2)
    pv = present_value([D(0)] + [amount] * n)
    assert abs(pv - closed) <= PENNY
