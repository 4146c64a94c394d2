"""The `riep` command line. Thin adapters over the services; Rich progress for anything slow."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from riep.cli import backup, care, finance, impact, indicators, ledger, resilience, spend
from riep.cli import reorg as reorg_cli
from riep.cli.common import command_group, console, django_setup, fail, migrate_quietly, progress_bar

app = command_group("RIEP platform: run the web platform, its worker and the data tools.")
user_app = command_group("People who can sign in.")
token_app = command_group("API tokens.")
import_app = command_group("Import reference data.")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(import_app, name="import")
# Capability commands live beside their engines. They are imported, not looked for: a broken import must fail
# loudly (and the tests import this module), never make a command group silently disappear.
app.add_typer(impact.app, name="impact", help="Counterfactual analysis: synthetic control and difference-in-differences.")
app.add_typer(care.app, name="care", help="Care funding calculator: fair prices for care placements.")
app.add_typer(reorg_cli.app, name="reorg", help="Structural change: reorganisation scenarios, council tax harmonisation.")
app.add_typer(ledger.app, name="ledger", help="Efficiency ledger: import gains and show NI 179 returns.")
app.add_typer(ledger.report_app, name="report", help="Reports: the partnership value report.")
app.command("backup")(backup.backup_command)
app.command("restore")(backup.restore_command)
app.add_typer(finance.app, name="finance", help="Local authority finance returns: import RS and RA workbooks.")
app.add_typer(indicators.app, name="indicators", help="Performance indicators: import values and print scorecards.")
app.add_typer(resilience.app, name="resilience", help="Financial resilience: indicators, peer positions and flags.")
app.add_typer(spend.app, name="spend", help="Procurement hub: import spend files, suppliers, opportunities.")


@app.command()
def setup(demo: bool = typer.Option(True, help="Load the demo data if the database is empty.")) -> None:
    """Create or migrate the database, gather static files and load the demo if the database is empty."""
    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    migrate_quietly()
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
    """Load the demo partnerships, projects and users (creating or migrating the database first)."""
    django_setup()
    from riep.demo.loader import DemoError, load_demo

    migrate_quietly()  # a fresh DATABASE_URL needs its tables before there is anything to load

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
    """Run background jobs from the database queue, showing each job's progress. SIGTERM or Ctrl+C stops it
    cleanly: the running job finishes first (a second signal stops that job too)."""
    django_setup()
    from riep.core.jobs import work

    with progress_bar() as bar:

        class RichBars:
            def __init__(self):
                self.bars = {}

            def on_start(self, job):
                label = f"Job {job.pk}: {job.title}" + (f" (attempt {job.attempts})" if job.attempts > 1 else "")
                self.bars[job.pk] = bar.add_task(label[:80], total=None)

            def on_update(self, job):
                bar.update(self.bars[job.pk], completed=job.progress_done, total=job.progress_total or None,
                           description=f"Job {job.pk}: {job.message or job.title}"[:80])

            def on_finish(self, job):
                bar.update(self.bars[job.pk], completed=job.progress_total or 1, total=job.progress_total or 1,
                           description=f"Job {job.pk}: {job.title} – {job.get_status_display().lower()}"[:80])

        ran = work(once=once, observer=RichBars(), handle_signals=True)
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
        worker_process.terminate()  # SIGTERM: the worker finishes its running job, then stops
        try:
            worker_process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker_process.kill()


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
