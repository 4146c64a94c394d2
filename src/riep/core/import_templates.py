"""A blank template and a worked example for every import page (issue 15, item 6).

Each capability registers its importer's file once, from its own `import_templates.py` imported in
`AppConfig.ready()`: the columns come from the importer's own constants (never a copied list) and the example rows
are ones that importer accepts (each capability's tests feed its example to its importer). Core imports none of
them; the page shows the two links with `{% import_template_links "ledger.gains" %}` (`govuk` tags), served by one
core route each, to anyone whose role may use that import page.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from riep.core.permissions import has_permission, requires


@dataclass(frozen=True)
class ImportTemplate:
    name: str  # "ledger.gains": also the download's file name
    title: str  # what the file holds, in the users' words: "gains"
    columns: tuple[str, ...]  # the header row: required columns first, then optional ones
    example: tuple[Mapping[str, str], ...]  # illustrative rows, column -> cell (a missing column is left blank)
    permission: str  # the permission of the import page: who may download the template and example
    note: str = ""  # what the example is for, when it fits one case only ("the Bedfordshire 2009 scenario")

    def header(self) -> list[str]:
        return list(self.columns)

    def example_rows(self) -> list[list[str]]:
        return [[row.get(column, "") for column in self.columns] for row in self.example]


_REGISTERED: dict[str, ImportTemplate] = {}


def register(name: str, *, title: str, required: Sequence[str], optional: Sequence[str] = (),
             example: Sequence[Mapping[str, str]], permission: str, note: str = "") -> ImportTemplate:
    """Registers an importer's template: `required` and `optional` are the importer's own column constants."""
    columns = tuple(dict.fromkeys([*required, *optional]))
    for number, row in enumerate(example, start=1):
        unknown = set(row) - set(columns)
        if unknown:
            raise ValueError(f"{name}: example row {number} has columns the importer does not read: {sorted(unknown)}")
    template = ImportTemplate(name, title, columns, tuple(example), permission, note)
    _REGISTERED[name] = template
    return template


def registered(name: str) -> ImportTemplate:
    try:
        return _REGISTERED[name]
    except KeyError:
        raise Http404(f"No import template called {name}") from None


def every_template() -> list[ImportTemplate]:
    return sorted(_REGISTERED.values(), key=lambda t: t.name)


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]] = ()) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens £ and accents as written.

    Not riep.core.tables' CSV: that neutralises cells starting with - or =, which a person's data needs but would
    change the example's own values (a credit note of -120.00) so that it no longer imports as written."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _response(template: ImportTemplate, request, rows, suffix: str) -> HttpResponse:
    if not has_permission(request.user, template.permission):
        raise PermissionDenied(f"Your role does not use the import of {template.title}.")
    response = HttpResponse(csv_bytes(template.header(), rows), content_type="text/csv; charset=utf-8")
    file_name = f"{template.name.replace('.', '-')}-{suffix}.csv"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@requires("signed_in")
def template_csv(request, name: str) -> HttpResponse:
    return _response(registered(name), request, (), "template")


@requires("signed_in")
def example_csv(request, name: str) -> HttpResponse:
    return _response(registered(name), request, registered(name).example_rows(), "example")
