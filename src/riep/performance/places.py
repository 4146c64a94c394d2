"""Where a figure is for: one council, or a partnership's area as a whole (item 1 of issue 11: "values per council
(or partnership area)"). Values, targets and commentary carry either a council or a partnership, never both; the
pages show an area's row apart from its councils' and never put it among the council peer benchmarks.

A place is named in URLs, files and the API by its code: a council's GSS code, or the partnership's own code (EE).
The two never collide: GSS codes are a letter and eight digits, partnership codes are short letters.
"""
from __future__ import annotations

from riep.registry.models import Organisation, Partnership

Place = Organisation | Partnership


def is_area(place) -> bool:
    return isinstance(place, Partnership)


def where(place) -> dict:
    """The filter for rows of this place (a partnership's rows have no council)."""
    return {"partnership": place} if is_area(place) else {"council": place}


def code_of(place) -> str:
    return place.code if is_area(place) else place.gss_code


def name_of(place) -> str:
    return f"{place.name} (the partnership's area as a whole)" if is_area(place) else place.name


def find(code: str) -> Place | None:
    """The council with this GSS code, else the partnership with this code; None for neither."""
    code = (code or "").strip()
    council = Organisation.objects.councils().filter(gss_code=code.upper()).first()
    if council is not None:
        return council
    return Partnership.objects.filter(code__iexact=code).first() if code else None
