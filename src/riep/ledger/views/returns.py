"""NI 179 return pages: a council's return for a year, its exports, and the sign-off actions."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from riep.core.audit import audit_table
from riep.core.fy import FinancialYear
from riep.core.permissions import has_permission, requires
from riep.core.tables import download_response
from riep.ledger import services
from riep.ledger.calc import export
from riep.ledger.calc.ni179 import Basis, ni179
from riep.ledger.exports import ni179_return_download
from riep.ledger.forms import ReasonForm
from riep.ledger.models import Csr07Baseline, Ni179Return, ReturnStatus
from riep.ledger.permissions import (
    may_record_gains_for,
    may_validate_return_for,
    require_read_council_gains,
    require_record_gains_for,
)
from riep.registry.models import Organisation


def _year(text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except ValueError:
        raise Http404("Not a financial year") from None


def _council(gss: str) -> Organisation:
    """A council by its GSS code, or by its ONS SNAC code if it was abolished before GSS codes were issued (as
    `services.council_code` names it in links: Bedfordshire County Council's 2008-09 return is /ni179/09/…)."""
    councils = Organisation.objects.councils()
    found = councils.filter(gss_code=gss).first() or councils.filter(
        Q(gss_code__isnull=True) | Q(gss_code=""), snac_code=gss).first()
    if found is None:
        raise Http404("No council with that code")
    return found


@requires("signed_in")
def ni179_return(request, gss, year):
    council, year = _council(gss), _year(year)
    require_read_council_gains(request.user, council)
    gains = [services.to_calc_gain(g) for g in services.gains_for_council(council)]
    code = services.council_code(council)
    result = ni179(gains, year, Basis.OUTTURN, councils=[code])
    forecast = ni179(gains, year, Basis.FORECAST, councils=[code])
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        baseline = Csr07Baseline.objects.filter(council=council).first()
        summary = export.council_return_rows(gains, year, [year + 1], {code: baseline.baseline} if baseline else None, [code])
        itemised = export.gain_rows(result)
        return ni179_return_download(summary, itemised, fmt, f"ni179-{code}-{year.label}", bool(request.GET.get("items")))
    names = {code: str(council)}
    lines = services.ni179_lines_table(result, names=names)
    forecast_table = services.ni179_lines_table(forecast, "ni179-forecast", f"NI 179 {year}, forecast basis (planned and forecast gains too)", names)
    ret = services.get_return(council, year)
    history = audit_table([Ni179Return.history.filter(id=ret.pk)] if ret.pk else [], caption="Every change to this return, field by field", viewer=request.user)
    workflow = services.workflow_table(ret, request.user)
    tables = [lines, forecast_table, workflow, history]
    download = download_response(request, tables, f"ni179-{code}-{year.label}")
    if download:
        return download
    return render(request, "ledger/ni179_return.html", {
        "council": council, "code": code, "year": year, "result": result, "forecast": forecast, "lines": lines,
        "forecast_table": forecast_table, "history": history, "ret": ret, "reason_form": ReasonForm(),
        "can_submit": may_record_gains_for(request.user, council) and not ret.locked and ret.status != ReturnStatus.SUBMITTED,
        "can_validate": may_validate_return_for(request.user, council) and ret.status == ReturnStatus.SUBMITTED,
        "can_reopen": may_validate_return_for(request.user, council) and ret.locked,
        "headline": services.headline(ret, result), "workflow": workflow,
        "prev_year": year - 1, "next_year": year + 1,
    })


@requires("record_gains")
@require_POST
def ni179_action(request, gss, year, action):
    council, year = _council(gss), _year(year)
    actions = {
        "submit": lambda: services.submit_return(request.user, council, year, request.POST.get("declaration") == "yes"),
        "validate": lambda: services.validate_return(request.user, council, year),
        "send-back": lambda: services.send_back_return(request.user, council, year, request.POST.get("reason", "")),
        "reopen": lambda: services.reopen_return(request.user, council, year, request.POST.get("reason", "")),
    }
    if action not in actions:
        raise Http404("No such action")
    if action == "submit" and request.POST.get("declaration") != "yes":
        # Submitting is done on the check-your-answers page, with the declaration: send the person there.
        require_record_gains_for(request.user, council)
        return redirect("ledger:ni179-check", gss=services.council_code(council), year=year.label)
    if action in ("validate", "send-back", "reopen") and not has_permission(request.user, "validate_gains"):
        raise PermissionDenied("Only programme managers validate, send back or reopen returns.")
    try:
        ret = actions[action]()
    except ValidationError as error:
        return render(request, "ledger/action_refused.html", {"council": council, "code": services.council_code(council), "year": year, "errors": error.messages}, status=409)
    done = {"submit": "submitted for validation", "validate": "validated and locked", "send-back": "sent back to the council",
            "reopen": f"reopened as version {ret.version}"}[action]
    messages.success(request, f"{council}'s NI 179 return for {year} {done}.")
    return redirect("ledger:ni179", gss=services.council_code(council), year=year.label)
