"""`{% impact_table t %}`: the platform's GOV.UK table (riep.core's govuk_table, not a copy) with negative numbers
written with the minus sign U+2212, as the impact pages' text and charts write them (the downloads keep plain
numbers)."""
from django import template

from riep.core.templatetags.govuk import govuk_table

register = template.Library()


@register.inclusion_tag("govuk/table.html", takes_context=True)
def impact_table(context, table, downloads=True):
    return govuk_table(context, table, downloads, minus_sign=True)
