"""Form fields and the GOV.UK-styled form base shared by every capability."""
from django import forms
from django.forms.renderers import TemplatesSetting

from riep.core.fy import FinancialYear


class FinancialYearFormField(forms.CharField):
    default_error_messages = {"invalid": "Enter a financial year like 2009-10"}

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs.setdefault("max_length", 9)
        super().__init__(*args, **kwargs)

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


class GovukFormRenderer(TemplatesSetting):
    """Every form renders its fields with the GOV.UK field template."""

    form_template_name = "govuk/form_fields.html"
