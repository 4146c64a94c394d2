from decimal import Decimal

import pytest

from riep.core.money import format_money, to_money


@pytest.mark.parametrize("text, expected", [
    ("1,234.50", "1234.50"), ("£1234.5", "1234.50"), ("(120.00)", "-120.00"), ("0.005", "0.01"), (7, "7.00"),
])
def test_parses_amounts_to_pence(text, expected):
    assert to_money(text) == Decimal(expected)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_money(1.5)


@pytest.mark.parametrize("text", ["abc", "NaN", "", "1.2.3", "1e30", "1e400", "-Infinity"])
def test_rejects_what_is_not_money(text):
    with pytest.raises(ValueError, match="not an amount"):
        to_money(text)


def test_formats_for_pages():
    assert format_money(Decimal("1234567.891")) == "£1,234,568"
    assert format_money(Decimal("-20.5"), pence=True) == "−£20.50"
