"""`riep backup` and `riep restore` (riep.core.backup does the work)."""
from __future__ import annotations

from pathlib import Path

import typer

from riep.cli.common import console, django_setup, fail


def backup_command(destination: Path = typer.Argument(Path("."), help="A folder (a dated file is made in it) or a file "
                                                                       "name ending .tar.gz.")) -> None:
    """Copy the database and every stored file into one archive, while the platform runs."""
    django_setup()
    from riep.core.backup import backup

    console.print(f"Backed up {backup(destination)}", highlight=False, markup=False, soft_wrap=True)


def restore_command(archive: Path = typer.Argument(..., exists=True, dir_okay=False, help="An archive made by `riep backup`."),
                    yes: bool = typer.Option(False, "--yes", help="Replace the current database and files without asking.")) -> None:
    """Replace the database and the stored files with a backup's (stop the web server and worker first)."""
    django_setup()
    from riep.core.backup import restore

    if not yes and not typer.confirm(f"Replace everything in this platform's database and stored files with {archive}?"):
        fail("Nothing was restored.")
    console.print(f"Restored {restore(archive)}", highlight=False, markup=False, soft_wrap=True)
