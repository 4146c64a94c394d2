"""`{% impact_table t %}`: the platform's GOV.UK table (riep.core's govuk_table, not a copy) with negative numbers
written with the minus sign U+2212, as the impact pages' text and charts write them (the downloads keep plain
numbers). The platform-wide fix belongs in riep.core.tables.page_text; until then impact's pages use this."""
from django import template

from riep.core.templatetags.govuk import govuk_table

register = template.Library()
MINUS = "\u2212"


def _minus(text: str) -> str:
    return MINUS + text[1:] if isinstance(text, str) and text.startswith("-") else text


@register.inclusion_tag("govuk/table.html", takes_context=True)
def impact_table(context, table, downloads=True):
    out = govuk_table(context, table, downloads)
    out["rows"] = [[(_minus(text) if numeric else text, link, numeric) for text, link, numeric in row]
                   for row in out["rows"]]
    if out["footer"]:
        out["footer"] = [(_minus(text) if numeric else text, link, numeric) for text, link, numeric in out["footer"]]
    return out
