"""One council's indicators for one year as plain rows (for the API, the CLI and their downloads): each value, its
peer median and position, and the flags the rules raise on it (its first partnership's rules, or the defaults)."""
from __future__ import annotations

from decimal import Decimal

from riep.core.errors import NotFound, UserError
from riep.core.fy import FinancialYear
from riep.peers import services as peers
from riep.registry.models import Organisation
from riep.registry.scope import partnerships_of_council
from riep.resilience.calc.rules import fires
from riep.resilience.services.indicators import council_indicators, years
from riep.resilience.services.warnings import rules_for

FIELDS = ["indicator", "name", "year", "value", "status", "reason", "peer_group", "peers", "peer_median",
          "peer_lower_quartile", "peer_upper_quartile", "distance_in_mads", "quartile", "risk_when", "flags"]


def council_by_gss(gss: str) -> Organisation:
    found = Organisation.objects.councils().filter(gss_code=gss).first()
    if found is None:
        raise NotFound(f"There is no council with GSS code {gss}.")
    return found


def checked_year(year: str | None) -> str:
    on_record = years()
    if not on_record:
        raise NotFound("No revenue outturn return has been imported: run `riep finance import FILE` first.")
    if not year:
        return on_record[-1]
    try:
        found = str(FinancialYear.parse(year))
    except ValueError as error:
        raise UserError(f"Year: {error}") from None
    if found not in on_record:
        raise NotFound(f"No revenue outturn return for {found} is on record (years: {', '.join(on_record)}).")
    return found


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def indicator_rows(council: Organisation, year: str | None = None, kind: str = peers.SAME_TYPE) -> list[dict]:
    year = checked_year(year)
    if kind not in peers.KINDS:
        raise UserError(f"There is no comparator group {kind!r}: use one of {', '.join(peers.KINDS)}.")
    partnership = partnerships_of_council(council).order_by("code").first()
    rules = rules_for(partnership)
    rows = []
    for row in council_indicators(council, year, kind):
        where = row.position
        rows.append({
            "indicator": row.indicator.key, "name": row.indicator.name, "year": year, "value": _text(row.value.value),
            "status": row.value.status, "reason": row.value.reason, "peer_group": kind, "peers": row.group_size,
            "peer_median": _text(where.median) if where else None,
            "peer_lower_quartile": _text(where.low) if where else None,
            "peer_upper_quartile": _text(where.high) if where else None,
            "distance_in_mads": _text(where.distance_in_mads) if where else None,
            "quartile": where.quartile if where else None, "risk_when": row.indicator.risk_when,
            "flags": [rule.key for rule in rules if rule.indicator == row.indicator.key and fires(rule, row.value)],
        })
    return rows
