"""The resilience API: a council's indicators for a year with peer positions and flags; a partnership's flags."""
from ninja import Schema

from riep.core.api.auth import Router, api_requires
from riep.core.errors import NotFound
from riep.registry import scope
from riep.registry.models import Partnership
from riep.resilience.services.report import checked_year, council_by_gss, indicator_rows
from riep.resilience.services.warnings import partnership_flags

router = Router(tags=["resilience"])


class ResilienceIndicatorOut(Schema):
    indicator: str
    name: str
    year: str
    value: str | None  # a decimal ratio (0.153 = 15.3%) or years, as text so nothing is rounded
    status: str
    reason: str
    peer_group: str
    peers: int
    peer_median: str | None
    peer_lower_quartile: str | None
    peer_upper_quartile: str | None
    distance_in_mads: str | None
    quartile: int | None
    risk_when: str
    flags: list[str]


class FlagOut(Schema):
    council_gss_code: str
    council: str
    year: str
    flags: list[str]
    new: list[str] | None
    cleared: list[str] | None


@router.get("/councils/{gss_code}/indicators", response=list[ResilienceIndicatorOut])
@api_requires("view_resilience")
def council_indicators(request, gss_code: str, year: str | None = None, group: str = "same_type"):
    """Each indicator of the council for the year (the latest when not given), its position among the peer group
    (same_type, same_region, chosen, nearest) and the flags the rules raise."""
    return indicator_rows(council_by_gss(gss_code), year, group)


@router.get("/partnerships/{code}/flags", response=list[FlagOut])
@api_requires("view_resilience")
def flags(request, code: str, year: str | None = None):
    """The member councils' flags for the year and what changed since the year before."""
    partnership = Partnership.objects.filter(code__iexact=code).first()
    if partnership is None or not scope.may_see_figures_of(request.auth, partnership):
        raise NotFound(f"There is no partnership {code} whose figures you may see.")
    return [{"council_gss_code": r.council.gss_code, "council": r.council.name, "year": r.year,
             "flags": [f.rule for f in r.flags], "new": list(r.changes.new) if r.changes else None,
             "cleared": list(r.changes.cleared) if r.changes else None}
            for r in partnership_flags(partnership, checked_year(year))]
