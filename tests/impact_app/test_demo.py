"""The demo's illustrative panel and analysis: the analysis recovers the effect injected into the generated data."""
from riep.impact import demo as impact_demo
from riep.impact.models import AnalysisStatus, ImpactAnalysis, IndicatorPanel


def test_demo_analysis_recovers_the_injected_effect(impact):
    analysis = ImpactAnalysis.objects.get(project__code="se-waste")
    assert analysis.status == AnalysisStatus.SUCCEEDED, analysis.error
    r = analysis.result
    assert abs(r["average_effect"] - impact_demo.INJECTED_EFFECT) < 1.0
