"""`riep indicators …`: import indicator values and print a council's scorecard."""
from __future__ import annotations

import csv
import enum
import json
import sys
from pathlib import Path

import typer

from riep.cli.common import command_group, console, django_setup, fail, progress_bar

app = command_group("Performance indicators: import values and print scorecards.")


class OutputFormat(str, enum.Enum):
    json = "json"
    csv = "csv"


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or XLSX of values (or LG Inform's long export)."),
    indicator: str = typer.Option("", help="The indicator of a single-metric file without an indicator column, e.g. NI55."),
) -> None:
    """Import indicator values and targets (all or nothing; every bad row is reported; the same file again changes nothing)."""
    django_setup()
    from riep.core.importing import ImportRefused
    from riep.performance.services.importer import import_values

    try:
        with progress_bar() as bar:
            task = bar.add_task("Importing values", total=None)
            summary = import_values(file.read_bytes(), file.name, indicator=indicator, progress=lambda d, t, m="": bar.update(
                task, completed=d, total=t, description=m or "Importing values"))
    except ImportRefused as error:
        for problem in error.problems:
            console.print(f"  {problem}", highlight=False, markup=False)
        fail(str(error).splitlines()[0])
    console.print(f"Imported {summary}", soft_wrap=True, highlight=False, markup=False)


@app.command("scorecard")
def scorecard_command(
    council: str = typer.Option(..., help="Council GSS code, e.g. E10000020."),
    period: str = typer.Option(..., help="Financial year, e.g. 2010-11."),
    format: OutputFormat = typer.Option(OutputFormat.json, "--format", help="json or csv."),
) -> None:
    """Print a council's scorecard: each indicator's value, target, RAG and its rule, and any commentary."""
    django_setup()
    from riep.performance.calc.periods import FINANCIAL_YEAR, parse_period
    from riep.performance.permissions import OPERATOR
    from riep.performance.services.delivery import council_scorecard, measure_dict
    from riep.registry.models import Organisation

    found = Organisation.objects.councils().filter(gss_code=council.upper()).first()
    if found is None:
        fail(f"there is no council with GSS code {council}")
    try:
        label = parse_period(period, FINANCIAL_YEAR)
    except ValueError as error:
        fail(str(error))
    rows = [measure_dict(m) for m in council_scorecard(OPERATOR, found, label)]
    if format == OutputFormat.json:
        print(json.dumps({"council": found.gss_code, "name": found.name, "period": label, "measures": rows}, indent=2))
        return
    fields = list(rows[0]) if rows else ["indicator", "council", "period", "value", "target", "rag"]
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
