"""`riep impact` through Typer's CliRunner: outputs, formats and plain one-line errors."""
import csv
import io
import json

import pytest
from typer.testing import CliRunner

from riep.cli.impact import app
from riep.impact.engine.datasets import data_path
from riep.impact.engine.simulate import CouncilPanelSpec, add_effect, council_panel, to_frame

runner = CliRunner()
SMOKING = str(data_path("smoking.csv"))
PROP99 = ["--panel", SMOKING, "--unit", "state", "--time", "year", "--outcome", "cigsale"]


@pytest.fixture(scope="module")
def council_csv(tmp_path_factory):
    panel = council_panel(CouncilPanelSpec(councils=12, years=12, seed=3))
    panel = add_effect(panel, "C04", 2015, -8.0)
    frame = to_frame(panel)
    frame["region"] = frame["council"].map(lambda c: "north" if int(c[1:]) % 2 else "south")
    frame["cohort"] = frame["council"].map({"C04": 2015, "C05": 2013}).astype("Int64")
    path = tmp_path_factory.mktemp("cli") / "councils.csv"
    frame.to_csv(path, index=False)
    return str(path)


def council_args(path):
    return ["--panel", path, "--unit", "council", "--time", "year", "--outcome", "y"]


def test_synth_json_reproduces_prop99():
    result = runner.invoke(app, ["synth", *PROP99, "--treated", "California", "--treatment-time", "1989",
                                 "--predictor", "lnincome:1980-1988", "--predictor", "retprice:1980-1988",
                                 "--predictor", "age15to24:1980-1988", "--predictor", "beer:1984-1988",
                                 "--predictor", "cigsale@1975", "--predictor", "cigsale@1980",
                                 "--predictor", "cigsale@1988", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["weights"]["Utah"] == pytest.approx(0.334, abs=0.03)
    assert list(doc["weights"])[0] == "Utah"  # sorted by weight
    assert set(doc["V"]) == {p["predictor"] for p in doc["predictors"]}
    gap2000 = next(p for p in doc["periods"] if p["time"] == 2000)
    assert gap2000["gap"] == pytest.approx(gap2000["treated"] - gap2000["synthetic"])
    assert doc["average_effect"] == pytest.approx(-19.6, abs=1.5)
    assert doc["p_value"] is None and doc["placebo"] is None
    assert any("donors but only" in w for w in doc["diagnostics"]["warnings"])


def test_synth_with_placebos_json_and_csv_output(council_csv, tmp_path):
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["synth", *council_args(council_csv), "--treated", "C04", "--treatment-time", "2015",
                                 "--predictor", "deprivation", "--predictor", "density:2006-2010",
                                 "--predictor", "y@2008", "--predictor", "y@2014", "--v-method", "equal",
                                 "--placebos", "--workers", "1", "--format", "json", "--output", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["placebo"]["n_placebos"] == 11
    assert doc["p_value"] == pytest.approx((doc["placebo"]["rank"]) / 12)
    assert doc["rmspe_ratio"] > 0
    csv_result = runner.invoke(app, ["synth", *council_args(council_csv), "--treated", "C04",
                                     "--treatment-time", "2015", "--v-method", "equal", "--format", "csv"])
    assert csv_result.exit_code == 0, csv_result.output
    rows = list(csv.DictReader(io.StringIO(csv_result.stdout)))
    assert len(rows) == 12 and set(rows[0]) == {"time", "treated", "synthetic", "gap", "post"}
    assert sum(int(r["post"]) for r in rows) == 3


def test_synth_cross_validation_and_donor_list(council_csv):
    result = runner.invoke(app, ["synth", *council_args(council_csv), "--treated", "C04", "--treatment-time", "2015",
                                 "--v-method", "cross-validate", "--train-period", "2006:2009",
                                 "--validation-period", "2010:2013", "--donors", "C01", "--donors", "C02",
                                 "--donors", "C03", "--donors", "C07", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc["weights"]) == {"C01", "C02", "C03", "C07"}
    assert doc["v_method"] == "cross-validate"


@pytest.mark.parametrize("args, message", [
    (["--treated", "Narnia", "--treatment-time", "1989"], "Treated unit 'Narnia' is not in the panel"),
    (["--treated", "California", "--treatment-time", "1971"], "before the treatment time 1971"),
    (["--treated", "California", "--treatment-time", "1989", "--predictor", "spend"], "Column 'spend' is not in the panel"),
    (["--treated", "California", "--treatment-time", "1989", "--predictor", "cigsale:1988-1980"], "starts after it ends"),
    (["--treated", "California", "--treatment-time", "1989", "--v-method", "cross-validate",
      "--train-period", "1970-1979", "--validation-period", "1980:1988"], "must look like FROM:TO"),
])
def test_synth_errors_exit_2_with_one_line(args, message):
    result = runner.invoke(app, ["synth", *PROP99, *args])
    assert result.exit_code == 2
    text = " ".join(result.stderr.split())
    assert message in text
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_panel_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("council,year,y\nLeeds,2010,1\nLeeds,2011,x\nYork,2010,2\nYork,2011,3\n")
    result = runner.invoke(app, ["synth", "--panel", str(bad), "--unit", "council", "--time", "year",
                                 "--outcome", "y", "--treated", "Leeds", "--treatment-time", "2011"])
    assert result.exit_code == 2
    assert "Column 'y' must be numeric, but data row 2" in " ".join(result.stderr.split())
    missing = runner.invoke(app, ["did", "--panel", str(tmp_path / "none.csv"), "--unit", "council", "--time",
                                  "year", "--outcome", "y", "--treated", "Leeds", "--treatment-time", "2011"])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_did_2x2_json_and_csv():
    result = runner.invoke(app, ["did", *PROP99, "--treated", "California", "--treatment-time", "1989"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["effect"]["estimate"] == pytest.approx(-27.3, abs=0.1)
    assert doc["cluster"] == "state"
    as_csv = runner.invoke(app, ["did", *PROP99, "--treated", "California", "--treatment-time", "1989",
                                 "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows[0]["term"] == "treated_x_post" and float(rows[0]["estimate"]) == pytest.approx(-27.349, abs=1e-3)


def test_did_event_study_cluster_and_cohort(council_csv):
    es = runner.invoke(app, ["did", *council_args(council_csv), "--treated", "C04", "--treated", "C06",
                             "--treatment-time", "2015", "--event-study", "--cluster", "region", "--format", "csv"])
    assert es.exit_code == 0, es.output
    rows = list(csv.DictReader(io.StringIO(es.stdout)))
    assert {int(r["relative_time"]) for r in rows} == set(range(-9, 3)) - {-1}
    cs = runner.invoke(app, ["did", *council_args(council_csv), "--cohort", "cohort", "--control", "not-yet"])
    assert cs.exit_code == 0, cs.output
    doc = json.loads(cs.stdout)
    assert doc["method"] == "callaway_santanna" and {c["cohort"] for c in doc["group_time"]} == {2013, 2015}


def test_did_needs_treated_or_cohort(council_csv):
    result = runner.invoke(app, ["did", *council_args(council_csv)])
    assert result.exit_code == 2 and "--treated" in result.stderr
    unstable = runner.invoke(app, ["did", *council_args(council_csv), "--treated", "C04", "--treatment-time", "2015",
                                   "--cluster", "year"])
    assert unstable.exit_code == 2 and "constant within each unit" in unstable.stderr


NO_BEER_ARGS = ["--treated", "California", "--treatment-time", "1989",
                "--predictor", "lnincome:1980-1988", "--predictor", "retprice:1980-1988",
                "--predictor", "age15to24:1980-1988", "--predictor", "cigsale@1975", "--predictor", "cigsale@1980",
                "--predictor", "cigsale@1988"]


def test_synth_in_time_placebo_and_leave_one_out_json_on_prop99():
    result = runner.invoke(app, ["synth", *PROP99, *NO_BEER_ARGS, "--in-time-placebo", "1985", "--leave-one-out"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    real = doc["average_effect"]
    assert real == pytest.approx(-17.5, abs=2)
    (fake,) = doc["in_time_placebos"]
    assert fake["fake_time"] == 1985 and [p["time"] for p in fake["periods"]] == list(range(1970, 1989))
    assert [p["time"] for p in fake["periods"] if p["post"]] == [1985, 1986, 1987, 1988]
    post_gaps = [p["gap"] for p in fake["periods"] if p["post"]]
    assert fake["average_effect"] == pytest.approx(sum(post_gaps) / 4)
    # ADH report a fake 1988 start is near zero; our 1985 fake start gives about -7, against about -17.5.
    assert abs(fake["average_effect"]) < 0.5 * abs(real)
    assert sum(fake["weights"].values()) == pytest.approx(1.0, abs=1e-6)
    loo = doc["leave_one_out"]
    assert {r["dropped"] for r in loo} == {u for u, w in doc["weights"].items() if w > 1e-6}
    for run in loo:
        assert run["dropped"] not in run["weights"] and sum(run["weights"].values()) == pytest.approx(1.0, abs=1e-6)
        assert -25 < run["average_effect"] < -12  # every refit is a clear fall, near the real effect
    plain = json.loads(runner.invoke(app, ["synth", *PROP99, *NO_BEER_ARGS]).stdout)
    assert plain["in_time_placebos"] is None and plain["leave_one_out"] is None


def test_synth_checks_csv_is_long_with_one_run_per_block():
    result = runner.invoke(app, ["synth", *PROP99, *NO_BEER_ARGS, "--in-time-placebo", "1984",
                                 "--in-time-placebo", "1986", "--leave-one-out", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["run", "time", "treated", "synthetic", "gap", "post", "average_effect", "weights"]
    runs = list(dict.fromkeys(r["run"] for r in rows))
    assert runs[:3] == ["main", "in-time-placebo:1984", "in-time-placebo:1986"]
    assert all(r.startswith("leave-one-out:") for r in runs[3:]) and len(runs) > 3
    fake = [r for r in rows if r["run"] == "in-time-placebo:1986"]
    assert len(fake) == 19 and sum(int(r["post"]) for r in fake) == 3
    main = [r for r in rows if r["run"] == "main"]
    assert len(main) == 31 and "Utah=" in main[0]["weights"]
    dropped = runs[3].split(":", 1)[1]
    assert all(f"{dropped}=" not in r["weights"] for r in rows if r["run"] == runs[3])


@pytest.mark.parametrize("year, message", [
    ("1989", "--in-time-placebo 1989 must be before the treatment time 1989."),
    ("1995", "--in-time-placebo 1995 must be before the treatment time 1989."),
    ("1972", "--in-time-placebo 1972 leaves 2 period(s) before it; at least 3 are needed."),
])
def test_in_time_placebo_year_errors_are_one_line(year, message):
    result = runner.invoke(app, ["synth", *PROP99, *NO_BEER_ARGS, "--in-time-placebo", year])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"Error: {message}"]


def test_sdid_json_reproduces_arkhangelsky_on_prop99():
    result = runner.invoke(app, ["sdid", *PROP99, "--treated", "California", "--treatment-time", "1989",
                                 "--replications", "20", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["method"] == "synthetic_did" and doc["estimate"] == pytest.approx(-15.6, abs=0.1)
    assert doc["std_error"] > 0 and doc["ci_low"] < doc["estimate"] < doc["ci_high"]
    assert sum(doc["unit_weights"].values()) == pytest.approx(1.0) and "California" not in doc["unit_weights"]
    assert sum(doc["time_weights"].values()) == pytest.approx(1.0) and set(doc["time_weights"]) <= {
        str(y) for y in range(1970, 1989)}


def test_sdid_csv_and_errors(council_csv):
    result = runner.invoke(app, ["sdid", *council_args(council_csv), "--treated", "C04", "--treatment-time", "2015",
                                 "--se", "none", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["kind"] for r in rows} == {"unit", "time"} and len([r for r in rows if r["kind"] == "unit"]) == 11
    bad = runner.invoke(app, ["sdid", *council_args(council_csv), "--treated", "C04", "--treatment-time", "2015",
                              "--se", "jackknife"])
    assert bad.exit_code == 2 and "at least two treated units" in bad.output
    missing = runner.invoke(app, ["sdid", *council_args(council_csv), "--treated", "Nowhere", "--treatment-time", "2015"])
    assert missing.exit_code == 2 and "'Nowhere' is not in the panel" in missing.output
