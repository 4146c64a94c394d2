"""What every `riep` command shares: Django set-up, one-line errors, Rich progress.

Errors a person can act on never show a traceback. `PlatformGroup` (the class of every command group) turns
`UserError`, `PermissionDenied`, Django's `ValidationError` and an unset-up or unreachable database into one
line on standard error and exit status 2; anything else is a bug and keeps its traceback.
"""
from __future__ import annotations

import os
from pathlib import Path

import django
import typer
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, ProgrammingError, connections
from django.db.migrations.executor import MigrationExecutor
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from riep.core.errors import UserError

console = Console(stderr=True)
EXIT_USER_ERROR = 2


def fail(message: str) -> None:
    """Print one line and stop with exit status 2."""
    console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=EXIT_USER_ERROR)


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console)


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riep.settings")
    django.setup()
    _make_sqlite_folder()


def _make_sqlite_folder() -> None:
    # A fresh SQLite DATABASE_URL may name a folder that does not exist yet; SQLite would then fail with
    # "unable to open database file", which says nothing about what to do.
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def database_name() -> str:
    database = settings.DATABASES["default"]
    return str(database.get("NAME") or database.get("HOST") or "the database")


def pending_migrations() -> int | None:
    """How many migrations the database still needs, or None if it cannot be reached at all."""
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return None


def migrate_quietly() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def explain_database_error(error: Exception) -> str | None:
    """One line saying what to run, for a database that is missing or not set up; None if it is neither."""
    pending = pending_migrations()
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if pending is None:
        return f"cannot open the database {database_name()} ({first_line}). Check DATABASE_URL."
    if pending:
        return (f"the database {database_name()} is not set up yet ({pending} migrations to apply). "
                "Run `riep setup` (or `riep demo` for the demo data) first.")
    return None


class PlatformGroup(TyperGroup):
    """A command group whose commands fail in one line for anything a person can put right."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as error:
            fail(str(error))
        except PermissionDenied as error:
            fail(str(error) or "your role does not allow this.")
        except ValidationError as error:
            fail("; ".join(error.messages))
        except (OperationalError, ProgrammingError) as error:
            explained = explain_database_error(error)
            if explained is None:
                raise  # the schema is up to date: this is a bug, keep its traceback
            fail(explained)


def command_group(help_text: str) -> typer.Typer:
    """A Typer app for a capability's commands, failing in one line like the rest of `riep`."""
    return typer.Typer(cls=PlatformGroup, help=help_text, no_args_is_help=True)
