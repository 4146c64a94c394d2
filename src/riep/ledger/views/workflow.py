"""The return workflow: the returns of a partnership or a council (draft, submitted, sent back, validated, with who
and when), and the check-your-answers page on which a council submits its return with a declaration."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from riep.core.fy import FinancialYear, year_range
from riep.core.permissions import requires
from riep.core.tables import download_response
from riep.ledger import services
from riep.ledger.calc.ni179 import Basis, ni179
from riep.ledger.models import ReturnStatus
from riep.ledger.permissions import (
    may_record_gains_for,
    require_read_council_gains,
    require_read_reports_of,
    require_record_gains_for,
)
from riep.ledger.views.returns import _council, _year
from riep.registry.models import Partnership

RETURN_YEARS = year_range(FinancialYear(2008), FinancialYear(2010))  # the CSR07 years NI 179 was returned for


def _years_with_returns(councils) -> list[FinancialYear]:
    found = {r.year for r in services.get_returns_of(councils)}
    return sorted(set(RETURN_YEARS) | found)


def _counts(table) -> dict[str, int]:
    labels = ["Not started"] + [status.label for status in ReturnStatus]
    return {label: sum(1 for r in table.rows if r["status"] == label) for label in labels}


@requires("signed_in")
def partnership_returns(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    require_read_reports_of(request.user, partnership)
    councils = services.partnership_councils(partnership)
    table = services.returns_table(councils, _years_with_returns(councils), f"NI 179 returns: {partnership.name}", request.user)
    download = download_response(request, [table], f"returns-{partnership.code}")
    if download:
        return download
    counts = _counts(table)
    return render(request, "ledger/returns.html", {"title": f"NI 179 returns: {partnership.name}", "table": table,
                                                  "counts": counts, "partnership": partnership})


@requires("signed_in")
def council_returns(request, gss):
    council = _council(gss)
    require_read_council_gains(request.user, council)
    table = services.returns_table([council], _years_with_returns([council]), f"NI 179 returns: {council}", request.user)
    download = download_response(request, [table], f"returns-{gss}")
    if download:
        return download
    counts = _counts(table)
    return render(request, "ledger/returns.html", {"title": f"NI 179 returns: {council}", "table": table,
                                                  "counts": counts, "council": council})


@requires("record_gains")
def check_answers(request, gss, year):
    """GOV.UK check-your-answers: the return's figures, what is in and out, then the declaration and Submit."""
    council, year = _council(gss), _year(year)
    require_record_gains_for(request.user, council)
    ret = services.get_return(council, year)
    gains = [services.to_calc_gain(g) for g in services.gains_for_council(council)]
    code = services.council_code(council)
    result = ni179(gains, year, Basis.OUTTURN, councils=[code])
    forecast = ni179(gains, year + 1, Basis.FORECAST, councils=[code])
    error = None
    if request.method == "POST":
        try:
            services.submit_return(request.user, council, year, request.POST.get("declaration") == "yes")
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"{council}'s NI 179 return for {year} submitted for validation.")
            return redirect("ledger:ni179", gss=services.council_code(council), year=year.label)
    missing = services.gains_missing_evidence(services.gains_for_council(council))
    return render(request, "ledger/check_answers.html", {
        "council": council, "code": code, "year": year, "ret": ret, "result": result, "forecast": forecast,
        "counted": len(result.included()), "provisional": sum(1 for line in result.included() if line.provisional),
        "excluded": len(result.excluded()), "missing": missing, "declaration": services.DECLARATION,
        "error": error, "can_submit": may_record_gains_for(request.user, council) and not ret.locked
        and ret.status != ReturnStatus.SUBMITTED,
    }, status=400 if error else 200)
