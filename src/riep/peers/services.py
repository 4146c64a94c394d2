"""Comparator groups and a council's position in one: used by resilience and the performance toolkit.

Kinds of group (`KINDS`):
* `same_type`: councils of the same type (county, district, unitary, metropolitan district, London borough);
* `same_region`: councils of the same region and the same tier (upper tier with upper tier, districts with
  districts: a county and a district in one region run different services, so their ratios do not compare);
* `chosen`: the councils a partnership named in a `PeerGroup` with this council in it;
* `nearest`: the `NEAREST_K` councils of the same tier nearest by standardised Euclidean distance over log
  population, log density and the spending mix of the latest RS return (see `riep.peers.calc.neighbours`).
A council is never its own peer. With `year`, only councils that existed during that financial year are peers.
"""
from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache

from riep.core.errors import NotFound, UserError
from riep.core.fy import FinancialYear
from riep.finance import services as finance
from riep.peers.calc import Position, nearest_neighbours, position
from riep.peers.models import PeerGroup
from riep.registry.councils_file import DATA_DIR as REGISTRY_DATA
from riep.registry.models import CouncilType, Organisation

SAME_TYPE, SAME_REGION, CHOSEN, NEAREST = "same_type", "same_region", "chosen", "nearest"
KINDS = {SAME_TYPE: "Same type of council", SAME_REGION: "Same region and tier", CHOSEN: "Chosen by the partnership",
         NEAREST: "Nearest neighbours"}
NEAREST_K = 15  # CIPFA's nearest-neighbour groups have 15 members; the same size keeps positions comparable
MIN_PEERS = 3  # fewer peer values than this give no median worth showing
UPPER = {CouncilType.COUNTY, CouncilType.UNITARY, CouncilType.METROPOLITAN, CouncilType.LONDON_BOROUGH,
         CouncilType.CITY_CORPORATION}
# Service lines of the RS return whose shares of total service expenditure (line 699) make the spending mix.
SPEND_MIX_LINES = ["RS-190", "RS-290", "RS-330", "RS-360", "RS-390", "RS-490", "RS-509", "RS-590", "RS-599", "RS-690"]


def tier(council: Organisation) -> str:
    if council.council_type in UPPER:
        return "upper"
    return "lower" if council.council_type == CouncilType.DISTRICT else "other"


def _councils(year: FinancialYear | None):
    found = Organisation.objects.councils()
    if year is not None:
        found = found.exclude(start_date__gt=year.last_day).exclude(end_date__lt=year.first_day)
    return found


def group_for(council: Organisation, kind: str, year=None, group: PeerGroup | None = None) -> list[Organisation]:
    """The council's comparator group of this kind (the council itself never in it), in name order."""
    if kind not in KINDS:
        raise UserError(f"There is no kind of comparator group called {kind!r}: use one of {', '.join(KINDS)}.")
    year = FinancialYear.parse(year) if year is not None else None
    pool = _councils(year).exclude(pk=council.pk)
    if kind == SAME_TYPE:
        found = list(pool.filter(council_type=council.council_type))
    elif kind == SAME_REGION:
        found = [c for c in pool.filter(region=council.region_id) if tier(c) == tier(council)] if council.region_id else []
    elif kind == CHOSEN:
        groups = [group] if group is not None else list(PeerGroup.objects.filter(members=council))
        ids = {m.pk for g in groups for m in g.members.all()} - {council.pk}
        found = list(pool.filter(pk__in=ids))
    else:
        found = nearest_for(council, year)
    return sorted(found, key=lambda c: c.name)


# --- nearest neighbours --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _areas() -> dict[str, float]:
    """Land area (km²) by GSS code, from the registry's bundled mySociety file (its `area` column)."""
    with open(REGISTRY_DATA / "uk_local_authorities_current.csv", encoding="utf-8", errors="replace", newline="") as handle:
        return {row["gss-code"]: float(row["area"]) for row in csv.DictReader(handle)
                if row.get("gss-code") and row.get("area") and float(row["area"]) > 0}


def neighbour_features(year: str | None = None) -> dict[int, tuple[float, ...]]:
    """{council id: (log population, log density, share of each service)} for every council with all of them."""
    rs_years = finance.years("RS")
    if not rs_years:
        return {}
    year = str(FinancialYear.parse(year)) if year else rs_years[-1]
    if year not in rs_years:
        year = rs_years[-1]
    found = finance.many_line_values(["RS-699", *SPEND_MIX_LINES], year)
    total = found["RS-699"]
    shares = {line: found[line] for line in SPEND_MIX_LINES}
    areas = _areas()
    features = {}
    for council in Organisation.objects.councils().exclude(population__isnull=True).exclude(gss_code__isnull=True):
        spent = total.get((council.pk, year))
        area = areas.get(council.gss_code)
        if not spent or spent <= 0 or not area or not council.population:
            continue
        mix = [float(shares[line].get((council.pk, year), Decimal(0)) / spent) for line in SPEND_MIX_LINES]
        features[council.pk] = (math.log(council.population), math.log(council.population / area), *mix)
    return features


def nearest_for(council: Organisation, year=None, k: int = NEAREST_K) -> list[Organisation]:
    features = neighbour_features(str(year) if year else None)
    if council.pk not in features:
        return []  # no population, area or spending on record: no neighbours rather than guessed ones
    same_tier = {c.pk: c for c in Organisation.objects.councils().filter(pk__in=features) if tier(c) == tier(council)}
    pool = {key: value for key, value in features.items() if key in same_tier}
    return [same_tier[n.key] for n in nearest_neighbours(council.pk, pool, k)]


# --- positions -----------------------------------------------------------------------------------------------------


def peer_position(council: Organisation, values_by_council: Mapping, kind: str, year=None,
                  group: PeerGroup | None = None, members: list[Organisation] | None = None) -> Position | None:
    """The council's value among its group's values ({council id or council: value}); None when the council has no
    value or fewer than MIN_PEERS peers have one. `members`: the group already found by `group_for` (a caller placing
    several indicators in one group asks for it once)."""
    values = {getattr(k, "pk", k): v for k, v in values_by_council.items() if v is not None}
    own = values.get(council.pk)
    if own is None:
        return None
    members = members if members is not None else group_for(council, kind, year, group)
    peers = [values[c.pk] for c in members if c.pk in values]
    if len(peers) < MIN_PEERS:
        return None
    return position(own, peers)


def chosen_group(partnership, name: str) -> PeerGroup:
    found = PeerGroup.objects.filter(partnership=partnership, name=name).first()
    if found is None:
        raise NotFound(f"{partnership} has no comparator group called {name!r}.")
    return found


def save_chosen_group(partnership, name: str, councils, user=None, description: str = "") -> PeerGroup:
    """Creates or replaces a partnership's named group (its members must be councils)."""
    councils = list(councils)
    if any(c.kind != "council" for c in councils):
        raise UserError("A comparator group holds councils only.")
    group, _ = PeerGroup.objects.update_or_create(partnership=partnership, name=name,
                                                  defaults={"description": description, "created_by": user})
    group.members.set(councils)
    return group
