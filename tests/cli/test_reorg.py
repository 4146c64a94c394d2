"""`riep reorg harmonise` and `riep reorg run` through Typer's test runner."""
import json

import pytest
from typer.testing import CliRunner

from riep.cli.reorg import app

runner = CliRunner()


def test_harmonise_as_json():
    result = runner.invoke(app, ["harmonise", "--band-d", "1000,1100,1300", "--tax-base", "100,200,100",
                                 "--years", "2", "--format", "json"])
    assert result.exit_code == 0, result.output
    paths = {p["target"]: p for p in json.loads(result.stdout)["paths"]}
    lowest = paths["lowest"]
    assert lowest["yield"][1] == {"year": 1, "yield": "425000.00", "income_foregone": "25000.00"}
    assert {r["band_d"] for r in lowest["band_d"] if r["year"] == 8} == {"1000.00"}
    assert lowest["total_income_foregone"] == "375000.00"


def test_harmonise_errors_in_one_line():
    result = runner.invoke(app, ["harmonise", "--band-d", "1000,1100", "--tax-base", "100,200", "--years", "8"])
    assert result.exit_code == 2 and "year 8" in result.output
    result = runner.invoke(app, ["harmonise", "--band-d", "1000,1300", "--tax-base", "100,100", "--years", "1",
                                 "--referendum-limit", "4.99", "--format", "json"])
    assert result.exit_code == 2 and "breaks the referendum limit" in result.output
    result = runner.invoke(app, ["harmonise", "--band-d", "1000,1300", "--tax-base", "100,-100", "--years", "2"])
    assert result.exit_code == 2 and "Tax base of Area B (area 2) must not be negative" in result.output


@pytest.mark.django_db
def test_run_an_unknown_scenario_fails_in_one_line():
    result = runner.invoke(app, ["run", "no-such-scenario", "--format", "json"])
    assert result.exit_code == 2 and "no scenario called 'no-such-scenario'" in result.output
