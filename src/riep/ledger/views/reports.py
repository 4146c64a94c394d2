"""Partnership reports: NI 179 against the CSR07 trajectory, and the value report (page, PDF, spreadsheet)."""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from riep.core.fy import parse_period
from riep.core.permissions import requires
from riep.core.tables import download_response, xlsx_response
from riep.ledger import report as value
from riep.ledger import services
from riep.ledger.permissions import require_read_reports_of
from riep.registry.models import Partnership


@requires("signed_in")
def trajectory(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    require_read_reports_of(request.user, partnership)
    table = services.trajectory_table(partnership)
    download = download_response(request, [table], f"trajectory-{partnership.code}")
    if download:
        return download
    councils = [c for c in services.partnership_councils(partnership) if services.gains_for_council(c).exists()]
    return render(request, "ledger/trajectory.html", {"partnership": partnership, "table": table, "councils": councils})


@requires("signed_in")
def value_report(request, code):
    partnership = get_object_or_404(Partnership, code__iexact=code)
    require_read_reports_of(request.user, partnership)
    period = request.GET.get("period", "2008-09:2010-11")
    try:
        first, last = parse_period(period)
    except ValueError as error:
        return render(request, "ledger/action_refused.html", {"errors": [str(error)], "title": "That period is not valid"}, status=400)
    report = value.build_value_report(partnership, first, last)
    name = value.report_file_name(report)
    download = download_response(request, report.downloadable_tables, name)
    if download:
        return download
    fmt = request.GET.get("format")
    if fmt == "pdf":
        response = HttpResponse(value.report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if fmt == "xlsx":
        return xlsx_response(value.report_sheets(report), name)
    return render(request, "ledger/value_report.html", {"report": report, "period": period})
