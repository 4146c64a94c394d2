"""Bounded number types for API schemas: each fits the database column that stores it, so a number that would not
fit (1e30 pounds, a year of 2^63, NaN) is refused with 422 naming the field before any code sees it."""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from riep.core.money import MONEY_DIGITS, MONEY_PLACES

EARLIEST_YEAR, LATEST_YEAR = 1990, 2100  # years the platform's series and returns could sensibly hold

# Pounds and pence, not negative (costs are recorded as costs), as a JSON number or string: "12500.50".
Money = Annotated[Decimal, Field(ge=0, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, allow_inf_nan=False,
                                 examples=["12500.50"])]
# Hours or nights a week, to 4 decimal places (10 minutes = 0.1667 h), as stored by riep.care.models.hours_field.
Hours = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=4, allow_inf_nan=False, examples=["37.5"])]
# A number of people sharing support (riep.care.calc.needs.MAX_SHARED_BY).
People = Annotated[int, Field(ge=1, le=100)]
# A calendar year, such as 2009 for 2009-10.
Year = Annotated[int, Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)]
# A row's number in the database (positive, within a 64-bit column).
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]
