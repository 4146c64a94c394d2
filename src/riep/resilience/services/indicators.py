"""Indicators of every council and year from the RS returns (through `riep.finance.services`), councils'
corrections applied with their provenance, and each indicator's position among peers (`riep.peers.services`)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from riep.finance import services as finance
from riep.peers import services as peers
from riep.peers.calc import Position
from riep.registry.models import Organisation, OrganisationKind
from riep.resilience.calc.indicators import INDICATORS, IndicatorValue, compute
from riep.resilience.models import CouncilNote, NoteKind

LINES = sorted({line for indicator in INDICATORS for line in indicator.lines} |
               {"RS-915-1apr", "RS-916-1apr", "RS-915-31mar", "RS-916-31mar"})
ASSESSED_TYPES = ("CTY", "NMD", "UA", "MD", "LBO", "CC")  # councils; combined and strategic authorities are not compared


@dataclass(frozen=True)
class Correction:
    line_key: str
    year: str
    published: Decimal | None
    corrected: Decimal
    note_id: int


def years() -> list[str]:
    return finance.years("RS")


def _corrections(council_ids) -> dict[int, dict[str, list[Correction]]]:
    notes = CouncilNote.objects.filter(kind=NoteKind.CORRECTION, withdrawn=False, corrected_value__isnull=False)
    if council_ids is not None:
        notes = notes.filter(council_id__in=council_ids)
    found: dict[int, dict[str, list[Correction]]] = defaultdict(lambda: defaultdict(list))
    for note in notes.order_by("created_at"):  # the latest correction of a line wins
        found[note.council_id][str(note.year)].append(
            Correction(note.line_key, str(note.year), note.published_value, note.corrected_value, note.pk))
    return found


def lines_by_council(council_ids=None, corrected: bool = True) -> dict[int, dict[str, dict[str, Decimal]]]:
    """{council id: {year: {line: value}}} of the lines the indicators use; councils' corrections applied."""
    found: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for line, values in finance.many_line_values(LINES, councils=council_ids).items():
        for (council_id, year), value in values.items():
            found[council_id][year][line] = value
    if corrected:
        for council_id, by_year in _corrections(council_ids).items():
            for year, corrections in by_year.items():
                for correction in corrections:
                    found[council_id][year][correction.line_key] = correction.corrected
    return found


def assessed_councils():
    return Organisation.objects.filter(kind=OrganisationKind.COUNCIL, council_type__in=ASSESSED_TYPES)


def all_indicators(year: str, council_ids=None, lines=None) -> dict[int, dict[str, IndicatorValue]]:
    """Every indicator of every assessed council that reported in the year (or of the councils asked); `lines` from
    `lines_by_council` when the caller already has them (several years at once)."""
    councils = {c.pk: c for c in assessed_councils().filter(**({"pk__in": council_ids} if council_ids else {}))}
    lines = lines if lines is not None else lines_by_council(None if council_ids is None else list(councils))
    return {pk: compute(year, lines[pk], peers.tier(councils[pk]) == "upper")
            for pk in councils if year in lines.get(pk, {})}


def indicators_over_years(council) -> dict[str, dict[str, IndicatorValue]]:
    lines = lines_by_council([council.pk])[council.pk]
    upper = peers.tier(council) == "upper"
    return {year: compute(year, lines, upper) for year in years()}


@dataclass(frozen=True)
class IndicatorRow:
    indicator: object  # calc.indicators.Indicator
    value: IndicatorValue
    position: Position | None
    group_size: int


def council_indicators(council, year: str, kind: str = peers.SAME_TYPE, lines=None) -> list[IndicatorRow]:
    """Each indicator of the council for the year, with its position among the group's councils (`lines` from
    `lines_by_council` when the caller shows several years)."""
    everyone = all_indicators(year, lines=lines)
    own = everyone.get(council.pk) or compute(year, {}, False)
    group = peers.group_for(council, kind, year)
    rows = []
    for indicator in INDICATORS:
        values = {pk: found[indicator.key].value for pk, found in everyone.items()
                  if found[indicator.key].value is not None}
        found = own[indicator.key]
        where = peers.peer_position(council, values, kind, year, members=group) if found.value is not None else None
        rows.append(IndicatorRow(indicator, found, where, sum(1 for c in group if c.pk in values)))
    return rows


def corrections_for(council) -> list[CouncilNote]:
    return list(CouncilNote.objects.filter(council=council).select_related("author"))
