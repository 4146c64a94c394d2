"""Staggered adoption and the penalised estimator from the analysis form to the page: each treated council's own
start for difference-in-differences (Callaway-Sant'Anna), lambda for synthetic control, both in the comparison."""
import re

import pytest

from riep.core.jobs import work
from riep.impact.models import AnalysisStatus, ImpactAnalysis, IndicatorPanel

from .conftest import MANAGER_SE


@pytest.fixture
def panel(impact):
    return IndicatorPanel.objects.get(illustrative=True)


def _post(client, panel, **overrides):
    data = {"panel": panel.pk, "title": "Staggered", "outcome": "cost_per_household", "treated": "E07000106\nE07000108",
            "treatment_year": "2009-10", "adoption": "E07000108 2010-11", "penalty": "0.1", "donor_rule": "same_region",
            "v_method": "equal", "outcome_label": "£ per household", "predictors": "", "donors": ""}
    data.update(overrides)
    return client.post("/impact/analyses/new/", data)


def test_staggered_and_penalised_run_and_show_beside_the_others(as_user, panel):
    client = as_user(MANAGER_SE)
    response = _post(client, panel)
    assert response.status_code == 302, response.content.decode()[:2000]
    analysis = ImpactAnalysis.objects.get(title="Staggered")
    assert analysis.adoption == {"E07000106": 2009, "E07000108": 2010} and analysis.penalty == pytest.approx(0.1)
    assert work(once=True) == 1
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.SUCCEEDED, analysis.error
    r = analysis.result
    assert r["treatment_year"] == 2009 and r["penalty"] == pytest.approx(0.1) and r["did"] is None
    s = r["staggered"]
    assert s["estimate"] < 0 and s["ci_low"] < s["estimate"] < s["ci_high"]  # the demo's injected saving
    assert {g["cohort"] for g in s["group_time"]} == {2009, 2010} and 0 in {e["event"] for e in s["event_study"]}
    names = [row["name"] for row in r["comparison"]["rows"]]
    assert "Penalised synthetic control (lambda 0.1)" in names
    assert "Staggered difference-in-differences (Callaway and Sant'Anna)" in names
    page = client.get(analysis.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert "each council's own start: Canterbury 2009-10, Dover 2010-11" in page
    assert 'id="table-staggered"' in page and "penalised synthetic control, lambda 0.1" in page
    # One minus sign on the page: no ASCII hyphen-minus before a digit in any table cell or figure.
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', page)
    assert cells and not [c for c in cells if c.strip().startswith("-")]
    assert any(c.strip().startswith("\u2212") for c in cells)


def test_staggered_starts_must_be_of_treated_councils(as_user, panel):
    client = as_user(MANAGER_SE)
    page = _post(client, panel, adoption="E07000112 2010-11").content.decode()
    assert "Only treated councils can have their own start" in page
    page = _post(client, panel, adoption="E07000108").content.decode().replace("&#x27;", "'")
    assert "give the council and its first year" in page
    page = _post(client, panel, penalty="-1").content.decode()
    assert "Penalty" in page and not ImpactAnalysis.objects.filter(title="Staggered").exists()


def test_a_calendar_year_panel_speaks_calendar_years(as_user, panel):
    IndicatorPanel.objects.filter(pk=panel.pk).update(period_kind="calendar_year")
    client = as_user(MANAGER_SE)
    form = client.get(f"/impact/analyses/new/?panel={panel.pk}").content.decode()
    assert "Start (calendar year)" in form and f"{panel.first_period} to {panel.last_period}" in form
    page = _post(client, panel, adoption="", penalty="").content.decode().replace("&#x27;", "'")
    assert "Enter a calendar year such as 2009 (the panel is of calendar years), not '2009-10'" in page
    assert _post(client, panel, adoption="", penalty="", treatment_year="2009").status_code == 302
