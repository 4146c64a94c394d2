"""`riep backup` / `riep restore` from the command line."""
import pytest
from typer.testing import CliRunner

from riep.accounts.models import User
from riep.cli.main import app

runner = CliRunner()
pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_from_the_command_line(tmp_path):
    User.objects.create_user(email="kept@norfolk.example", password="a long password 1")
    made = runner.invoke(app, ["backup", str(tmp_path / "b.tar.gz")])
    assert made.exit_code == 0, made.output
    assert "Backed up" in made.output and "stored files from the" in made.output
    User.objects.all().delete()
    refused = runner.invoke(app, ["restore", str(tmp_path / "b.tar.gz")], input="n\n")
    assert refused.exit_code == 2 and "Nothing was restored" in refused.output
    assert not User.objects.exists()
    done = runner.invoke(app, ["restore", str(tmp_path / "b.tar.gz"), "--yes"])
    assert done.exit_code == 0, done.output
    assert User.objects.filter(email="kept@norfolk.example").exists()


def test_restore_of_something_else_exits_2_in_one_line(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"nope")
    result = runner.invoke(app, ["restore", str(junk), "--yes"])
    assert result.exit_code == 2 and "not a backup archive we can read" in result.output
