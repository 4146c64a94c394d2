"""`riep finance …`: import the government's revenue returns (RS outturn summary, RA budget) and list their lines."""
from __future__ import annotations

from pathlib import Path

import typer

from riep.cli.common import command_group, console, django_setup, fail, progress_bar

app = command_group("Local authority finance returns (RS revenue outturn summary, RA revenue budget).")


@app.command("import")
def import_command(file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                               help="An RS or RA workbook as published (or a CSV of its data sheet).")) -> None:
    """Import a return: all or nothing, every problem reported; the same file again changes nothing."""
    django_setup()
    from riep.core.importing import ImportRefused
    from riep.finance.importer import import_return

    try:
        with progress_bar() as bar:
            task = bar.add_task("Importing the return", total=None)
            summary = import_return(file.read_bytes(), file.name, progress=lambda d, t, m="": bar.update(
                task, completed=d, total=t, description=m or "Importing the return"))
    except ImportRefused as error:
        for problem in error.problems:
            console.print(f"  {problem}", highlight=False, markup=False)
        fail(str(error).splitlines()[0])
    console.print(f"Imported {summary.family} {summary.year}: {summary}", soft_wrap=True, highlight=False, markup=False)
    for item in summary.unmapped:
        console.print(f"  not joined: row {item['row']} {item['e_code']} {item['ons_code']} {item['name']}: "
                      f"{item['reason']}", soft_wrap=True, highlight=False, markup=False)


@app.command("lines")
def lines_command(family: str = typer.Option("RS", help="RS or RA.")) -> None:
    """List the lines (column keys) the imported returns carry, with the years that have them."""
    django_setup()
    from riep.finance.services import available_lines

    for found in available_lines(family.upper()):
        print(f"{found.key}\t{found.label}\t{','.join(found.years)}")
