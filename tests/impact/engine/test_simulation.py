"""A small, fast version of bench/simulate_impact.py with loose, honest bounds.

Ten replications cannot pin down size or power; these bounds only catch gross failures (a biased
estimator, a test that always or never rejects). The full study is in docs/impact-simulation.md.
"""
import numpy as np
import pytest

from riep.impact.engine.simulation import Replication, SimulationConfig, _did_all, run_study, summarise


@pytest.fixture(scope="module")
def study():
    cfg = SimulationConfig(replications=12, councils=30, years=16, post_years=3, v_method="equal",
                           effects=(0.0, 8.0), seed=11)
    return cfg, summarise(cfg, run_study(cfg))


def row(rows, estimator, effect):
    return next(r for r in rows if r.estimator == estimator and r.effect == effect)


def test_synthetic_control_is_roughly_unbiased_and_precise(study):
    _, rows = study
    sc = row(rows, "synthetic control", 0.0)
    # Noise sd is 1, but post-period factor drift the donors do not share adds error (the
    # synthetic-control bias ADH discuss); with 30 councils and 12 draws only gross failures show.
    assert abs(sc.bias) < 1.5
    assert sc.rmse < 5.0


def test_placebo_test_size_and_power(study):
    _, rows = study
    assert row(rows, "synthetic control", 0.0).rejection[0.10] <= 0.34  # nominal 0.10
    assert row(rows, "synthetic control", 8.0).rejection[0.10] >= 0.66  # an effect of 8 noise sds


def test_did_closed_form_matches_the_regression():
    from riep.impact.engine.did import did_2x2
    from riep.impact.engine.simulate import CouncilPanelSpec, council_panel

    panel = council_panel(CouncilPanelSpec(councils=10, years=8, seed=5))
    post = np.asarray(panel.times) >= panel.times[5]
    closed = _did_all(panel.values["y"], post, 3)[3]
    assert closed == pytest.approx(did_2x2(panel, "y", [panel.units[3]], panel.times[5]).effect.estimate)


def test_rejection_rates_are_computed_from_p_values():
    cfg = SimulationConfig(effects=(0.0, 1.0), alphas=(0.05,))
    reps = [Replication(0.5, 1.0, (0.04, 0.01), (0.5, 0.2), 1.0), Replication(-0.5, -1.0, (0.5, 0.05), (0.9, 0.9), 1.0)]
    rows = summarise(cfg, reps)
    assert row(rows, "synthetic control", 0.0).rejection[0.05] == 0.5
    assert row(rows, "synthetic control", 1.0).rejection[0.05] == 1.0
    assert row(rows, "synthetic control", 0.0).bias == 0.0 and row(rows, "synthetic control", 0.0).rmse == 0.5
