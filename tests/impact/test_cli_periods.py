"""`riep impact synth|did|sdid` speak financial years where the panel's periods are financial years: the start as
"2009-10", a time column written "2009-10", and every period printed the same way; calendar panels are unchanged."""
import csv
import io
import json

import pytest
from typer.testing import CliRunner

from riep.cli.impact import app
from riep.impact.engine.simulate import CouncilPanelSpec, add_effect, council_panel, to_frame

runner = CliRunner()


@pytest.fixture(scope="module")
def fy_csv(tmp_path_factory):
    """A small council panel whose year column is written as financial years (2005-06 ...)."""
    panel = add_effect(council_panel(CouncilPanelSpec(councils=10, years=10, seed=5)), "C03", 2011, -6.0)
    frame = to_frame(panel)
    years = sorted(frame["year"].unique())
    frame["year"] = frame["year"].map(lambda y: f"{y}-{(y + 1) % 100:02d}")
    path = tmp_path_factory.mktemp("cli-fy") / "councils_fy.csv"
    frame.to_csv(path, index=False)
    return str(path), years


def _args(path):
    return ["--panel", path, "--unit", "council", "--time", "year", "--outcome", "y", "--treated", "C03"]


def test_synth_reads_and_prints_financial_years(fy_csv):
    path, years = fy_csv
    result = runner.invoke(app, ["synth", *_args(path), "--treatment-time", "2011-12", "--v-method", "equal"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["treatment_time"] == "2011-12" and doc["period_kind"] == "financial_year"
    assert [p["time"] for p in doc["periods"]][:2] == [f"{years[0]}-{(years[0] + 1) % 100:02d}",
                                                      f"{years[1]}-{(years[1] + 1) % 100:02d}"]
    assert doc["average_effect"] < -3  # the injected -6 from 2011-12
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["synth", *_args(path), "--treatment-time", "2011-12",
                                                              "--v-method", "equal", "--format", "csv"]).stdout)))
    assert rows[0]["time"].endswith(f"-{(years[0] + 1) % 100:02d}")


def test_did_and_sdid_take_the_start_as_a_financial_year(fy_csv):
    path, _ = fy_csv
    did = json.loads(runner.invoke(app, ["did", *_args(path), "--treatment-time", "2011-12"]).stdout)
    assert did["treatment_time"] == "2011-12" and did["effect"]["estimate"] < 0
    sdid = runner.invoke(app, ["sdid", *_args(path), "--treatment-time", "2011-12", "--se", "none"])
    assert sdid.exit_code == 0, sdid.output
    doc = json.loads(sdid.stdout)
    assert doc["treatment_time"] == "2011-12" and all("-" in t for t in doc["time_weights"])


def test_a_bad_start_is_a_one_line_error(fy_csv):
    path, _ = fy_csv
    result = runner.invoke(app, ["did", *_args(path), "--treatment-time", "2011-13"])
    assert result.exit_code == 2 and "financial year such as 2009-10" in result.output


def test_the_in_time_placebo_takes_and_prints_a_financial_year(fy_csv):
    path, _ = fy_csv
    args = ["synth", *_args(path), "--treatment-time", "2011-12", "--v-method", "equal", "--in-time-placebo", "2009-10"]
    doc = json.loads(runner.invoke(app, args).stdout)
    (fake,) = doc["in_time_placebos"]
    assert fake["fake_time"] == "2009-10" and all("-" in p["time"] for p in fake["periods"])
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "--format", "csv"]).stdout)))
    assert {r["run"] for r in rows} == {"main", "in-time-placebo:2009-10"} and all("-" in r["time"] for r in rows)
    late = runner.invoke(app, ["synth", *_args(path), "--treatment-time", "2011-12", "--in-time-placebo", "2012-13"])
    assert late.exit_code == 2 and "--in-time-placebo 2012-13 must be before the treatment time 2011-12" in late.output
