"""Reading numbers people type: "£120,000", " 1,234.5 ", "−250" — and refusing what a person would not mean.

Plain digits with an optional decimal point, thousands separated by commas in groups of three, an optional pound
sign and an optional minus (ASCII or the typographic −). No exponents ("1e9" is not how anyone writes pounds),
no NaN or Infinity, no misplaced commas ("1,5" might mean 1.5 or 15, so it is refused rather than guessed).
The result is exact: a number with more decimal places or digits than allowed is refused, never rounded.
Pure Python, no Django.
"""
from __future__ import annotations

import re
from decimal import Decimal

_NUMBER = re.compile(
    r"""^(?P<sign>[-+])?\s*(?P<pound>£)?\s*(?P<sign2>[-+])?
        (?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)
        (?:\.(?P<fraction>[0-9]*))?$""",
    re.VERBOSE,
)
_MINUSES = str.maketrans({"−": "-", "–": "-", "\u00a0": " ", "\u202f": " "})  # minus sign, en dash, no-break spaces


class NumberRefused(ValueError):
    """Why a text is not an acceptable number: `code` is one of invalid, max_decimal_places, max_whole_digits."""

    def __init__(self, code: str, text: str):
        super().__init__(f"{text!r}: {code}")
        self.code = code
        self.text = text


def parse_number(text: str, *, max_digits: int, decimal_places: int, pounds: bool = False) -> Decimal:
    """The exact Decimal a person typed, with at most `decimal_places` places and `max_digits` digits in all.

    `pounds` allows a leading £ sign. Raises NumberRefused.
    """
    cleaned = str(text).translate(_MINUSES).strip()
    match = _NUMBER.match(cleaned)
    if match is None or (match["pound"] and not pounds) or (match["sign"] and match["sign2"]):
        raise NumberRefused("invalid", text)
    whole, fraction = match["whole"].replace(",", ""), match["fraction"]
    if not whole and not fraction:
        raise NumberRefused("invalid", text)
    fraction = (fraction or "").rstrip("0") if len(fraction or "") > decimal_places else (fraction or "")
    if len(fraction) > decimal_places:
        raise NumberRefused("max_decimal_places", text)
    if len(whole.lstrip("0")) > max_digits - decimal_places:
        raise NumberRefused("max_whole_digits", text)
    sign = "-" if "-" in ((match["sign"] or "") + (match["sign2"] or "")) else ""
    number = Decimal(f"{sign}{whole or '0'}.{fraction or '0'}").quantize(Decimal(1).scaleb(-decimal_places))
    return abs(number) if number == 0 else number  # no "−0.00"
