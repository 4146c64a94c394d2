"""Panel units matched to councils in the registry, and the donor pool an analysis's rule gives."""
from __future__ import annotations

from riep.impact.engine.types import SpecError
from riep.impact.models import DonorRule, ImpactAnalysis
from riep.registry.models import Organisation


def resolve_units(units) -> dict:
    """Panel unit values → registry councils, by GSS code, then official or short name (case-insensitive)."""

    units = [str(u) for u in units]
    councils = Organisation.objects.councils().select_related("region")
    by_code = {o.gss_code: o for o in councils.filter(gss_code__in=[u.strip().upper() for u in units])}
    out = {u: by_code[u.strip().upper()] for u in units if u.strip().upper() in by_code}
    rest = [u for u in units if u not in out]
    if rest:
        by_name = {}
        for o in councils:
            for n in (o.name, o.short_name):
                if n:
                    by_name.setdefault(n.strip().lower(), o)
        out.update({u: by_name[u.strip().lower()] for u in rest if u.strip().lower() in by_name})
    return out


def unit_names(units) -> dict[str, str]:
    names = {u: str(o) for u, o in resolve_units(units).items()}
    return {u: names.get(u, u) for u in units}


def donor_pool(analysis: ImpactAnalysis, units: tuple[str, ...], councils: dict) -> tuple[list[str], list[str]]:
    """(donor units, warnings) for the analysis's rule. Registry rules use council type (and region)."""
    treated = set(analysis.treated)
    warnings = []
    if analysis.donor_rule == DonorRule.CHOSEN:
        missing = [d for d in analysis.donors if d not in units]
        if missing:
            warnings.append(f"Chosen donor(s) not in the panel, left out: {', '.join(missing)}.")
        donors = [d for d in dict.fromkeys(analysis.donors) if d in units and d not in treated]
    else:
        treated_orgs = [councils[t] for t in analysis.treated if t in councils]
        if len(treated_orgs) < len(treated):
            unknown = [t for t in analysis.treated if t not in councils]
            raise SpecError(f"Treated council(s) {', '.join(unknown)} are not in the council registry, so a donor pool "
                            "cannot be built from council type or region; choose the donor councils instead.")
        types = {o.council_type for o in treated_orgs}
        regions = {o.region_id for o in treated_orgs}
        donors = []
        for u in units:
            org = councils.get(u)
            if u in treated or org is None or org.council_type not in types:
                continue
            if analysis.donor_rule == DonorRule.SAME_REGION and org.region_id not in regions:
                continue
            donors.append(u)
        unmatched = [u for u in units if u not in councils and u not in treated]
        if unmatched:
            warnings.append(f"{len(unmatched)} unit(s) of the panel are not councils in the registry and were left out of the donor pool.")
    if len(donors) < 2:
        raise SpecError(f"The donor pool has {len(donors)} council(s) with data in the panel; at least 2 are needed "
                        "(5 or more is better). Widen the donor pool.")
    return donors, warnings
