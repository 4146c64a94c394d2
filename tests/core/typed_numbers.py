"""Hypothesis strategies: numbers as people (and fuzzers) type them."""
from hypothesis import strategies as st

NASTY = [
    "NaN", "nan", "sNaN", "-NaN", "Infinity", "-Infinity", "inf", "∞", "1e400", "1E+400", "1e30", "1e-400", "-1e9",
    "99999999999999999", "9" * 40, "9" * 5000, "0." + "0" * 60 + "1", "0x10", "1_000", "١٢٣", "½", "", " ", ".", "-",
    "£", "1e", "e5", "1,2,3", "12,34.5", "1.2.3", "£-5", "-£5", "−£1,234.56", "(120.00)", "12 500", "1'000",
    "2^63", "9223372036854775808", "-9223372036854775809", "1" + "0" * 19, "0", "-0", "+5", "£120,000", " £1,234.5 ",
]


def _grouped(n: int) -> str:
    return f"{n:,}"


@st.composite
def typed_numbers(draw):
    """Huge, tiny, exponent, NaN, negative, commas, pound signs, unicode minus — and plain good numbers."""
    if draw(st.booleans()):
        return draw(st.sampled_from(NASTY))
    sign = draw(st.sampled_from(["", "", "-", "−", "+"]))
    pound = draw(st.sampled_from(["", "", "£"]))
    whole = draw(st.one_of(st.integers(0, 10**6).map(str), st.integers(0, 10**40).map(str),
                           st.integers(0, 10**20).map(_grouped), st.just("")))
    fraction = draw(st.one_of(st.just(""), st.text("0123456789", max_size=12).map(lambda t: "." + t)))
    exponent = draw(st.one_of(st.just(""), st.just(""), st.integers(-5000, 5000).map(lambda e: f"e{e}")))
    pad = draw(st.sampled_from(["", " ", "\u00a0"]))
    return pad + sign + pound + whole + fraction + exponent + pad


def json_numbers():
    """What a JSON body can carry in a number field: text, huge and tiny integers, floats (inf and nan too)."""
    return st.one_of(typed_numbers(), st.integers(-2**70, 2**70), st.floats(allow_nan=True, allow_infinity=True),
                     st.sampled_from([2**63, -2**63 - 1, 2**64, 10**30, None, True, [], {}]))
