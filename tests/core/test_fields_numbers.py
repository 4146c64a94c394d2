"""The one money field and its number siblings: what people type is read exactly, or refused naming the field."""
from decimal import Decimal

import pytest
from django import forms

from riep.core.forms import MoneyField, NumberField, WholeNumberField
from riep.core.numbers import NumberRefused, parse_number


class AmountForm(forms.Form):
    amount = MoneyField(label="2009-10 gross saving")
    fee = MoneyField(label="Agreed weekly fee", required=False, min_value=Decimal("0.01"))
    hours = NumberField(label="One-to-one hours a week", max_digits=10, decimal_places=4, min_value=0, required=False)
    people = WholeNumberField(label="People sharing", min_value=1, max_value=100, required=False)


@pytest.mark.parametrize("typed, pounds", [
    ("£120,000", "120000.00"), ("120000.50", "120000.50"), ("12,500", "12500.00"), (" £1,234.5 ", "1234.50"),
    ("0", "0.00"), (".5", "0.50"), ("£ 7", "7.00"), ("12.500", "12.50"), ("999,999,999,999.99", "999999999999.99"),
    ("\u00a0£3,000\u00a0", "3000.00"),
])
def test_money_as_people_type_it(typed, pounds):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(pounds) and str(form.cleaned_data["amount"]) == pounds


@pytest.mark.parametrize("typed, message", [
    ("1e9", "Enter the 2009-10 gross saving in pounds and pence, like £12,500 or 12500.50"),
    ("NaN", "Enter the 2009-10 gross saving in pounds and pence"),
    ("Infinity", "Enter the 2009-10 gross saving in pounds and pence"),
    ("lots", "Enter the 2009-10 gross saving in pounds and pence"),
    ("1,2345", "Enter the 2009-10 gross saving in pounds and pence"),
    ("1,5", "Enter the 2009-10 gross saving in pounds and pence"),
    ("££5", "Enter the 2009-10 gross saving in pounds and pence"),
    ("--5", "Enter the 2009-10 gross saving in pounds and pence"),
    ("12.345", "2009-10 gross saving must be in pounds and pence, with no more than 2 decimal places"),
    ("99999999999999999", "2009-10 gross saving must be less than £1,000,000,000,000"),
    ("1000000000000", "2009-10 gross saving must be less than £1,000,000,000,000"),
    ("-5", "2009-10 gross saving must not be negative"),
    ("−£5", "2009-10 gross saving must not be negative"),
    ("", "Enter the 2009-10 gross saving"),
])
def test_money_refused_with_a_message_naming_the_field(typed, message):
    form = AmountForm({"amount": typed})
    assert not form.is_valid()
    assert message in form.errors["amount"][0]


def test_a_refused_amount_is_shown_back_as_typed():
    form = AmountForm({"amount": "£99,999,999,999,999.999"})
    assert not form.is_valid()
    assert 'value="£99,999,999,999,999.999"' in str(form["amount"])


def test_minimum_above_zero_and_optional():
    assert AmountForm({"amount": "1", "fee": ""}).is_valid()
    form = AmountForm({"amount": "1", "fee": "0"})
    assert not form.is_valid() and form.errors["fee"] == ["Agreed weekly fee must be more than zero"]


def test_hours_and_people():
    form = AmountForm({"amount": "1", "hours": "1,000.1667", "people": "3"})
    assert form.is_valid() and form.cleaned_data["hours"] == Decimal("1000.1667") and form.cleaned_data["people"] == 3
    form = AmountForm({"amount": "1", "hours": "£5", "people": "2.5"})
    assert not form.is_valid()
    assert form.errors["hours"] == ["Enter the one-to-one hours a week as a number, like 12 or 10.5"]
    assert form.errors["people"] == ["People sharing must be a whole number"]
    form = AmountForm({"amount": "1", "hours": "1e400", "people": "101"})
    assert not form.is_valid() and form.errors["people"] == ["People sharing must be at most 100"]
    assert "hours" in form.errors
    assert AmountForm({"amount": "1", "people": "99999999999999999999"}).errors["people"] == [
        "People sharing must be less than 1,000,000,000"]


def test_parse_number_is_pure_and_exact():
    assert parse_number("−1,234.5", max_digits=14, decimal_places=2) == Decimal("-1234.50")
    assert parse_number("-0", max_digits=14, decimal_places=2) == Decimal("0.00")
    with pytest.raises(NumberRefused) as refused:
        parse_number("£5", max_digits=14, decimal_places=2)
    assert refused.value.code == "invalid"
    assert parse_number("£5", max_digits=14, decimal_places=2, pounds=True) == Decimal("5.00")


def test_a_financial_year_field_cleans_a_valid_year():
    # It cleaned to a FinancialYear, then its length validator called len() on that: a TypeError on "2009-10".
    from riep.core.forms import FinancialYearFormField
    from riep.core.fy import FinancialYear

    assert FinancialYearFormField().clean("2009-10") == FinancialYear.parse("2009-10")
