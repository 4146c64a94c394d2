"""Importing indicator values (and, optionally, targets) from CSV or XLSX through `riep.core.importing`.

Two layouts are read:
* the platform's: indicator, area code, period, value, and optionally vintage, note, baseline, target, stretch,
  tolerance;
* LG Inform's long export: one row per area and period (columns such as "Area code", "Period", "Value", and
  "Metric" or "Metric ID" — or no metric column at all when the file holds one metric, which is then named with
  the `indicator` option).

The area code is a council's GSS code, or a partnership's own code (EE) for a figure or target of the partnership's
area as a whole (riep.performance.places); only the partnership's staff import those.

Refused, naming the row and column: an unknown indicator or area code, a period that does not parse for the
indicator's frequency, a value that is not a number, a percentage above 100 (or below 0), and a target that
contradicts the indicator's polarity (a target worse than its baseline: the row's, or when the row gives none, the
baseline already set). Nothing is imported if any row is refused; importing the same file again changes nothing.
A target row changes only what it gives: a baseline, stretch or tolerance column left out or empty keeps the stored
value, so re-importing targets never wipes a baseline someone entered on the page.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from riep.core.importing import ImportSummary, Row, every, import_file, scope_of
from riep.performance import permissions
from riep.performance.calc.periods import parse_period, period_start
from riep.performance.calc.rag import target_contradicts_polarity
from riep.performance.models import Indicator, IndicatorValue, Target
from riep.performance.places import Place, is_area, where
from riep.registry.models import Organisation, Partnership
from riep.registry.scope import council_label, councils_of_partnership

KIND = "performance.indicator_values"
ALIASES = {
    "indicator": ("indicator", "indicator code", "indicator key", "metric", "metric id", "metric_id", "metricid"),
    "area": ("area code", "area_code", "areacode", "gss code", "ons code", "council", "area"),
    "period": ("period", "time period", "period label", "year"),
    "value": ("value", "data value", "datavalue"),
    "vintage": ("vintage", "release", "data vintage"),
    "note": ("note", "notes", "comment"),
    "baseline": ("baseline",),
    "target": ("target",),
    "stretch": ("stretch",),
    "tolerance": ("tolerance", "amber tolerance"),
}
_KEY = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
TRUE, FALSE = {"yes", "y", "true", "1", "stretch"}, {"no", "n", "false", "0", ""}


def _column_key(header: str) -> str:
    text = " ".join(header.strip().lower().replace("_", " ").split())
    return _KEY.get(text, _KEY.get(text.replace(" ", "_"), text))


@dataclass
class PlannedRow:
    indicator: Indicator
    place: Place
    period: str
    value: Decimal | None
    vintage: str
    note: str
    target: dict | None


def _number(row: Row, key: str, problems) -> Decimal | None:
    text = row.text(key).replace(",", "").replace("%", "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        problems.cell(row, key, "is not a number")
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e13"):
        problems.cell(row, key, "is not a number a value can be")
        return None
    return number


def _in_range(row: Row, key: str, number: Decimal | None, indicator: Indicator, problems) -> None:
    if number is None:
        return
    if indicator.is_percentage and number > 100:
        problems.cell(row, key, f"is a percentage above 100 ({indicator.code} is measured in %)")
    elif number < 0 and not indicator.negative_allowed:
        problems.cell(row, key, f"is negative, which {indicator.code} cannot be")


def _check_polarity(row: Row, indicator: Indicator, baseline: Decimal, target: Decimal, problems, stored: bool) -> None:
    if indicator.polarity == "neither" or not target_contradicts_polarity(baseline, target, indicator.polarity):
        return
    better = "higher" if indicator.polarity == "higher" else "lower"
    whose = "the baseline already set" if stored else "the baseline"
    problems.cell(row, "target", f"is worse than {whose} ({baseline}): for {indicator.code} {better} is better, so "
                                 "the target contradicts the indicator's polarity")


def _check_against_stored_baselines(rows: list, problems) -> None:
    """A target imported without a baseline is measured against the one already set: this period's target's, or
    else the latest baseline of another period (a baseline usually serves every year of a target series)."""
    if not rows:
        return
    stored = Target.objects.filter(indicator__in={r[1].pk for r in rows}, baseline__isnull=False).only(
        "indicator_id", "council_id", "partnership_id", "period", "baseline")
    by_period, latest = {}, {}
    for t in sorted(stored, key=lambda t: period_start(t.period)):
        place = ("area", t.partnership_id) if t.partnership_id else ("council", t.council_id)
        by_period[(t.indicator_id, place, t.period)] = t.baseline
        latest[(t.indicator_id, place)] = t.baseline
    for row, indicator, place, period, target in rows:
        key = ("area" if is_area(place) else "council", place.pk)
        baseline = by_period.get((indicator.pk, key, period), latest.get((indicator.pk, key)))
        if baseline is not None:
            _check_polarity(row, indicator, baseline, target, problems, stored=True)


def make_check(user, default_indicator: str = ""):
    catalogue = list(Indicator.objects.select_related("partnership"))
    indicators = {i.key.lower(): i for i in catalogue} | {i.code.lower(): i for i in catalogue}
    councils = {c.gss_code: c for c in Organisation.objects.councils().exclude(gss_code=None)}
    areas = {p.code.upper(): p for p in Partnership.objects.all()}
    fallback = indicators.get(default_indicator.lower()) if default_indicator else None
    local_councils = {}  # a local indicator's partnership -> its councils' ids

    def outside_partnership(indicator, place) -> bool:
        if indicator.partnership_id is None:
            return False
        if is_area(place):
            return place.pk != indicator.partnership_id
        council = place
        if indicator.partnership_id not in local_councils:
            local_councils[indicator.partnership_id] = set(
                councils_of_partnership(indicator.partnership).values_list("pk", flat=True))
        return council.pk not in local_councils[indicator.partnership_id]

    def check(sheet, problems, progress) -> list[PlannedRow]:
        if "indicator" not in sheet.columns and fallback is None:
            problems.add(sheet.header_row, "indicator", "", "the file has no indicator column: name the indicator of "
                         "this single-metric file (the `indicator` option)" if not default_indicator else
                         f"‘{default_indicator}’ is not an indicator in the catalogue")
            return []
        plan, seen, no_baseline = [], {}, []
        for row in every(sheet.rows, progress, "Checking values"):
            indicator = indicators.get(row.text("indicator").lower()) if "indicator" in sheet.columns else fallback
            if indicator is None:
                problems.cell(row, "indicator", "is not an indicator in the catalogue")
            code = row.text("area").upper()
            place = councils.get(code) or areas.get(code)
            if place is None:
                problems.cell(row, "area", "is neither the GSS code of a council in the register nor a partnership's "
                                           "code (for the partnership's area as a whole)")
            elif user is not None and not permissions.may_import_for(user, place):
                problems.cell(row, "area", f"you may not import figures for {permissions.label(place)}" +
                              (": only the partnership's staff can" if is_area(place) else ""))
            if indicator is not None and place is not None and outside_partnership(indicator, place):
                problems.cell(row, "area", f"{permissions.label(place) if is_area(place) else council_label(place)} is "
                                           f"not {'the area' if is_area(place) else 'a council'} of "
                                           f"{indicator.partnership.name}, whose local indicator {indicator.code} is")
            period = None
            if indicator is not None:
                try:
                    period = parse_period(row.text("period"), indicator.frequency)
                except ValueError as error:
                    problems.cell(row, "period", str(error))
            value = _number(row, "value", problems)
            target = _number(row, "target", problems) if "target" in sheet.columns else None
            baseline = _number(row, "baseline", problems) if "baseline" in sheet.columns else None
            tolerance = _number(row, "tolerance", problems) if "tolerance" in sheet.columns else None
            if value is None and target is None and not row.text("value"):
                problems.cell(row, "value", "is empty: give a value (or a target)")
            stretch = row.text("stretch").lower()
            if stretch not in TRUE | FALSE:
                problems.cell(row, "stretch", "should be yes or no")
            for key, number in (("baseline", baseline), ("stretch", stretch), ("tolerance", tolerance)):
                if target is None and number not in (None, "") and not (key == "stretch" and number in FALSE):
                    problems.cell(row, key, "is given without a target: it belongs to a target, so give the target "
                                            "in the same row")
            if indicator is not None and target is not None and indicator.polarity == "neither":
                problems.cell(row, "target", f"{indicator.code} has no better direction (it is context), so it takes no target")
            if indicator is not None:
                for key, number in (("value", value), ("target", target), ("baseline", baseline)):
                    _in_range(row, key, number, indicator, problems)
                if target is not None and baseline is not None:
                    _check_polarity(row, indicator, baseline, target, problems, stored=False)
            if tolerance is not None and tolerance < 0:
                problems.cell(row, "tolerance", "cannot be negative")
            if indicator is None or place is None or period is None:
                continue
            natural = (indicator.pk, type(place).__name__, place.pk, period)
            if natural in seen:
                problems.cell(row, "period", f"repeats row {seen[natural]} (same indicator, area and period)")
                continue
            seen[natural] = row.number
            given = None
            if target is not None:  # only what the row gives: a column left out or empty keeps what is stored
                given = {"target": target, "baseline": baseline, "tolerance": tolerance,
                         "stretch": None if not stretch else stretch in TRUE}
                given = {k: v for k, v in given.items() if v is not None}
                if baseline is None and indicator.polarity != "neither":
                    no_baseline.append((row, indicator, place, period, target))
            plan.append(PlannedRow(indicator, place, period, value, row.text("vintage")[:100], row.text("note")[:300],
                                   given))
        _check_against_stored_baselines(no_baseline, problems)
        return plan

    return check


def make_write(user):
    """The writer; a target's history names the person who imported it (`user` None: the operator, unnamed)."""

    def write(plan: list[PlannedRow], summary: ImportSummary, problems, progress) -> None:
        for row in every(plan, progress, "Saving values"):
            if row.value is not None:
                _save(IndicatorValue, row, {"value": row.value, "vintage": row.vintage, "note": row.note}, summary,
                      unapprove=True)
            if row.target is not None:
                _save(Target, row, row.target, summary, unapprove=True, user=user)

    return write


def _save(model, row: PlannedRow, fields: dict, summary: ImportSummary, unapprove: bool = False, user=None) -> None:
    existing = model.objects.filter(indicator=row.indicator, period=row.period, **where(row.place)).first()
    if existing is None:
        found = model(indicator=row.indicator, period=row.period, **where(row.place), **fields)
        found._history_user = user  # django-simple-history's way to name who made a change outside a request
        found.save()
        summary.added += 1
        return
    if all(getattr(existing, k) == v for k, v in fields.items()):
        summary.unchanged += 1
        return
    for k, v in fields.items():
        setattr(existing, k, v)
    if unapprove:  # a changed value or target is approved again before it is shown beyond the partnership
        existing.approved_at, existing.approved_by = None, None
    existing._history_user = user
    existing.save()
    summary.changed += 1


def import_values(data: bytes, filename: str, *, user=None, indicator: str = "", progress=None) -> ImportSummary:
    """`user` None: the operator (the CLI), who may import for any council."""
    return import_file(data, filename, kind=KIND, scope=scope_of(user=user.pk if user else "operator", indicator=indicator),
                       check=make_check(user, indicator), write=make_write(user), required=("area", "period", "value"),
                       key=_column_key, progress=progress, things="figures")
