"""The demo's illustrative panel and analysis: the analysis recovers the effect injected into the generated data."""
from riep.impact import demo as impact_demo
from riep.impact.models import AnalysisStatus, ImpactAnalysis


def test_demo_analysis_recovers_the_injected_effect(impact):
    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    assert analysis.status == AnalysisStatus.SUCCEEDED, analysis.error
    r = analysis.result
    # Realistic noise (AR(1), persistence 0.6): a non-degenerate fit, well above the documented floor.
    assert r["pre_rmspe"] > 5 * r["rmspe_floor"] and not r["near_perfect_fit"] and not r["exact_mixture"]
    assert r["rmspe_ratio"] < 100
    assert abs(r["average_effect"] - impact_demo.INJECTED_EFFECT) < 1.5
    # Believable uncertainty: every estimator's interval covers the injected -6 (synthetic control's 90% conformal
    # interval is wide: 16 years give the moving-block test little power, and the page says so).
    rows = {row["key"]: row for row in r["comparison"]["rows"]}
    assert set(rows) == {"sc", "ascm", "did", "sdid"}
    for key in ("sc", "did", "sdid"):
        assert rows[key]["low"] < impact_demo.INJECTED_EFFECT < rows[key]["high"], key
    assert rows["did"]["high"] < 0 and rows["sdid"]["high"] < 0
    # Leave-one-out: no weighted donor moves the effect by more than 1.
    effects = [run["average_effect"] for run in r["leave_one_out"]["runs"]]
    assert len(effects) >= 3 and all(abs(e - r["average_effect"]) < 1.0 for e in effects)
    in_time = r["in_time_placebo"]
    assert in_time["fake_year"] == impact_demo.START - 2 and not in_time["skipped"]
    assert abs(in_time["average_effect"]) < 0.5 * abs(r["average_effect"])


def test_demo_comparison_verdict(impact):
    """The four estimators agree in sign and size; the verdict says so and names the inconclusive interval."""
    verdict = ImpactAnalysis.objects.get(project__code="se-waste").result["comparison"]["verdict"]
    assert verdict["agree"] is True
    assert verdict["headline"].startswith("The estimators agree: every one finds an effect of the same sign")
    assert "the interval of synthetic control includes it" in verdict["headline"]


def test_demo_p_value_does_not_move_with_tiny_noise(impact):
    """Adding noise of 1e-9 to every value changes no rank: the p-value rests on the fit, not on rounding."""
    import numpy as np

    from riep.impact import services

    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    frame = analysis.panel.frame()
    rng = np.random.default_rng(1)
    for col in analysis.panel.numeric_columns:
        frame[col] = frame[col] + rng.normal(0, 1e-9, size=len(frame))
    buffer = __import__("io").BytesIO()
    frame.to_csv(buffer, index=False, float_format="%.12f")
    parsed = services.parse_panel(buffer.getvalue(), "noisy.csv", "gss_code", "year")
    panel = services.save_panel(parsed, name="noisy", file_name="noisy.csv", unit_column="gss_code",
                                time_column="year", source="test", licence="OGL", vintage="", description="",
                                illustrative=True)
    noisy = services.create_analysis(
        None, enqueue_job=False, title="noisy", project=analysis.project, gain=None, panel=panel,
        outcome=analysis.outcome, outcome_label=analysis.outcome_label, treated=analysis.treated,
        treatment_year=analysis.treatment_year, donor_rule=analysis.donor_rule, donors=[], predictors=[],
        v_method="nested", placebos=True, illustrative=True)
    services.run_analysis(noisy)
    assert noisy.result["placebo"]["p_value"] == analysis.result["placebo"]["p_value"]
    assert noisy.result["placebo"]["rank"] == analysis.result["placebo"]["rank"]
    assert abs(noisy.result["average_effect"] - analysis.result["average_effect"]) < 1e-4


def test_demo_analysis_page_shows_the_robustness_checks(as_user):
    from .conftest import MANAGER_SE

    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    client = as_user(MANAGER_SE)
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "The effect does not depend on any one donor: leaving each weighted council out in turn gives effects from" in page
    assert "Pretending the change started in 2007-08, 2 years early" in page and "much smaller, as expected" in page
    assert "Leave-one-out: each weighted donor left out in turn" in page and "In-time placebo: a pretend start in 2007-08" in page
    download = client.get(analysis.get_absolute_url(), {"download": "leave-one-out", "format": "csv"})
    assert download.status_code == 200 and "Council left out" in download.getvalue().decode("utf-8-sig")
    download = client.get(analysis.get_absolute_url(), {"download": "in-time-placebo", "format": "csv"})
    assert download.status_code == 200 and "2007-08" in download.getvalue().decode("utf-8-sig")
    xlsx = client.get(analysis.get_absolute_url(), {"download": "leave-one-out", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.getvalue()[:2] == b"PK"


def test_older_results_without_the_checks_still_render(as_user):
    from .conftest import MANAGER_SE

    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    result = dict(analysis.result)
    del result["leave_one_out"], result["in_time_placebo"]
    ImpactAnalysis.objects.filter(pk=analysis.pk).update(result=result)
    page = as_user(MANAGER_SE).get(analysis.get_absolute_url()).content.decode()
    assert "Average effect after the start" in page and "Robustness checks" not in page


def test_demo_page_compares_the_estimators_in_financial_years(as_user):
    from .conftest import MANAGER_SE

    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    client = as_user(MANAGER_SE)
    page = client.get(analysis.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert "govuk-panel--confirmation" not in page  # no single green box
    assert analysis.result["comparison"]["verdict"]["headline"].replace("£", "&pound;")[:40] in page.replace("£", "&pound;")
    for name in ("Synthetic control", "Augmented synthetic control (ridge)", "Difference-in-differences",
                 "Synthetic difference-in-differences"):
        assert name in page
    assert "90% interval" in page and "moving-block permutations" in page  # the conformal interval beside the test
    assert "<dd class=\"govuk-summary-list__value\">2009-10</dd>" in page  # the start as a financial year
    assert "2009-10" in page.split('role="img"')[1]  # chart axis labels in financial years too
    download = client.get(analysis.get_absolute_url(), {"download": "comparison", "format": "csv"})
    assert download.status_code == 200 and "Synthetic difference-in-differences" in download.getvalue().decode("utf-8-sig")
