"""Pages: the partnership overview, the flags list, a council's resilience page, rules, notes and support cases."""
from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe

from riep.core.audit import version_table
from riep.core.errors import UserError
from riep.core.fy import FinancialYear
from riep.core.history import NOBODY, when_text
from riep.core.history import number_text as plain_number
from riep.core.permissions import name_shown_to, requires
from riep.core.tables import DATE, FINANCIAL_YEAR, LINK, NUMBER, PERCENTAGE, Column, Table, download_response
from riep.peers import services as peers
from riep.registry import scope
from riep.registry.models import Organisation, Partnership
from riep.resilience import charts, permissions
from riep.resilience.calc.indicators import BY_KEY, INDICATORS
from riep.resilience.forms import NoteForm, RuleForm
from riep.resilience.models import CouncilNote, NoteKind
from riep.resilience.services import indicators as service
from riep.resilience.services import warnings

SECTION = {"section": "resilience"}
HEADLINE = ["reserves_level", "reserves_change", "reserves_sustainability", "unallocated_reserves", "social_care_ratio"]


def _partnership(code) -> Partnership:
    return get_object_or_404(Partnership, code__iexact=code)


def _council(gss) -> Organisation:
    return get_object_or_404(Organisation.objects.councils(), gss_code=gss)


def _year(request) -> str:
    years = service.years()
    if not years:
        raise Http404("No revenue outturn return has been imported yet.")
    asked = request.GET.get("year", "")
    try:
        year = str(FinancialYear.parse(asked)) if asked else years[-1]
    except ValueError:
        year = years[-1]
    return year if year in years else years[-1]


def number_text(indicator_key: str, value) -> str:
    return f"{value:.1f} years" if BY_KEY[indicator_key].unit == "years" else f"{value * 100:.1f}%"


def value_text(value) -> str:
    if value.status == "not depleting":
        return "Not depleting"
    if value.value is None:
        return "Unavailable"
    return number_text(value.key, value.value)


def _cell(value):
    """A table cell: the number (ratio or years), or None so the page shows a dash; the status column explains."""
    return value.value


@requires("view_resilience")
def index(request):
    partnerships = scope.partnerships_person_may_see_figures_of(request.user)
    councils = scope.councils_person_may_see(request.user) if request.user.role == "council_officer" else []
    return render(request, "resilience/index.html", {**SECTION, "partnerships": partnerships, "councils": councils,
                                                     "years": service.years()})


@requires("view_resilience")
def partnership(request, code):
    found = _partnership(code)
    if not scope.may_see_figures_of(request.user, found):
        raise PermissionDenied("You may not see this partnership's figures.")
    year = _year(request)
    rows = warnings.partnership_flags(found, year)
    indicators = service.all_indicators(year, [r.council.pk for r in rows])
    table = Table("councils", f"Member councils' indicators, {year} (in name order, not ranked)", [
        Column("council", "Council", LINK), *[Column(k, BY_KEY[k].name, NUMBER if BY_KEY[k].unit == "years" else PERCENTAGE,
                                                     decimals=1) for k in HEADLINE],
        Column("flags", "Flags", NUMBER)], [
        {"council": r.council.name, "url": f"/resilience/councils/{r.council.gss_code}/?year={year}",
         **{k: _cell(indicators[r.council.pk][k]) for k in HEADLINE}, "flags": len(r.flags)} for r in rows],
        note="Percentages are of net revenue expenditure; sustainability in years (blank: not depleting or unavailable).")
    download = download_response(request, [table], f"resilience-{found.code}-{year}")
    if download:
        return download
    return render(request, "resilience/partnership.html", {**SECTION, "partnership": found, "year": year,
                                                           "years": service.years(), "table": table,
                                                           "flagged": sum(1 for r in rows if r.flags),
                                                           "can_manage_rules": permissions.may_manage_rules(request.user, found),
                                                           "can_see_cases": permissions.may_see_case_aggregate(request.user, found)})


@requires("view_resilience")
def flags(request, code):
    found = _partnership(code)
    if not scope.may_see_figures_of(request.user, found):
        raise PermissionDenied("You may not see this partnership's figures.")
    year = _year(request)
    rules = {r.key: r for r in warnings.rules_for(found)}
    rows = [r for r in warnings.partnership_flags(found, year) if r.flags or (r.changes and r.changes.cleared)]
    notes = {}
    for note in CouncilNote.objects.filter(council__in=[r.council for r in rows], year=FinancialYear.parse(year),
                                           withdrawn=False):
        notes.setdefault(note.council_id, []).append(note)
    table = Table("flags", f"Councils with flags, {year}", [
        Column("council", "Council", LINK), Column("flag", "Flag"), Column("value", "Value"),
        Column("change", "Since last year"), Column("note", "Council's note")], [
        {"council": r.council.name, "url": f"/resilience/councils/{r.council.gss_code}/?year={year}",
         "flag": rules[f.rule].name, "value": number_text(rules[f.rule].indicator, f.value),
         "change": ("new" if r.changes and f.rule in r.changes.new else "continuing" if r.changes else "no earlier year"),
         "note": " / ".join(n.text[:120] for n in notes.get(r.council.pk, []))}
        for r in rows for f in r.flags] + [
        {"council": r.council.name, "url": f"/resilience/councils/{r.council.gss_code}/?year={year}",
         "flag": rules[key].name if key in rules else key, "value": "", "change": "cleared", "note": ""}
        for r in rows if r.changes for key in r.changes.cleared])
    download = download_response(request, [table], f"resilience-flags-{found.code}-{year}")
    if download:
        return download
    return render(request, "resilience/flags.html", {**SECTION, "partnership": found, "year": year, "table": table,
                                                     "years": service.years(), "rules": rules.values()})


@requires("view_resilience")
def council(request, gss):
    found = _council(gss)
    kind = request.GET.get("group", peers.SAME_TYPE)
    if kind not in peers.KINDS:
        kind = peers.SAME_TYPE
    year = _year(request)
    over_years = service.indicators_over_years(found)
    lines = service.lines_by_council()  # once for every year shown: the peers' values come from the same read
    positions = {y: {row.indicator.key: row for row in service.council_indicators(found, y, kind, lines)}
                 for y in over_years}
    sections, tables = [], []
    for indicator in INDICATORS:
        points, rows = [], []
        for y, values in over_years.items():
            row = positions[y][indicator.key]
            where = row.position
            points.append({"year": y, "value": values[indicator.key].value, "median": where.median if where else None,
                           "low": where.low if where else None, "high": where.high if where else None})
            rows.append({"year": y, "value": values[indicator.key].value, "status": value_text(values[indicator.key]),
                         "median": where.median if where else None, "low": where.low if where else None,
                         "high": where.high if where else None,
                         "mads": where.distance_in_mads if where else None, "quartile": where.quartile if where else None,
                         "n": where.n if where else row.group_size, "reason": values[indicator.key].reason})
        kind_of_number = NUMBER if indicator.unit == "years" else PERCENTAGE
        table = Table(indicator.key, f"{indicator.name}: {found} and its peers ({peers.KINDS[kind].lower()})", [
            Column("year", "Year", FINANCIAL_YEAR), Column("value", "Council", kind_of_number, decimals=1),
            Column("status", "As shown"), Column("median", "Peer median", kind_of_number, decimals=1),
            Column("low", "Peer lower quartile", kind_of_number, decimals=1),
            Column("high", "Peer upper quartile", kind_of_number, decimals=1),
            Column("mads", "Distance (MADs)", NUMBER, decimals=1), Column("quartile", "Quartile", NUMBER),
            Column("n", "Peers with a value", NUMBER), Column("reason", "Why unavailable")], rows)
        tables.append(table)
        svg = charts.indicator_svg(f"{indicator.name}, {found}, with its peers' band", indicator.unit, points) \
            if indicator.available else ""
        sections.append({"indicator": indicator, "table": table, "svg": mark_safe(svg)})  # noqa: S308 -- built from numbers and escaped text
    download = download_response(request, tables, f"resilience-{found.gss_code}")
    if download:
        return download
    notes = [{"note": n, "author": name_shown_to(request.user, n.author, "The platform")} for n in service.corrections_for(found)]
    return render(request, "resilience/council.html", {
        **SECTION, "council": found, "sections": sections, "kind": kind, "kinds": peers.KINDS, "year": year,
        "notes": notes, "can_add_note": permissions.may_add_note(request.user, found)})


@requires("add_resilience_notes")
def note_add(request, gss):
    found = _council(gss)
    permissions.require(permissions.may_add_note(request.user, found),
                        f"You may not add notes for {found}: only its officers and its partnerships' staff can.")
    form = NoteForm(request.POST or None, initial={"year": service.years()[-1] if service.years() else ""})
    if request.method == "POST" and form.is_valid():
        try:
            note = add_note(found, request.user, **form.cleaned_data)
        except UserError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{note.get_kind_display()} saved.")
            return redirect("resilience:council", gss=found.gss_code)
    return render(request, "resilience/form.html", {**SECTION, "form": form, "title": f"Add a note or correction for {found}",
                                                    "submit": "Save", "back": f"/resilience/councils/{found.gss_code}/"})


def add_note(council, user, *, year, kind, text, line_key="", corrected_value=None, source=""):
    from riep.finance.services import lines_for  # noqa: PLC0415 -- only corrections need the published figure

    try:
        fy = FinancialYear.parse(year)
    except ValueError as error:
        raise UserError(f"Year: {error}") from None
    published = None
    if kind == NoteKind.CORRECTION:
        if not line_key or corrected_value is None or not source:
            raise UserError("A correction names the line, the corrected value and where the corrected figure comes from.")
        published_lines = lines_for(council, fy)
        if line_key not in published_lines:
            raise UserError(f"The {fy} return has no line {line_key} for {council}.")
        published = published_lines[line_key]
    note = CouncilNote(council=council, year=fy, kind=kind, text=text, line_key=line_key if kind == NoteKind.CORRECTION else "",
                       published_value=published, corrected_value=corrected_value if kind == NoteKind.CORRECTION else None,
                       source=source, author=user)
    note._history_user = user
    note.save()
    return note


@requires("view_resilience")
def rules(request, code):
    found = _partnership(code)
    if not scope.may_see_figures_of(request.user, found):
        raise PermissionDenied("You may not see this partnership's rules.")
    stored = warnings.stored_rules(found) if permissions.may_manage_rules(request.user, found) else None
    current = stored or list(found.warning_rules.all())
    changes = [h for r in current for h in r.history.all()]
    history = version_table("history", "Changes to the rules", [
        Column("when", "When", DATE), Column("rule", "Rule"), Column("threshold", "Threshold", NUMBER, decimals=4),
        Column("active", "Active"), Column("who", "Who"), Column("reason", "Reason")], [
        {"when": h.history_date.date(), "rule": h.name, "threshold": h.threshold, "active": "yes" if h.active else "no",
         "who": name_shown_to(request.user, h.history_user, "The platform"), "reason": h.history_change_reason or ""}
        for h in changes],
        [f"{name_shown_to(request.user, h.history_user, NOBODY)} set “{h.name}” to a threshold of "
         f"{plain_number(h.threshold)}, {'active' if h.active else 'not active'}, on {when_text(h.history_date)}"
         + (f": “{h.history_change_reason}”." if h.history_change_reason else ".")
         for h in sorted(changes, key=lambda h: h.history_date, reverse=True)])
    listing = Table("rules", "Early-warning rules", [
        Column("name", "Rule", LINK), Column("indicator", "Indicator"), Column("comparison", "Flags when"),
        Column("threshold", "Threshold", NUMBER, decimals=4), Column("active", "Active")], [
        {"name": r.name, "url": f"/resilience/partnerships/{found.code}/rules/{r.key}/" if stored else "",
         "indicator": BY_KEY[r.indicator].name, "comparison": r.comparison, "threshold": r.threshold,
         "active": "yes" if getattr(r, "active", True) else "no"}
        for r in (current or warnings.default_rules())])
    download = download_response(request, [listing, history], f"resilience-rules-{found.code}")
    if download:
        return download
    return render(request, "resilience/rules.html", {**SECTION, "partnership": found, "listing": listing, "history": history})


@requires("manage_warning_rules")
def rule_edit(request, code, key):
    found = _partnership(code)
    permissions.require(permissions.may_manage_rules(request.user, found),
                        "Only an administrator of this partnership may change its rules.")
    row = warnings.rule_row(found, key)
    form = RuleForm(request.POST or None, initial={"name": row.name, "indicator": row.indicator, "comparison": row.comparison,
                                                   "threshold": row.threshold, "active": row.active})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            warnings.save_rule(found, key, name=data["name"], indicator=data["indicator"], comparison=data["comparison"],
                               threshold=Decimal(data["threshold"]), active=data["active"], reason=data["reason"],
                               user=request.user)
        except UserError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Rule ‘{data['name']}’ saved.")
            return redirect("resilience:rules", code=found.code)
    return render(request, "resilience/form.html", {**SECTION, "form": form, "title": f"Change the rule ‘{row.name}’",
                                                    "submit": "Save the rule",
                                                    "back": f"/resilience/partnerships/{found.code}/rules/"})


@requires("view_resilience")
def paper_download(request, pk, paper):
    from riep.resilience.models import BoardPaper, SupportCase  # noqa: PLC0415 -- as in cases_views

    case = get_object_or_404(SupportCase, pk=pk)
    permissions.require(permissions.may_see_case(request.user, case), "You may not see this case's papers.")
    doc = get_object_or_404(BoardPaper, case=case, pk=paper)
    try:
        handle = doc.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file of this board paper is missing.") from None
    response = FileResponse(handle, as_attachment=True, filename=doc.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
