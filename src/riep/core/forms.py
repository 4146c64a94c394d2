"""Form fields and the GOV.UK-styled form base shared by every capability."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core import validators
from django.forms.renderers import TemplatesSetting

from riep.core.form_messages import GovukBoundField
from riep.core.fy import FinancialYear
from riep.core.money import MONEY_DIGITS, MONEY_PLACES, format_money
from riep.core.numbers import NumberRefused, parse_number


class FinancialYearFormField(forms.CharField):
    default_error_messages = {"invalid": "Enter a financial year like 2009-10"}

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs.setdefault("max_length", 9)
        super().__init__(*args, **kwargs)
        # max_length stays for the input's maxlength; its validator would measure the FinancialYear the field
        # cleans to (a TypeError), and parsing checks the text already.
        self.validators = [v for v in self.validators if not isinstance(v, validators.MaxLengthValidator)]

    def prepare_value(self, value):
        if isinstance(value, FinancialYear):
            return value.label
        if isinstance(value, int):
            return FinancialYear(value).label
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return FinancialYear.parse(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


def _the(label: str) -> str:
    """'Provider's weekly fee' → "the provider's weekly fee"; '2009-10 allocation' → 'the 2009-10 allocation'."""
    return "the " + label[:1].lower() + label[1:]


class NumberField(forms.Field):
    """A number as people type it (commas between thousands allowed), exact to `decimal_places`, bounded to what its
    column holds (`max_digits`) and to `min_value`/`max_value`. Every message names the field; a refused entry is
    shown back as it was typed."""

    pounds = False

    def __init__(self, *, max_digits: int, decimal_places: int, min_value=None, max_value=None, example: str = "",
                 **kwargs):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        self.min_value, self.max_value = min_value, max_value
        self.example = example or ("12 or 10.5" if decimal_places else "12")
        attrs = {"inputmode": "decimal" if decimal_places or self.pounds else "numeric", "spellcheck": "false",
                 "class": "govuk-input--width-10"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        self.custom_messages = kwargs.pop("error_messages", {})
        super().__init__(**kwargs)

    def message(self, code: str) -> str:
        # Worked out when needed, so a label or bound set after the field was made (per panel, per year) is used.
        return self.custom_messages.get(code) or self.default_messages()[code]

    def default_messages(self) -> dict:
        label = self.label or "This number"
        places = f"no more than {self.decimal_places} decimal places" if self.decimal_places else "a whole number"
        return {
            "required": f"Enter {_the(label)}",
            "invalid": f"Enter {_the(label)} as a number, like {self.example}",
            "max_decimal_places": f"{label} must be {places}",
            "max_whole_digits": f"{label} must be less than {self._limit()}",
            "min_value": f"{label} must be at least {self._show(self.min_value)}",
            "max_value": f"{label} must be at most {self._show(self.max_value)}",
        }

    def _limit(self) -> str:
        return f"{10 ** (self.max_digits - self.decimal_places):,}"

    def _show(self, value) -> str:
        return "" if value is None else f"{Decimal(value).normalize():,f}"

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            value = format(value, "f")
        try:
            number = parse_number(str(value), max_digits=self.max_digits, decimal_places=self.decimal_places,
                                  pounds=self.pounds)
        except NumberRefused as refused:
            raise forms.ValidationError(self.message(refused.code), code=refused.code) from None
        return number if self.decimal_places else int(number)

    def validate(self, value):
        if value is None:
            if self.required:
                raise forms.ValidationError(self.message("required"), code="required")
            return
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(self.message("min_value"), code="min_value")
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(self.message("max_value"), code="max_value")

    def prepare_value(self, value):
        return format(value, "f") if isinstance(value, Decimal) else value


class WholeNumberField(NumberField):
    """A whole number (people, weeks, a year) within bounds: cleans to int."""

    def __init__(self, *, min_value=None, max_value=None, max_digits: int = 9, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=0, min_value=min_value, max_value=max_value, **kwargs)
        self.widget.attrs["class"] = "govuk-input--width-5"


class MoneyField(NumberField):
    """Pounds and pence as people type them: "£120,000", "120000.50", "12,500", " £1,234.5 ". Refuses exponents
    ("1e9"), NaN and Infinity, more than 2 decimal places (pence are never rounded away) and amounts the money column
    cannot hold; not negative unless `min_value` says otherwise."""

    pounds = True

    def __init__(self, *, min_value=Decimal("0"), max_value=None, **kwargs):
        super().__init__(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, min_value=min_value,
                         max_value=max_value, example="£12,500 or 12500.50", **kwargs)

    def default_messages(self) -> dict:
        label = self.label or "The amount"
        messages = super().default_messages()
        messages.update({
            "invalid": f"Enter {_the(label)} in pounds and pence, like £12,500 or 12500.50",
            "max_decimal_places": f"{label} must be in pounds and pence, with no more than 2 decimal places",
            "max_whole_digits": f"{label} must be less than £{self._limit()}",
            "min_value": (f"{label} must not be negative" if self.min_value == 0 else
                          f"{label} must be more than zero" if self.min_value == Decimal("0.01") else
                          f"{label} must be at least {format_money(Decimal(self.min_value or 0), pence=True)}"),
            "max_value": f"{label} must be at most {format_money(Decimal(self.max_value or 0), pence=True)}",
        })
        return messages


class GovukFormRenderer(TemplatesSetting):
    """Every form renders its fields with the GOV.UK field template, and its messages name their fields
    (`riep.core.form_messages`)."""

    form_template_name = "govuk/form_fields.html"
    bound_field_class = GovukBoundField


class UploadField(forms.FileField):
    """A file upload, refused past the platform's upload limit in the GOV.UK words ("The selected file must be
    smaller than 50 MB"), before any importer reads it. Each importer then applies its own, tighter limits."""

    def __init__(self, *args, **kwargs):
        # (The required message names the field: riep.core.form_messages words it from the label.)
        kwargs.setdefault("error_messages", {}).setdefault("empty", "The selected file is empty")
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        from riep.core.uploads import MB, max_upload_bytes  # noqa: PLC0415 (uploads imports models)

        if data is not None and (getattr(data, "too_large", False) or getattr(data, "size", 0) > max_upload_bytes()):
            raise forms.ValidationError(f"The selected file must be smaller than {max_upload_bytes() // MB} MB",
                                        code="too_large")
        return super().clean(data, initial)
