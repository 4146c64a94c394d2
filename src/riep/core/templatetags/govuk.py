"""Template helpers for GOV.UK Design System markup."""
from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from riep.core import pickers
from riep.core.money import format_money
from riep.core.permissions import name_shown_to
from riep.core.tables import page_text

register = template.Library()


@register.filter
def money(value, pence=None):
    """`|money`: pence where the amount has them (£75,000, £80,000.50); `|money:True` always to the penny."""
    if value is None or value == "":
        return "–"
    return format_money(Decimal(value), pence=None if pence is None else bool(pence))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("govuk/table.html", takes_context=True)
def govuk_table(context, table, downloads=True, minus_sign=False):
    """A `riep.core.tables.Table` as GOV.UK table markup: numeric columns right-aligned, link columns as anchors,
    the totals row in <tfoot>, then the note, GOV.UK pagination when the table shows one page of its rows, and the
    CSV and XLSX download links for this table (every row). `minus_sign`: negative numbers on the page with the
    minus sign U+2212 rather than a hyphen (the downloads keep plain numbers)."""
    request = context.get("request")
    links = {}
    if downloads and request is not None:
        for fmt in ("csv", "xlsx"):
            query = request.GET.copy()
            if table.page is not None:
                query.pop(table.page.param, None)
            query["download"] = table.name
            query["format"] = fmt
            links[fmt] = "?" + query.urlencode()
    columns = table.columns
    shown = _with_minus if minus_sign else page_text
    body = mark_safe("\n".join(_row_html(columns, row, shown) for row in table.rows))
    footer = [(shown(c, table.footer.get(c.key)), None, c.numeric) for c in columns] if table.footer else None
    return {"table": table, "body": body, "footer": footer, "links": links, "page": table.page}


def _with_minus(column, value) -> str:
    text = page_text(column, value)
    return "\u2212" + text[1:] if column.numeric and text.startswith("-") else text


def _row_html(columns, row, shown=page_text) -> str:
    """One body row. Built here rather than by a template loop: a 400-row table rendered through nested template
    loops cost more than the rest of the page (issue 16's load profile)."""
    cells = []
    for i, c in enumerate(columns):
        text = conditional_escape(shown(c, row.get(c.key)))
        link = row.get(c.link_key) if c.link_key else None
        if link:
            text = f'<a class="govuk-link" href="{escape(link)}">{text}</a>'
        if i == 0:
            cells.append(f'<th scope="row" class="govuk-table__header">{text}</th>')
        else:
            cells.append(f'<td class="govuk-table__cell{" govuk-table__cell--numeric" if c.numeric else ""}">{text}</td>')
    return '    <tr class="govuk-table__row">' + "".join(cells) + "</tr>"


@register.simple_tag(takes_context=True)
def sort_link(context, field, label):
    """A column-heading link that sorts by `field` (and flips direction when already sorted by it)."""
    request = context["request"]
    query = request.GET.copy()
    current = query.get("sort", "")
    descending = current == field
    query["sort"] = f"-{field}" if descending else field
    query.pop("page", None)
    return format_html('<a class="govuk-link" href="?{}">{}</a>', query.urlencode(), label)


@register.simple_tag(takes_context=True)
def sort_state(context, field):
    """The aria-sort value for a sortable column heading."""
    current = context["request"].GET.get("sort", "")
    return "ascending" if current == field else "descending" if current == f"-{field}" else "none"


@register.simple_tag
def query_string(**params):
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


_WIDGET_CLASSES = {
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "textarea": "govuk-textarea",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


@register.simple_tag
def checkbox_groups(bound_field):
    """A grouped checkbox field's groups (`riep.core.pickers.checkbox_groups`)."""
    return pickers.checkbox_groups(bound_field)


@register.filter
def govuk_widget(bound_field):
    """Renders a form field's widget with the GOV.UK class, error state and aria-describedby."""
    widget_type = bound_field.widget_type
    css = _WIDGET_CLASSES.get(widget_type, "govuk-input")
    if bound_field.errors:
        css += {"govuk-select": " govuk-select--error", "govuk-textarea": " govuk-textarea--error",
                "govuk-file-upload": " govuk-file-upload--error"}.get(css, " govuk-input--error")
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if widget_type in ("number", "text") and css == "govuk-input" and bound_field.field.widget.attrs.get("inputmode"):
        attrs["inputmode"] = bound_field.field.widget.attrs["inputmode"]
    return bound_field.as_widget(attrs=attrs)


_CONFIDENCE_TAGS = {"red": "govuk-tag--red", "amber_red": "govuk-tag--orange", "amber": "govuk-tag--yellow",
                    "amber_green": "govuk-tag--turquoise", "green": "govuk-tag--green"}


@register.filter
def confidence_tag(rating: str) -> str:
    """The GOV.UK tag colour for a delivery-confidence rating (the words are always shown too)."""
    return _CONFIDENCE_TAGS.get(rating, "govuk-tag--grey")


@register.filter
def shown_to(person, viewer) -> str:
    """`{{ job.created_by|shown_to:request.user }}`: the person's name as the viewer may see it (no email address for
    roles that may not see contact details); empty for nobody, so `|default:"…"` can follow."""
    return name_shown_to(viewer, person)


@register.inclusion_tag("govuk/history.html", takes_context=True)
def history_list(context, history, heading=""):
    """An audit trail (`riep.core.audit.audit_table`) told in sentences, newest first, with the raw record's CSV
    and XLSX download links. A plain table given instead is shown as a table."""
    request = context.get("request")
    links = {}
    if request is not None:
        for fmt in ("csv", "xlsx"):
            query = request.GET.copy()
            query["download"] = history.name
            query["format"] = fmt
            links[fmt] = "?" + query.urlencode()
    sentences = getattr(history, "sentences", None)
    return {"history": history, "sentences": sentences, "links": links, "heading": heading, "request": request,
            "caption": _without_heading(history.caption, heading)}


def _without_heading(caption: str, heading: str) -> str:
    """"Audit trail: changes to this project" under the heading "Audit trail" reads "Changes to this project":
    the page says "Audit trail" once."""
    if heading and caption.casefold().startswith(heading.casefold()):
        rest = caption[len(heading):].lstrip(" :–-")
        if rest:
            return rest[:1].upper() + rest[1:]
    return caption


@register.filter
def count(value):
    """A whole number with thousands separators, as count columns show it: 914,039."""
    return "–" if value is None or value == "" else f"{int(value):,}"


@register.inclusion_tag("govuk/import_template_links.html")
def import_template_links(name):
    """The import page's "Download a blank template" and "Download an example" links (riep.core.import_templates)."""
    from riep.core.import_templates import registered  # noqa: PLC0415 -- only import pages need it

    return {"template": registered(name)}
