"""The command line fails in one line for anything a person can put right, and never loses a command group."""
import os
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied
from typer.testing import CliRunner

from riep.cli.common import command_group
from riep.cli.main import app
from riep.core.errors import NotFound

runner = CliRunner()


def _riep(*args, database_url: str, timeout: int = 120) -> subprocess.CompletedProcess:
    # (The North East spend files stay out of these demos: tests/procurement loads them where they are the point.)
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "riep.settings",
           "RIEP_DEMO_SPEND": "0"}
    return subprocess.run([sys.executable, "-m", "riep.cli", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)


def test_every_capability_group_is_mounted():
    names = {group.name for group in app.registered_groups}
    assert {"impact", "care", "ledger", "report", "user", "token", "import"} <= names


def test_a_user_error_is_one_line_and_exit_status_2():
    tool = command_group("test")

    @tool.command()
    def look():
        raise NotFound("there is no council with GSS code E99999999")

    @tool.command()
    def touch():
        raise PermissionDenied("You may not change Kent's return.")

    result = runner.invoke(tool, ["look"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: there is no council with GSS code E99999999"
    denied = runner.invoke(tool, ["touch"])
    assert denied.exit_code == 2 and denied.output.strip() == "Error: You may not change Kent's return."


def test_a_bug_keeps_its_traceback():
    tool = command_group("test")

    @tool.command()
    def broken():
        raise ZeroDivisionError("a bug")

    @tool.command()
    def other():
        pass

    result = runner.invoke(tool, ["broken"])
    assert isinstance(result.exception, ZeroDivisionError)


@pytest.mark.slow
def test_commands_on_an_unmigrated_database_say_what_to_run(tmp_path):
    url = f"sqlite:///{tmp_path}/not-yet/riep.sqlite3"
    for args in (["ledger", "ni179", "E10000020", "2009-10"], ["user", "create", "--email", "a@example.org",
                                                                  "--role", "board_member"]):
        result = _riep(*args, database_url=url)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "not set up yet" in lines[0] and "riep setup" in lines[0], result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_an_unreachable_database_is_one_line():
    result = _riep("ledger", "ni179", "E10000020", "2009-10", database_url="postgres://nobody@127.0.0.1:9/none")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot open the database" in result.stderr


@pytest.mark.slow
def test_demo_on_a_fresh_database_url_creates_and_loads_it(tmp_path):
    url = f"sqlite:///{tmp_path}/fresh/riep.sqlite3"
    result = _riep("demo", database_url=url, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "officer@norfolk.example" in result.stderr
    figure = _riep("ledger", "ni179", "E10000020", "2009-10", database_url=url)
    assert figure.returncode == 0 and "NI 179 Norfolk 2009-10" in figure.stdout, figure.stderr
