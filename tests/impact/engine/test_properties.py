"""Property tests of the synthetic-control estimator on generated panels."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riep.impact.engine import fit_synth
from riep.impact.engine.predictors import parse_predictor
from riep.impact.engine.simulate import CouncilPanelSpec, add_effect, council_panel
from riep.impact.engine.types import Panel, SynthSpec


def _panel(Y: np.ndarray, first_year: int = 2000) -> Panel:
    units = tuple(f"U{i:02d}" for i in range(Y.shape[0]))
    times = tuple(range(first_year, first_year + Y.shape[1]))
    return Panel("unit", "year", units, times, {"y": Y})


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6), st.integers(1, 6), st.integers(1, 4), st.integers(0, 10_000))
def test_perfect_fit_recovers_the_convex_combination(J, extra_pre, T1, seed):
    """Treated = a convex combination of donors in every period: the weights are recovered and the
    pre-period RMSPE and every gap are zero (J <= pre-periods makes the combination unique)."""
    rng = np.random.default_rng(seed)
    T0 = J + extra_pre
    donors = rng.normal(size=(J, T0 + T1)).cumsum(axis=1) * 3 + rng.normal(50, 10, size=(J, 1))
    w = rng.dirichlet(np.ones(J))
    w[rng.random(J) < 0.3] = 0.0
    if w.sum() == 0:
        w[0] = 1.0
    w /= w.sum()
    Y = np.vstack([w @ donors, donors])
    result = fit_synth(_panel(Y), SynthSpec("y", "U00", 2000 + T0))
    got = np.array(result.weights)
    np.testing.assert_allclose(got, w, atol=1e-6)
    assert result.pre_rmspe == pytest.approx(0.0, abs=1e-6)
    np.testing.assert_allclose(result.gaps, 0.0, atol=1e-6)


small_panels = st.builds(
    lambda n, T, seed: council_panel(CouncilPanelSpec(councils=n, years=T, seed=seed)),
    st.integers(6, 20), st.integers(8, 14), st.integers(0, 10_000),
)
PREDICTORS = tuple(parse_predictor(p) for p in ("deprivation", "density", "y@2006", "y@2009"))


@settings(max_examples=25, deadline=None)
@given(small_panels, st.sampled_from(["nested", "equal"]))
def test_weights_on_simplex_and_gaps_are_treated_minus_synthetic(panel, v_method):
    treat_year = panel.times[-3]
    result = fit_synth(panel, SynthSpec("y", panel.units[0], treat_year, predictors=PREDICTORS, v_method=v_method))
    w = np.array(result.weights)
    assert np.all(w >= 0) and w.sum() == pytest.approx(1.0, abs=1e-9)
    assert sum(result.v) == pytest.approx(1.0) and min(result.v) >= 0
    treated, synthetic = np.array(result.treated_outcome), np.array(result.synthetic_outcome)
    np.testing.assert_allclose(result.gaps, treated - synthetic, atol=1e-9)
    donors_y = panel.values["y"][[panel.unit_index(u) for u in result.donors]]
    np.testing.assert_allclose(synthetic, w @ donors_y, atol=1e-9)
    assert result.diagnostics.effective_donors == pytest.approx(1 / np.sum(w ** 2))


@settings(max_examples=20, deadline=None)
@given(small_panels, st.floats(-20, 20))
def test_constant_post_effect_shifts_the_estimate_by_that_constant(panel, effect):
    treat_year = panel.times[-4]
    spec = SynthSpec("y", panel.units[1], treat_year, predictors=PREDICTORS)
    base = fit_synth(panel, spec)
    shifted = fit_synth(add_effect(panel, panel.units[1], treat_year, effect), spec)
    assert shifted.weights == base.weights  # pre-period data unchanged, so the fit is identical
    assert shifted.average_effect == pytest.approx(base.average_effect + effect, abs=1e-9)
    post = np.asarray(panel.times) >= treat_year
    np.testing.assert_allclose(np.array(shifted.gaps)[post], np.array(base.gaps)[post] + effect, atol=1e-9)
    np.testing.assert_allclose(np.array(shifted.gaps)[~post], np.array(base.gaps)[~post], atol=1e-12)
