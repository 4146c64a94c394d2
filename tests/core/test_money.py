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


def test_pence_where_pennies_exist_whole_pounds_otherwise():
    # GOV.UK style: "£75,000" and "£80,000.50" (issue 15: £80,000.50 was shown as £80,001)
    assert format_money(Decimal("80000.50"), pence=None) == "£80,000.50"
    assert format_money(Decimal("75000.00"), pence=None) == "£75,000"
    assert format_money(Decimal("-20.5"), pence=None) == "−£20.50"
    assert format_money(Decimal("999.999"), pence=None) == "£1,000"  # rounds to whole pounds at the penny
    assert format_money(Decimal("0.004"), pence=None) == "£0"


def test_the_money_filter_shows_pence_only_where_they_exist():
    from riep.core.templatetags.govuk import money

    assert (money(Decimal("80000.50")), money(Decimal("75000")), money("12.3")) == ("£80,000.50", "£75,000", "£12.30")
    assert money(Decimal("75000"), True) == "£75,000.00" and money(None) == "–"
