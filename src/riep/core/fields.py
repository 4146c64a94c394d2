"""Model fields for the platform's value types."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from riep.core.forms import FinancialYearFormField
from riep.core.fy import FinancialYear
from riep.core.money import MONEY_DIGITS, MONEY_PLACES


class FinancialYearField(models.PositiveSmallIntegerField):
    """Stores a FinancialYear as the calendar year it starts in (so it sorts), reads back a FinancialYear."""

    description = "Financial year (e.g. 2009-10)"

    @cached_property
    def validators(self):
        # The integer range validators would compare a FinancialYear with an int; the type checks its own range.
        return list(self._validators)

    def from_db_value(self, value, expression, connection):
        return None if value is None else FinancialYear(value)

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, FinancialYear):
            return value or None
        try:
            return FinancialYear.parse(value if not isinstance(value, str) or not value.isdigit() else int(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def get_prep_value(self, value):
        if value is None or value == "":
            return None
        return self.to_python(value).start_year

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.label

    def formfield(self, **kwargs):
        return super(models.PositiveSmallIntegerField, self).formfield(form_class=FinancialYearFormField, **kwargs)


def money_field(**kwargs) -> models.DecimalField:
    """Pence-exact money, under £1,000,000,000,000 (riep.core.money.MONEY_DIGITS)."""
    return models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, **kwargs)
