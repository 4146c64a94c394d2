"""The demo's illustrative panel and analysis: the analysis recovers the effect injected into the generated data."""
from riep.impact import demo as impact_demo
from riep.impact.models import AnalysisStatus, ImpactAnalysis


def test_demo_analysis_recovers_the_injected_effect(impact):
    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    assert analysis.status == AnalysisStatus.SUCCEEDED, analysis.error
    r = analysis.result
    assert abs(r["average_effect"] - impact_demo.INJECTED_EFFECT) < 1.0
    # Leave-one-out: each of the six weighted donors left out in turn moves the effect by under 0.2 (-6.03 to -5.84).
    effects = [run["average_effect"] for run in r["leave_one_out"]["runs"]]
    assert len(effects) >= 3 and all(abs(e - r["average_effect"]) < 0.5 for e in effects)
    # In-time placebo: a pretend start two years early (2007) on 2004-2008 data gives about -1.3, no injected effect
    # there; with only three years before the pretend start the fit is near perfect, so this is a weak check.
    in_time = r["in_time_placebo"]
    assert in_time["fake_year"] == impact_demo.START - 2 and not in_time["skipped"]
    assert abs(in_time["average_effect"]) < 0.5 * abs(r["average_effect"])


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
