"""`riep resilience …`: a council's financial resilience indicators, peer positions and flags."""
from __future__ import annotations

import csv
import json
import sys

import typer

from riep.cli.common import command_group, django_setup, fail

app = command_group("Financial resilience: indicators from the revenue outturn returns, peer positions, flags.")


@app.command("indicators")
def indicators_command(
    council: str = typer.Option(..., "--council", help="Council GSS code, e.g. E10000020."),
    year: str = typer.Option("", "--year", help="Financial year, e.g. 2017-18 (default: the latest on record)."),
    format: str = typer.Option("json", "--format", help="json or csv."),
    group: str = typer.Option("same_type", "--group", help="same_type, same_region, chosen or nearest."),
) -> None:
    """Each indicator's value, the peer median and position, and the flags raised (JSON or CSV on standard output)."""
    django_setup()
    from riep.resilience.services.report import FIELDS, council_by_gss, indicator_rows

    if format not in ("json", "csv"):
        fail("format is json or csv")
    rows = indicator_rows(council_by_gss(council), year or None, group)
    if format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "flags": " ".join(row["flags"])})
