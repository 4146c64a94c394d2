"""A partnership's own indicators: the list, and the form that defines or changes one (with its history)."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from riep.core.errors import UserError
from riep.core.permissions import requires
from riep.core.tables import LINK, Column, Table, download_response
from riep.performance import permissions
from riep.performance.forms import LocalIndicatorForm
from riep.performance.models import Indicator
from riep.performance.services import local_indicators as service
from riep.registry.models import Partnership

SECTION = {"section": "performance"}


@requires("signed_in")
def local_indicators(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    table = Table("local-indicators", f"{partnership.name}: local indicators", [
        Column("code", "Indicator", LINK), Column("name", "Name"), Column("outcome", "Outcome"), Column("unit", "Unit"),
        Column("polarity", "Polarity"), Column("frequency", "Frequency"), Column("geography", "Published for"),
        Column("source", "Source")],
        [{"code": i.code, "url": i.get_absolute_url(), "name": i.name, "outcome": i.outcome.name if i.outcome else "",
          "unit": i.unit, "polarity": i.get_polarity_display(), "frequency": i.get_frequency_display(),
          "geography": i.geography, "source": i.source} for i in service.local_indicators(partnership)])
    if (response := download_response(request, [table], f"local-indicators-{partnership.code}")) is not None:
        return response
    return render(request, "performance/local_indicators.html", {
        **SECTION, "partnership": partnership, "table": table,
        "may_define": permissions.may_manage_partnership(request.user, partnership)})


@requires("approve_performance")
def local_indicator_edit(request, code, key=None):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    permissions.require_manage_partnership(request.user, partnership)
    indicator = get_object_or_404(Indicator, key=key, partnership=partnership) if key else None
    initial = {k: getattr(indicator, k) for k in service.FIELDS} if indicator else None
    form = LocalIndicatorForm(request.POST if request.method == "POST" else None, initial=initial, partnership=partnership, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            saved = service.save_local_indicator(request.user, partnership, form.cleaned_data, indicator)
        except UserError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Local indicator {saved.code} saved: import its values and set its targets "
                                      "as for any indicator.")
            return redirect(saved.get_absolute_url() + f"?partnership={partnership.code}")
    tables = []
    if indicator is not None:
        tables.append(Table("indicator-history", f"{indicator.code}: every change of its definition", [
            Column("when", "When"), Column("who", "Who"), Column("change", "Change"), Column("name", "Name"),
            Column("unit", "Unit"), Column("polarity", "Polarity"), Column("definition", "Definition")],
            [{**r, "when": r["when"].strftime("%d %b %Y %H:%M")} for r in service.history_rows(request.user, indicator)]))
        if (response := download_response(request, tables, f"indicator-history-{indicator.key}")) is not None:
            return response
    return render(request, "performance/form.html", {
        **SECTION, "partnership": partnership, "form": form, "tables": tables,
        "caption": f"{partnership.name}: local indicator",
        "title": f"Change {indicator.code}" if indicator else "Define a local indicator",
        "intro": "It is used like a catalogue indicator: values are imported for the partnership's councils, targets "
                 "set and rated, and it shows on scorecards and its outcome's page.",
        "submit": "Save the indicator", "back": f"/performance/partnerships/{partnership.code}/indicators/"})
