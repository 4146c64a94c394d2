"""`riep ledger …` (gains, NI 179 returns, imports) and `riep report value` (the partnership value report)."""
from __future__ import annotations

from pathlib import Path

import typer

from riep.cli.common import command_group, console, django_setup, fail, progress_bar

app = command_group("Efficiency ledger: import gains and show NI 179 returns.")
report_app = command_group("Reports.")


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or XLSX of gains, one row per gain and year."),
    reason: str = typer.Option("Imported from file", help="Reason recorded on every changed gain's new version."),
) -> None:
    """Import gains (all or nothing; every bad row is reported; re-importing the same file changes nothing)."""
    django_setup()
    from riep.core.importing import ImportRefused
    from riep.ledger.importer import import_gains

    try:
        with progress_bar() as bar:
            task = bar.add_task("Importing gains", total=None)
            summary = import_gains(file.read_bytes(), file.name, reason=reason, progress=lambda d, t, m="": bar.update(
                task, completed=d, total=t, description=m or "Importing gains"))
    except ImportRefused as error:
        for problem in error.problems:  # every one, not only those the message lists
            console.print(f"  {problem}", highlight=False, markup=False)
        fail(str(error).splitlines()[0])
    console.print(f"Imported {summary}", soft_wrap=True, highlight=False, markup=False)


@app.command("ni179")
def ni179_command(gss_code: str = typer.Argument(..., help="Council GSS code."),
                  year: str = typer.Argument(..., help="Financial year, e.g. 2009-10.")) -> None:
    """Show a council's NI 179 figure for a year, gain by gain, with the reasons."""
    django_setup()
    from riep.core.fy import FinancialYear
    from riep.ledger.services import ni179_for_council
    from riep.registry.models import Organisation

    council = Organisation.objects.councils().filter(gss_code=gss_code).first()
    if council is None:
        fail(f"there is no council with GSS code {gss_code}")
    try:
        fy = FinancialYear.parse(year)
    except ValueError as error:
        fail(str(error))
    result = ni179_for_council(council, fy)
    for line in result.lines:
        print(f"{line.gain_id}\t{'counted' if line.included else 'excluded'}\t{line.counted}\t{line.reason.text}")
    print(f"NI 179 {council} {fy}: {result.total}")


@report_app.command("value")
def value_command(
    partnership: str = typer.Option(..., help="Partnership code, e.g. EE."),
    period: str = typer.Option("2008-09:2010-11", help="FIRST:LAST financial years."),
    format: str = typer.Option("html", "--format", help="html, pdf or xlsx."),
    output: Path = typer.Option(..., help="File to write."),
) -> None:
    """Write the value report of a partnership for a period as HTML, PDF or XLSX."""
    django_setup()
    from riep.core.fy import parse_period
    from riep.ledger import report
    from riep.registry.models import Partnership

    found = Partnership.objects.filter(code__iexact=partnership).first()
    if found is None:
        fail(f"there is no partnership with code {partnership}")
    try:
        first, last = parse_period(period)
    except ValueError as error:
        fail(str(error))
    if format not in ("html", "pdf", "xlsx"):
        fail("format is html, pdf or xlsx")
    built = report.build_value_report(found, first, last)
    if format == "html":
        output.write_text(report.report_html(built), encoding="utf-8")
    elif format == "pdf":
        output.write_bytes(report.report_pdf(built))
    else:
        output.write_bytes(report.report_xlsx(built))
    console.print(f"Wrote the {format.upper()} value report for {found.name}, {first} to {last}, to {output}")
