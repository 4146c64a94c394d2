"""Placebo inference, leave-one-out, cross-validated V and the penalised estimator."""
import numpy as np
import pytest

from riep.impact.engine import SpecError, SynthSpec, fit_synth, in_space_placebos, in_time_placebo, leave_one_out
from riep.impact.engine.datasets import prop99_spec
from riep.impact.engine.predictors import parse_predictor
from riep.impact.engine.simulate import CouncilPanelSpec, add_effect, council_panel

NO_BEER = tuple(parse_predictor(p) for p in ("lnincome:1980-1988", "retprice:1980-1988", "age15to24:1980-1988",
                                             "cigsale@1975", "cigsale@1980", "cigsale@1988"))


def test_leave_one_out_drops_each_weighted_donor(prop99, prop99_result):
    fits = leave_one_out(prop99, prop99_spec(), result=prop99_result)
    weighted = {d for d, w in prop99_result.weights_by_unit.items() if w > 1e-6}
    assert {f.dropped for f in fits} == weighted
    for f in fits:
        assert f.dropped not in f.weights
        assert sum(f.weights.values()) == pytest.approx(1.0)
        assert f.average_effect < -10  # the Prop 99 effect survives dropping any one donor


def test_in_time_placebo_before_prop99_is_much_smaller_than_the_real_effect(prop99, prop99_result):
    placebo = in_time_placebo(prop99, prop99_spec(predictors=NO_BEER), fake_time=1985)
    result = placebo.result
    assert result.times[-1] == 1988  # only data before the real treatment
    assert result.spec.predictors[0].start == 1976  # windows moved back by four years
    # California's sales were already falling a little faster in the mid-1980s (about -7 packs over
    # 1985-88 here, -3 to -6 with other fake dates), but far less than the real effect of about -19.
    assert abs(placebo.average_effect) < 0.5 * abs(prop99_result.average_effect)
    assert placebo.pre_rmspe < 2


def test_in_time_placebo_must_precede_treatment(prop99):
    with pytest.raises(SpecError, match="must be before"):
        in_time_placebo(prop99, prop99_spec(), fake_time=1990)


def test_in_space_placebo_p_value_and_parallel_sweep_agree():
    panel = council_panel(CouncilPanelSpec(councils=14, years=12, seed=4))
    spec = SynthSpec("y", "C03", 2014, v_method="equal")
    serial = in_space_placebos(panel, spec)
    ratios = [p.rmspe_ratio for p in serial.placebos]
    expected = (1 + sum(r >= serial.treated.rmspe_ratio for r in ratios)) / (len(ratios) + 1)
    assert serial.p_value == pytest.approx(expected)
    assert len(serial.placebos) == 13 and "C03" not in {p.unit for p in serial.placebos}
    seen = []
    parallel = in_space_placebos(panel, spec, workers=2, progress=lambda done, total: seen.append((done, total)))
    assert [p.rmspe_ratio for p in parallel.placebos] == pytest.approx(ratios)
    assert seen[-1] == (13, 13)


def test_large_injected_effect_is_detected():
    panel = council_panel(CouncilPanelSpec(councils=20, years=14, seed=2))
    spec = SynthSpec("y", "C05", 2016, v_method="equal")
    treated = add_effect(panel, "C05", 2016, 25.0)
    result = in_space_placebos(treated, spec)
    assert result.rank == 1 and result.p_value == pytest.approx(1 / 20)


def test_pre_mspe_filter_drops_badly_fitted_placebos(prop99, prop99_result):
    kept = in_space_placebos(prop99, prop99_spec(v_method="equal"), max_pre_mspe_ratio=2.0)
    assert 0 < len(kept.placebos) < 38


def test_cross_validated_v(prop99):
    # ADH (2015): V chosen on a training period (predictors measured 10 years earlier) to predict
    # 1980-88; every window below still exists when moved back 10 years.
    predictors = tuple(parse_predictor(p) for p in ("lnincome:1980-1988", "retprice:1980-1988",
                                                     "age15to24:1980-1988", "cigsale@1980", "cigsale@1985",
                                                     "cigsale@1988"))
    spec = prop99_spec(predictors=predictors, v_method="cross-validate",
                       train_period=(1970, 1979), validation_period=(1980, 1988))
    result = fit_synth(prop99, spec)
    assert sum(result.weights) == pytest.approx(1.0) and sum(result.v) == pytest.approx(1.0)
    assert result.pre_rmspe < 5 and result.average_effect < -10


def test_cross_validation_needs_both_periods(prop99):
    with pytest.raises(SpecError, match="training period and a validation period"):
        fit_synth(prop99, prop99_spec(v_method="cross-validate", train_period=(1970, 1979)))
    with pytest.raises(SpecError, match="overlaps the validation period"):
        fit_synth(prop99, prop99_spec(predictors=NO_BEER, v_method="cross-validate",
                                      train_period=(1970, 1975), validation_period=(1976, 1988)))


def test_penalty_spreads_less_and_matches_closer_donors(prop99, prop99_result):
    penalised = fit_synth(prop99, prop99_spec(v_method="custom", custom_v=tuple(prop99_result.v), penalty=0.5))
    assert sum(penalised.weights) == pytest.approx(1.0)
    # No "more donors than pre-periods" warning once a penalty is used.
    assert not any("pre-treatment periods" in w for w in penalised.diagnostics.warnings)
    zero = fit_synth(prop99, prop99_spec(v_method="custom", custom_v=tuple(prop99_result.v)))
    np.testing.assert_allclose(zero.weights, prop99_result.weights, atol=1e-8)


def test_custom_v_must_match_predictors(prop99):
    with pytest.raises(SpecError, match="one importance per predictor"):
        fit_synth(prop99, prop99_spec(v_method="custom", custom_v=(1.0, 2.0)))


def test_equal_v_is_fast_and_valid(prop99):
    result = fit_synth(prop99, prop99_spec(v_method="equal"))
    assert result.v == pytest.approx((1 / 7,) * 7)
    assert result.fit_loss > 3.0  # worse than the nested optimum, as expected
