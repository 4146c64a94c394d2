"""Loading panels: clear, plain-English errors for every way a panel can be unusable."""
import pandas as pd
import pytest

from riep.impact.engine import (
    DuplicateRowError,
    ImpactError,
    MissingColumnError,
    NonNumericError,
    PanelError,
    SpecError,
    SynthSpec,
    TooFewPrePeriodsError,
    UnitNotFoundError,
    fit_synth,
    load_panel,
    panel_from_frame,
)


def frame():
    rows = []
    for unit in ("Leeds", "York", "Hull"):
        for year in range(2010, 2016):
            rows.append({"council": unit, "year": year, "y": float(year - 2000 + len(unit))})
    return pd.DataFrame(rows)


def test_valid_panel_pivots_to_unit_by_time():
    panel = panel_from_frame(frame(), "council", "year", ["y"])
    assert panel.units == ("Hull", "Leeds", "York")
    assert panel.times == tuple(range(2010, 2016))
    assert panel.values["y"].shape == (3, 6)
    assert panel.values["y"][panel.unit_index("York"), 0] == 14.0


def test_missing_column_names_it_and_lists_the_available_ones():
    with pytest.raises(MissingColumnError, match=r"Column 'spend' is not in the panel.*council, year, y"):
        panel_from_frame(frame(), "council", "year", ["spend"])


def test_non_numeric_value_names_column_and_first_offending_row():
    df = frame()
    df["y"] = df["y"].astype(object)
    df.loc[4, "y"] = "n/a"
    df.loc[9, "y"] = "oops"
    with pytest.raises(NonNumericError) as err:
        panel_from_frame(df, "council", "year", ["y"])
    message = str(err.value)
    assert "Column 'y' must be numeric" in message
    assert "data row 5" in message and "'Leeds'" in message and "2014" in message and "'n/a'" in message


def test_blank_cells_are_missing_not_garbage():
    df = frame()
    df["y"] = df["y"].astype(object)
    df.loc[2, "y"] = "  "
    panel = panel_from_frame(df, "council", "year", ["y"])
    assert pd.isna(panel.values["y"][panel.unit_index("Leeds"), 2])


def test_non_integer_time_is_rejected():
    df = frame()
    df["year"] = df["year"].astype(float)
    df.loc[3, "year"] = 2013.5
    with pytest.raises(NonNumericError, match="whole periods"):
        panel_from_frame(df, "council", "year", ["y"])


def test_text_time_is_rejected_with_the_row():
    df = frame()
    df["year"] = df["year"].astype(object)
    df.loc[0, "year"] = "2010/11"
    with pytest.raises(NonNumericError, match=r"Column 'year' must be numeric, but data row 1"):
        panel_from_frame(df, "council", "year", ["y"])


def test_duplicate_unit_time_rows_are_rejected():
    df = pd.concat([frame(), frame().iloc[[7]]], ignore_index=True)
    with pytest.raises(DuplicateRowError, match=r"Unit 'York' appears more than once for time 2011"):
        panel_from_frame(df, "council", "year", ["y"])


def test_treated_unit_absent():
    panel = panel_from_frame(frame(), "council", "year", ["y"])
    with pytest.raises(UnitNotFoundError, match=r"Treated unit 'Bradford' is not in the panel's 'council' column"):
        fit_synth(panel, SynthSpec("y", "Bradford", 2014))


def test_too_few_pre_periods():
    panel = panel_from_frame(frame(), "council", "year", ["y"])
    with pytest.raises(TooFewPrePeriodsError, match=r"Only 2 period\(s\) before the treatment time 2012"):
        fit_synth(panel, SynthSpec("y", "Leeds", 2012))


def test_treatment_after_the_panel_ends():
    panel = panel_from_frame(frame(), "council", "year", ["y"])
    with pytest.raises(TooFewPrePeriodsError, match="no post period"):
        fit_synth(panel, SynthSpec("y", "Leeds", 2030))


def test_errors_are_value_errors():
    for cls in (PanelError, MissingColumnError, NonNumericError, DuplicateRowError, UnitNotFoundError,
                TooFewPrePeriodsError, SpecError):
        assert issubclass(cls, ImpactError) and issubclass(cls, ValueError)


def test_csv_and_parquet_round_trip(tmp_path):
    df = frame()
    df.to_csv(tmp_path / "p.csv", index=False)
    df.to_parquet(tmp_path / "p.parquet")
    a = load_panel(tmp_path / "p.csv", "council", "year", ["y"])
    b = load_panel(tmp_path / "p.parquet", "council", "year", ["y"])
    assert a.units == b.units and (a.values["y"] == b.values["y"]).all()


def test_unreadable_files(tmp_path):
    with pytest.raises(PanelError, match="does not exist"):
        load_panel(tmp_path / "missing.csv", "council", "year", ["y"])
    (tmp_path / "p.xlsx").write_text("x")
    with pytest.raises(PanelError, match="must be .csv or .parquet"):
        load_panel(tmp_path / "p.xlsx", "council", "year", ["y"])


def test_gaps_are_left_out_of_the_fit_or_drop_the_donor_with_the_reason():
    df = frame()
    df.loc[(df.council == "Hull") & (df.year == 2011), "y"] = None
    panel = panel_from_frame(df, "council", "year", ["y"])
    # One pre-period year missing for a donor: the year leaves the fit, the donor stays.
    result = fit_synth(panel, SynthSpec("y", "Leeds", 2014, v_method="equal"))
    assert result.donors == ("Hull", "York")
    assert result.missing.years_left_out == (2011,)
    assert any("2011 left out of the fit" in w for w in result.diagnostics.warnings)
    # The treated unit's own gap is reported prominently and the fit still runs.
    result = fit_synth(panel, SynthSpec("y", "Hull", 2014))
    assert result.missing.treated_missing_pre == (2011,)
    assert "no 'y' value for 2011" in result.diagnostics.warnings[0]
    # A donor with no outcome after the start cannot be part of the counterfactual: dropped, with the reason.
    df.loc[(df.council == "Hull") & (df.year == 2015), "y"] = None
    result = fit_synth(panel_from_frame(df, "council", "year", ["y"]), SynthSpec("y", "Leeds", 2014))
    assert result.donors == ("York",)
    assert result.missing.dropped_donors == (("Hull", "no outcome after the start (2015)"),)
