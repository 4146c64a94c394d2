"""The `riep` command line. Thin adapters over the services; Rich progress for anything slow."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

app = typer.Typer(help="RIEP platform: run the web platform, its worker and the data tools.", no_args_is_help=True)
user_app = typer.Typer(help="People who can sign in.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
import_app = typer.Typer(help="Import reference data.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(import_app, name="import")
console = Console(stderr=True)


def _mount_optional(module: str, name: str, help_text: str, attr: str = "app") -> None:
    """Capability CLIs live beside their engines; mount each one that is installed."""
    try:
        sub = getattr(__import__(module, fromlist=[attr]), attr)
    except ImportError:
        return
    app.add_typer(sub, name=name, help=help_text)


_mount_optional("riep.cli.impact", "impact", "Counterfactual analysis: synthetic control and difference-in-differences.")
_mount_optional("riep.cli.care", "care", "Care funding calculator: fair prices for care placements.")
_mount_optional("riep.cli.ledger", "ledger", "Efficiency ledger: import gains and show NI 179 returns.")
_mount_optional("riep.cli.ledger", "report", "Reports: the partnership value report.", attr="report_app")


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riep.settings")
    import django

    django.setup()


def fail(message: str) -> None:
    console.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(code=2)


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console)


@app.command()
def setup(demo: bool = typer.Option(True, help="Load the demo data if the database is empty.")) -> None:
    """Create or migrate the database, gather static files and load the demo if the database is empty."""
    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    console.print(f"Database ready: {settings.DATABASES['default']['NAME']}")
    if demo:
        from riep.demo.loader import database_is_empty, load_demo

        if database_is_empty():
            with progress_bar() as bar:
                task = bar.add_task("Loading demo data", total=None)
                load_demo(progress=lambda done, total, msg="": bar.update(task, completed=done, total=total, description=msg or "Loading demo data"))
            console.print("Demo data loaded.")


@app.command()
def demo(reset: bool = typer.Option(False, "--reset", help="Delete every record first, then load the demo afresh.")) -> None:
    """Load the demo partnerships, projects and users."""
    django_setup()
    from riep.demo.loader import DemoError, load_demo

    try:
        with progress_bar() as bar:
            task = bar.add_task("Loading demo data", total=None)
            summary = load_demo(reset=reset, progress=lambda done, total, msg="": bar.update(task, completed=done, total=total, description=msg or "Loading demo data"))
    except DemoError as error:
        fail(str(error))
    console.print(summary)
    print_demo_users()


def print_demo_users() -> None:
    from riep.demo.loader import DEMO_PASSWORD, demo_users

    # Plain print: these lines must not be wrapped or styled, so they can be copied.
    print(f"\nDemo sign-in details (password for all: {DEMO_PASSWORD})", file=sys.stderr)
    for email, role, scope in demo_users():
        print(f"  {email:<34} {role:<20} {scope}", file=sys.stderr)


@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="Address to listen on."),
          port: int = typer.Option(8000, help="Port to listen on."),
          workers: int = typer.Option(2, help="Gunicorn worker processes.")) -> None:
    """Serve the platform with Gunicorn (static files by WhiteNoise)."""
    django_setup()
    from gunicorn.app.base import BaseApplication

    from riep.wsgi import application

    class PlatformServer(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"{host}:{port}", "workers": workers, "threads": 4, "timeout": 120,
                               "accesslog": "-", "errorlog": "-", "worker_class": "gthread"}.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    PlatformServer().run()


@app.command()
def worker(once: bool = typer.Option(False, "--once", help="Run the waiting jobs, then stop.")) -> None:
    """Run background jobs from the database queue, showing each job's progress."""
    django_setup()
    from riep.core.jobs import work

    with progress_bar() as bar:
        tasks = {}

        def on_start(job):
            tasks[job.pk] = bar.add_task(f"Job {job.pk}: {job.kind}", total=None)

        def on_update(job):
            bar.update(tasks[job.pk], completed=job.progress_done, total=job.progress_total or None,
                       description=f"Job {job.pk}: {job.message or job.kind}"[:80])

        ran = work(once=once, on_update=on_update, on_start=on_start)
    console.print(f"Worker stopped after {ran} job(s).")


@app.command()
def run(host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000)) -> None:
    """Start the worker in the background and serve the platform (what `make run` does)."""
    import subprocess

    django_setup()
    worker_process = subprocess.Popen([sys.executable, "-m", "riep.cli", "worker"])
    console.print(f"\n[bold green]RIEP platform[/] on http://{host}:{port}/ (worker pid {worker_process.pid}); Ctrl+C stops both.")
    print_demo_users()
    try:
        serve(host=host, port=port, workers=2)
    finally:
        worker_process.terminate()


@user_app.command("create")
def user_create(
    email: str = typer.Option(..., help="Email address (used to sign in)."),
    role: str = typer.Option(..., help="partnership_admin, programme_manager, council_officer, board_member or government_reviewer."),
    council: Optional[list[str]] = typer.Option(None, help="GSS code of a council the user acts for (repeat for more)."),
    partnership: Optional[list[str]] = typer.Option(None, help="Code of a partnership the user works for (repeat for more)."),
    name: str = typer.Option("", help="Full name."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
) -> None:
    """Create a user who can sign in with a role."""
    django_setup()
    from riep.accounts.services import UserError, create_user

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        user = create_user(email, role, password, council or [], partnership or [], full_name=name)
    except UserError as error:
        fail(str(error))
    console.print(f"Created {user.email} ({user.get_role_display()})" + ("" if password else "; no password set (cannot sign in until one is)"))


@token_app.command("create")
def token_create(email: str = typer.Option(..., help="The user the token acts for."),
                 name: str = typer.Option("API token", help="A name to tell tokens apart.")) -> None:
    """Create an API token and print it (it is shown only once)."""
    django_setup()
    from riep.accounts.services import UserError, create_token

    try:
        raw = create_token(email, name)
    except UserError as error:
        fail(str(error))
    print(raw)


@import_app.command("councils")
def import_councils_command(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Council register CSV (mySociety format).")) -> None:
    """Import councils (all or nothing; re-importing the same file changes nothing)."""
    django_setup()
    from riep.core.importing import ImportRefused
    from riep.registry.services import import_councils

    try:
        with progress_bar() as bar:
            task = bar.add_task("Importing councils", total=None)
            summary = import_councils(file.read_bytes(), file.name, progress=lambda done, total, msg="": bar.update(
                task, completed=done, total=total, description=msg or "Importing councils"))
    except ImportRefused as error:
        fail(str(error))
    console.print(f"Imported {summary}", soft_wrap=True, highlight=False, markup=False)
    for reason in summary.corrections:
        console.print(f"  corrected: {reason}")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (e.g. `riep manage check --deploy`)."""
    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["riep manage", *ctx.args])
