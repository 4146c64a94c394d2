"""Difference-in-differences: 2x2, TWFE event study and Callaway-Sant'Anna."""
import numpy as np
import pytest

from riep.impact.engine import SpecError, UnitNotFoundError
from riep.impact.engine.did import callaway_santanna, did_2x2, event_study
from riep.impact.engine.types import Panel


def staggered_panel(noise=0.0, seed=0):
    """60 units: 20 adopt in 2004 (effect 1 + (t-g)), 20 in 2007 (effect 1 + 3(t-g)), 20 never."""
    rng = np.random.default_rng(seed)
    n, times = 60, tuple(range(2000, 2012))
    units = tuple(f"U{i:02d}" for i in range(n))
    adoption = {u: (2004 if i < 20 else 2007) for i, u in enumerate(units) if i < 40}
    Y = rng.normal(size=(n, 1)) * 3 + np.arange(len(times)) * 0.5 + rng.normal(size=(n, len(times))) * noise
    effect = np.zeros_like(Y)
    for i, u in enumerate(units):
        g = adoption.get(u)
        if g is not None:
            slope = 1 if g == 2004 else 3
            effect[i] = [1 + (t - g) * slope if t >= g else 0.0 for t in times]
    return Panel("unit", "year", units, times, {"y": Y + effect}), adoption, effect


def test_2x2_equals_difference_of_four_means_and_clusters(prop99):
    result = did_2x2(prop99, "cigsale", ["California"], 1989)
    assert result.effect.estimate == pytest.approx(-27.349, abs=1e-3)
    assert result.n_units == 39 and result.n_obs == 39 * 31
    assert result.effect.ci_low < result.effect.estimate < result.effect.ci_high
    regions = {u: ("west" if u in {"California", "Nevada", "Utah", "Colorado", "Idaho", "Montana"} else u[0])
               for u in prop99.units}
    clustered = did_2x2(prop99, "cigsale", ["California"], 1989, clusters=regions)
    assert clustered.effect.estimate == pytest.approx(result.effect.estimate)
    assert clustered.effect.std_error != pytest.approx(result.effect.std_error)
    assert any("clusters" in w for w in clustered.warnings)


def test_2x2_errors(prop99):
    with pytest.raises(UnitNotFoundError):
        did_2x2(prop99, "cigsale", ["Narnia"], 1989)
    with pytest.raises(SpecError):
        did_2x2(prop99, "cigsale", list(prop99.units), 1989)


def test_event_study_prop99_has_a_reference_period_and_growing_effect(prop99):
    es = event_study(prop99, "cigsale", {"California": 1989})
    rel = [c.relative_time for c in es.coefficients]
    assert -1 not in rel and rel[0] == -19 and rel[-1] == 11
    post = {c.relative_time: c.estimate.estimate for c in es.coefficients if c.relative_time >= 0}
    assert post[11] < post[0] < 0


def test_callaway_santanna_recovers_heterogeneous_dynamic_effects():
    panel, adoption, effect = staggered_panel()
    for control in ("never", "not-yet"):
        cs = callaway_santanna(panel, "y", adoption, control_group=control)
        for cell in cs.group_time:
            if cell.time >= cell.cohort:
                slope = 1 if cell.cohort == 2004 else 3
                assert cell.att == pytest.approx(1 + (cell.time - cell.cohort) * slope, abs=1e-9)
            else:
                assert cell.att == pytest.approx(0.0, abs=1e-9)
        assert cs.overall.estimate == pytest.approx(71 / 13, abs=1e-9)  # 13 equally weighted post cells
        es = {e.relative_time: e.estimate.estimate for e in cs.event_study}
        assert es[0] == pytest.approx(1.0) and es[2] == pytest.approx((3 + 7) / 2)


def test_twfe_event_study_is_biased_under_staggered_heterogeneity():
    panel, adoption, _ = staggered_panel()
    es = {c.relative_time: c.estimate.estimate for c in event_study(panel, "y", adoption).coefficients}
    assert abs(es[-5]) > 0.5  # spurious pre-trend from forbidden comparisons


def test_callaway_santanna_standard_errors_cover_the_truth():
    hits = 0
    for seed in range(40):
        panel, adoption, _ = staggered_panel(noise=1.0, seed=seed)
        cs = callaway_santanna(panel, "y", adoption)
        hits += cs.overall.ci_low <= 71 / 13 <= cs.overall.ci_high
    assert hits >= 33  # nominal 95%: 38 of 40 expected; loose bound for 40 draws


def test_callaway_santanna_needs_controls():
    panel, adoption, _ = staggered_panel()
    everyone = {u: 2004 for u in panel.units}
    with pytest.raises(SpecError, match="never-treated"):
        callaway_santanna(panel, "y", everyone, control_group="never")
