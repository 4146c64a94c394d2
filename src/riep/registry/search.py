"""The registry's results in the search box: councils (by name or code, abolished ones too) and partnerships
(registered in RegistryConfig.ready(); see riep.core.search). Every signed-in person may open both pages."""
from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from riep.core.search import Result
from riep.registry.as_at import code_text, day_text
from riep.registry.models import Organisation, Partnership


def find_councils(user, query: str, limit: int) -> list[Result]:
    found = (Organisation.objects.councils().filter(
        Q(name__icontains=query) | Q(short_name__icontains=query) | Q(gss_code__iexact=query) | Q(snac_code__iexact=query))
        .select_related("region").order_by("end_date", "name")[:limit])
    results = []
    for c in found:
        detail = [code_text(c), c.get_council_type_display(), str(c.region or "")]
        if c.end_date:
            detail.append(f"abolished {day_text(c.end_date)}")
        results.append(Result(c.name, reverse("registry:council", args=[c.pk]), " · ".join(d for d in detail if d)))
    return results


def find_partnerships(user, query: str, limit: int) -> list[Result]:
    found = (Partnership.objects.filter(Q(name__icontains=query) | Q(code__iexact=query))
             .select_related("region").order_by("name")[:limit])
    return [Result(p.name, reverse("registry:partnership", args=[p.code]), f"{p.code} · {p.region or ''}")
            for p in found]
