"""`riep spend`: import councils' spend files, list the suppliers as published, and a partnership's
collaboration opportunities."""
from __future__ import annotations

import csv
import enum
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import List, Optional

import typer

from riep.cli.common import command_group, console, django_setup, fail, progress_bar

app = command_group("Procurement hub: councils' spend files, suppliers and collaboration opportunities.")


class ImportFormat(str, enum.Enum):
    text = "text"
    json = "json"


class TableFormat(str, enum.Enum):
    csv = "csv"
    json = "json"


def _council(gss: str):
    from riep.registry.models import Organisation

    council = Organisation.objects.councils().filter(gss_code=gss.strip().upper()).first()
    if council is None:
        fail(f"no council has the GSS code {gss} (see `riep manage` or the councils page)")
    return council


def _reporter(bar, task, name: str):
    def report(done: int, total: int, message: str = "") -> None:
        bar.update(task, completed=done, total=total, description=message or f"Importing {name}")

    return report


@app.command("import")
def import_command(
    files: List[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Spend files: CSV, XLSX, XLS or ODS."),
    council: str = typer.Option(..., "--council", help="The publishing council's GSS code, e.g. E08000037."),
    maps: Optional[List[str]] = typer.Option(None, "--map", help="FIELD=COLUMN: read FIELD from the column headed "
                                             "COLUMN (or its number from 1); FIELD= for a field not in the file. "
                                             "Fields: payment_date, amount, supplier_name, supplier_id, "
                                             "company_number, charity_number, vat_number, department, expense_type, "
                                             "purpose, transaction_number, capital_revenue."),
    output_format: ImportFormat = typer.Option(ImportFormat.text, "--format", help="text or json."),
) -> None:
    """Import each file (all or nothing per file; every refused row named; the same file twice changes nothing)."""
    django_setup()
    from riep.core.importing import ImportRefused
    from riep.procurement.services.importing import (
        chosen_from_map,
        import_spend,
        parse_map_options,
        refusal_as_json,
        summary_as_json,
    )

    where = _council(council)
    try:
        pairs = parse_map_options(maps or [])
    except ValueError as error:
        fail(str(error))
    results, refused = [], False
    for path in files:
        data = path.read_bytes()
        try:
            chosen = chosen_from_map(data, path.name, pairs) if pairs else None
            with progress_bar() as bar:
                task = bar.add_task(f"Importing {path.name}", total=None)
                summary = import_spend(where, data, path.name, chosen=chosen, progress=_reporter(bar, task, path.name))
            results.append(summary_as_json(summary))
            if output_format == ImportFormat.text:
                console.print(f"Imported {summary} Total £{summary.total_amount:,.2f}.", soft_wrap=True,
                              highlight=False, markup=False)
        except ImportRefused as error:
            refused = True
            results.append(refusal_as_json(path.name, error))
            if output_format == ImportFormat.text:
                for problem in error.problems:
                    console.print(f"  {problem}", highlight=False, markup=False)
                console.print(str(error).splitlines()[0], highlight=False, markup=False)
        except ValueError as error:  # a --map naming a column the file does not have
            refused = True
            results.append({"file": path.name, "rows_read": 0, "imported": 0, "refused": 0, "total_amount": "0.00",
                            "mapping": {}, "problems": [{"row": 0, "field": "", "value": "", "message": str(error)}],
                            "summary": f"Nothing was imported from {path.name}: {error}"})
            if output_format == ImportFormat.text:
                console.print(f"{path.name}: {error}", highlight=False, markup=False)
    if output_format == ImportFormat.json:
        totals = {
            "rows_read": sum(r["rows_read"] for r in results), "imported": sum(r["imported"] for r in results),
            "refused": sum(r["refused"] for r in results),
            "total_amount": str(sum((Decimal(r["total_amount"]) for r in results), Decimal("0.00"))),
        }
        typer.echo(json.dumps({**totals, "files": results}, indent=2, ensure_ascii=False))
    if refused:
        raise typer.Exit(code=2)


def _write_table(rows: list[dict], fields: list[str], output_format: TableFormat) -> None:
    if output_format == TableFormat.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in fields})


@app.command("suppliers")
def suppliers_command(
    council: Optional[str] = typer.Option(None, "--council", help="Only this council's names (GSS code)."),
    output_format: TableFormat = typer.Option(TableFormat.csv, "--format", help="csv or json."),
) -> None:
    """One row per council and name as published: council_gss, raw_name, supplier_id, supplier_name."""
    django_setup()
    from riep.procurement.services.suppliers import published_names_rows

    rows = published_names_rows(_council(council) if council else None)
    _write_table(rows, ["council_gss", "raw_name", "supplier_id", "supplier_name"], output_format)


@app.command("resolve")
def resolve_command() -> None:
    """Resolve the published names into suppliers across councils (people's review decisions always apply)."""
    django_setup()
    from riep.procurement.services.resolution import run_resolution

    run = run_resolution(user=None)
    console.print(f"{run.names:,} published names → {run.suppliers:,} suppliers; {run.borderline:,} pairs to review.",
                  highlight=False)


@app.command("opportunities")
def opportunities_command(
    partnership: str = typer.Option(..., "--partnership", help="Partnership code, e.g. NE."),
    output_format: TableFormat = typer.Option(TableFormat.csv, "--format", help="csv or json."),
) -> None:
    """Suppliers and categories bought by two or more of the partnership's councils, by addressable spend."""
    django_setup()
    from riep.procurement.services.opportunities import OPPORTUNITY_FIELDS, opportunities_rows
    from riep.registry.models import Partnership

    found = Partnership.objects.filter(code=partnership.strip().upper()).first()
    if found is None:
        fail(f"no partnership has the code {partnership}")
    _write_table(opportunities_rows(found), OPPORTUNITY_FIELDS, output_format)
