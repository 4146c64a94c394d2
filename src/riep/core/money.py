"""Money is Decimal, pence-exact, never float."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
# How every money column stores an amount (riep.core.fields.money_field): pence-exact, under £1,000,000,000,000.
# Forms, API schemas and importers bound what they accept by it, so nothing reaches a column it cannot hold.
MONEY_DIGITS, MONEY_PLACES = 14, 2
MAX_MONEY = Decimal("999999999999.99")


def to_money(value: "str | int | Decimal") -> Decimal:
    """Parses an amount such as "1,234.50", "£1234.5" or "(120.00)" (a negative) to pence-exact Decimal."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a string or Decimal")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace(",", "").replace("£", "").replace(" ", "")
        negative = text.startswith("(") and text.endswith(")")
        if negative:
            text = text[1:-1]
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"'{value}' is not an amount of money") from None
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise ValueError(f"'{value}' is not an amount of money")
    try:
        return amount.quantize(PENNY, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than Decimal's 28, such as 1e30: no amount the platform could hold
        raise ValueError(f"'{value}' is not an amount of money: it is far too large") from None


def format_money(amount: Decimal, pence: "bool | None" = False) -> str:
    """£1,234 or £1,234.56; negatives as −£1,234.

    `pence=None`: to the penny where pennies exist, whole pounds otherwise (GOV.UK style: "£75,000" and
    "£80,000.50"), so £80,000.50 is never shown as £80,001 nor £75,000 as £75,000.00."""
    if pence is None:
        pence = amount.quantize(PENNY, rounding=ROUND_HALF_UP) % 1 != 0
    quantum = PENNY if pence else Decimal(1)
    rounded = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"£{abs(rounded):,.2f}" if pence else f"£{abs(rounded):,.0f}"
    return f"−{text}" if rounded < 0 else text
