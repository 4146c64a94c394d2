"""Indicator panels built from the platform's own series (``riep.core.series``): finance lines, performance
indicators, spend by category, whatever capability registered them, for chosen councils and years.

Reorganisations cut series in two, so each council's series is joined up through the registry:

* before a council existed (or wherever it has no figure), an *additive* measure (money, counts) is the sum of its
  predecessors' figures for that year, when every predecessor has one; a rate or share is not additive, so that
  year is left as a gap (the engine handles gaps, and says so);
* after a council was abolished it has no figures: those years are gaps.

Every such step is listed in the panel's warnings, so the page says where the numbers came from.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import numpy as np
import pandas as pd
from django.db.models import Q

from riep.core import series
from riep.core.errors import UserError
from riep.impact.engine.missing import donor_problems
from riep.impact.services.panels import parse_panel, save_panel
from riep.registry import scope
from riep.registry.models import Organisation, Region

UNIT_COLUMN, TIME_COLUMN = "gss_code", "year"


def _year(period: str, kind: str) -> int | None:
    """'2015-16' or '2015' -> 2015 (the financial year's start); months are not yearly periods."""
    if kind == series.FINANCIAL_YEAR:
        m = re.fullmatch(r"(\d{4})-\d{2}", period)
    elif kind == series.CALENDAR_YEAR:
        m = re.fullmatch(r"(\d{4})", period)
    else:
        return None
    return int(m.group(1)) if m else None


def column_name(source_key: str, measure_key: str) -> str:
    """A column name the predictor text form can use (no ':' or '@')."""
    return re.sub(r"\W+", "_", f"{source_key}_{measure_key}").strip("_")


def series_frame(councils: list[Organisation], measures: list[tuple[str, str]], first: int, last: int
                 ) -> tuple[pd.DataFrame, list[str]]:
    """The long panel (gss_code, year, one column per measure) and the notes on how predecessors were used."""
    if not councils:
        raise UserError("Choose at least one council.")
    if not measures:
        raise UserError("Choose at least one measure.")
    if first > last:
        raise UserError(f"The first year {first} is after the last year {last}.")
    missing_code = [str(c) for c in councils if not c.gss_code]
    if missing_code:
        raise UserError(f"These councils have no GSS code to name them in a panel: {', '.join(missing_code)}.")
    years = list(range(first, last + 1))
    predecessors = {c.pk: list(c.predecessors.all()) for c in councils}
    wanted = {c.pk for c in councils} | {p.pk for ps in predecessors.values() for p in ps}
    data: dict[str, dict[tuple[int, int], float]] = {}
    notes: list[str] = []
    kinds = set()
    for source_key, measure_key in measures:
        m = series.measure(source_key, measure_key)
        if m.period_kind == series.MONTH:
            raise UserError(f"'{m.label}' is monthly; an impact panel needs yearly figures.")
        kinds.add(m.period_kind)
        by_council: dict[int, dict[int, Decimal]] = {}
        for point in series.values(source_key, measure_key, wanted):
            year = _year(point.period, m.period_kind)
            if year is not None:
                by_council.setdefault(point.council_id, {})[year] = point.value
        column = column_name(source_key, measure_key)
        cells: dict[tuple[int, int], float] = {}
        for c in councils:
            own = by_council.get(c.pk, {})
            summed, gaps = [], []
            for year in years:
                if year in own:
                    cells[(c.pk, year)] = float(own[year])
                    continue
                preds = predecessors[c.pk]
                if not preds:
                    continue
                values = [by_council.get(p.pk, {}).get(year) for p in preds]
                if m.additive and all(v is not None for v in values):
                    cells[(c.pk, year)] = float(sum(values))
                    summed.append(year)
                elif any(v is not None for v in values):
                    gaps.append(year)
            names = ", ".join(str(p) for p in predecessors[c.pk])
            if summed:
                notes.append(f"{c}: '{m.label}' for {_span(summed)} is the sum of its predecessors ({names}).")
            if gaps:
                why = ("is a rate or share, so predecessors' figures cannot be added" if not m.additive
                       else "is missing for some predecessors")
                notes.append(f"{c}: '{m.label}' for {_span(gaps)} left as a gap: it {why} ({names}).")
        data[column] = cells
    if len(kinds) > 1:
        raise UserError("The measures mix financial and calendar years; choose measures of one kind.")
    rows = []
    for c in councils:
        for year in years:
            row = {UNIT_COLUMN: c.gss_code, TIME_COLUMN: year}
            row.update({col: cells.get((c.pk, year)) for col, cells in data.items()})
            rows.append(row)
    frame = pd.DataFrame(rows)
    empty = [col for col in data if frame[col].isna().all()]
    if empty:
        raise UserError(f"No figures at all for {', '.join(empty)} in {first} to {last} for these councils.")
    return frame, notes


def _span(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]} to {years[-1]}"


def save_series_panel(user, *, name: str, councils: list[Organisation], measures: list[tuple[str, str]], first: int,
                      last: int, note: str = ""):
    """Builds the panel and saves it as an indicator panel (validated as an upload is), with its provenance."""
    frame, notes = series_frame(councils, measures, first, last)
    # Years at either end with no figure for any council would only drop every council: leave them out, and say so.
    columns = [column_name(s, k) for s, k in measures]
    filled = sorted(frame.loc[frame[columns].notna().any(axis=1), TIME_COLUMN].unique())
    if filled and (filled[0] > first or filled[-1] < last):
        label = (lambda y: f"{y}-{(y + 1) % 100:02d}") if series.measure(*measures[0]).period_kind == \
            series.FINANCIAL_YEAR else str
        empty = [y for y in range(first, last + 1) if y < filled[0] or y > filled[-1]]
        notes.insert(0, f"No figures for any of these councils in {', '.join(label(y) for y in empty)}: those years "
                        "are left out of the panel.")
        frame = frame[frame[TIME_COLUMN].between(filled[0], filled[-1])]
    content = io.BytesIO()
    frame.to_csv(content, index=False)
    parsed = parse_panel(content.getvalue(), "series.csv", UNIT_COLUMN, TIME_COLUMN)
    described = [series.measure(s, k) for s, k in measures]
    panel = save_panel(
        parsed, name=name, file_name="series.csv", unit_column=UNIT_COLUMN, time_column=TIME_COLUMN,
        source="; ".join(dict.fromkeys(m.source_note or m.label for m in described)),
        licence="As published by each source (see the source note)", vintage="Platform series",
        description="Built from the platform's own series: " + "; ".join(
            f"{column_name(s, k)} = {m.label} ({m.unit})" for (s, k), m in zip(measures, described)),
        illustrative=False, user=user, period_kind=described[0].period_kind)
    notes = ([note] if note else []) + notes
    if notes:
        panel.warnings = list(panel.warnings or []) + notes
        panel.save(update_fields=["warnings"])
    return panel


# The page that builds a panel from a series: default comparison councils and the gaps report ------------------

DONOR_RULES = {
    "partnership_region": "Councils of the same type in the region of the treated council's partnership",
    "partnership": "Councils of the same type in the treated council's partnership",
    "england": "Councils of the same type anywhere in England",
    "chosen": "Councils I choose",
}


def start_date(start: int, kind: str):
    """The first day of the start period: 1 April for a financial year, 1 January for a calendar year."""
    return dt.date(start, 4, 1) if kind == series.FINANCIAL_YEAR else dt.date(start, 1, 1)


def existing_on(day):
    """Councils with a GSS code that existed on this day (before it, their predecessors' figures are summed)."""
    return (Organisation.objects.councils().exclude(gss_code__isnull=True).exclude(gss_code="")
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day)))


def default_donors(treated: list[Organisation], rule: str, day) -> tuple[list[Organisation], str]:
    """The comparison councils a rule gives for these treated councils on the start day, and a sentence saying how."""
    types = {c.council_type for c in treated}
    pool = existing_on(day).filter(council_type__in=types).exclude(pk__in=[c.pk for c in treated])
    type_words = ", ".join(sorted(str(c.get_council_type_display()).lower() for c in {c.council_type: c for c in treated}.values()))
    if rule == "england":
        return list(pool.order_by("name")), f"every {type_words} council in the registry that existed at the start"
    partnerships = [p for c in treated for p in scope.partnerships_of_council(c)]
    if rule == "partnership":
        if not partnerships:
            raise UserError("The treated council is not a member of any partnership; choose another rule for the "
                            "comparison councils.")
        pool = pool.filter(pk__in=scope.councils_of_partnerships(partnerships).values("pk"))
        names = ", ".join(dict.fromkeys(str(p) for p in partnerships))
        return list(pool.order_by("name")), f"the other {type_words} councils of {names} that existed at the start"
    regions = {p.region_id for p in partnerships if p.region_id} or {c.region_id for c in treated if c.region_id}
    if not regions:
        raise UserError("The treated council has no region in the registry; choose another rule for the comparison "
                        "councils.")
    pool = pool.filter(region_id__in=regions)
    where = ", ".join(str(r) for r in Region.objects.filter(pk__in=regions))
    whose = "the partnership's region" if any(p.region_id for p in partnerships) else "the treated council's region"
    return list(pool.order_by("name")), f"the other {type_words} councils in {where} ({whose}) that existed at the start"


def gaps_report(frame: pd.DataFrame, column: str, treated: list[str], start: int, label) -> list[dict]:
    """One row per council of a built panel: years with a figure, the years missing before and after the start, and
    for a comparison council whether the engine will use it or drop it and why (riep.impact.engine.missing)."""
    wide = frame.pivot(index=UNIT_COLUMN, columns=TIME_COLUMN, values=column)
    times = tuple(int(t) for t in wide.columns)
    pre = np.array([t < start for t in times])
    donors = [u for u in wide.index if u not in treated]
    Y = np.vstack([np.full(len(times), 0.0)] + [wide.loc[u].to_numpy(dtype=float) for u in donors]) if donors else None
    reasons = donor_problems(["treated", *donors], Y, np.empty((0, len(donors) + 1)), [], pre, times) if donors else []
    why = dict(zip(donors, reasons[1:]))
    rows = []
    for unit in [*treated, *donors]:
        values = wide.loc[unit].to_numpy(dtype=float) if unit in wide.index else np.full(len(times), np.nan)
        gaps = [t for t, v in zip(times, values) if np.isnan(v)]
        role = "Treated" if unit in treated else ("Dropped: " + why[unit] if why.get(unit) else "Comparison")
        rows.append({"unit": unit, "role": role, "present": int((~np.isnan(values)).sum()), "of": len(times),
                     "missing_pre": ", ".join(label(t) for t in gaps if t < start) or "none",
                     "missing_post": ", ".join(label(t) for t in gaps if t >= start) or "none",
                     "dropped": bool(why.get(unit))})
    return rows
