"""Reproduce the published synthetic-control and DiD results on the bundled panels.

ADH (2010) Table 2 weights: Colorado .164, Connecticut .069, Montana .199, Nevada .234, Utah .334;
Abadie & Gardeazabal (2003) / R Synth: Cataluna .851, Madrid .149; Arkhangelsky et al. (2021):
DiD -27.3 on Proposition 99.
"""
import numpy as np
import pandas as pd
import pytest

from riep.impact.engine import fit_synth, in_space_placebos
from riep.impact.engine.datasets import ADH_WEIGHTS_2010 as ADH_WEIGHTS  # noqa: E402
from riep.impact.engine.datasets import prop99_spec, read_csv
from riep.impact.engine.did import did_2x2
from riep.impact.engine.optimise import outer_loss


def test_prop99_weights_match_adh_2010(prop99_result):
    w = prop99_result.weights_by_unit
    for state, published in ADH_WEIGHTS.items():
        assert w[state] == pytest.approx(published, abs=0.03), state
    others = sum(v for k, v in w.items() if k not in ADH_WEIGHTS)
    assert others < 0.03
    assert sum(w.values()) == pytest.approx(1.0, abs=1e-9)


def test_prop99_gaps_match_adh_2010(prop99_result):
    assert prop99_result.gap_at(2000) == pytest.approx(-26, abs=2)
    assert prop99_result.average_effect == pytest.approx(-19.6, abs=1.5)
    # ADH report a pre-period RMSPE of about 1.76 packs.
    assert prop99_result.pre_rmspe == pytest.approx(1.76, abs=0.1)


def test_prop99_loss_no_worse_than_published_weights(prop99, prop99_result):
    years = np.asarray(prop99.times)
    pre = years < 1989
    y = prop99.values["cigsale"]
    ca = prop99.unit_index("California")
    donors = list(prop99_result.donors)
    published = np.array([ADH_WEIGHTS.get(d, 0.0) for d in donors])
    Z0 = y[[prop99.unit_index(d) for d in donors]][:, pre].T
    published_loss = outer_loss(Z0, y[ca, pre], published)
    assert prop99_result.fit_loss <= published_loss + 1e-6


def test_prop99_predictor_balance_and_diagnostics(prop99_result):
    d = prop99_result.diagnostics
    rows = {b.predictor: b for b in d.balance}
    # ADH (2010) Table 1: cigarette sales 1975, California 127.1, synthetic California 127.0.
    assert rows["cigsale (1975)"].treated == pytest.approx(127.1, abs=0.05)
    assert rows["cigsale (1975)"].synthetic == pytest.approx(127.0, abs=1.0)
    assert rows["retprice (1980-1988 mean)"].synthetic == pytest.approx(89.4, abs=1.0)
    assert d.n_donors == 38 and d.n_pre_periods == 19
    assert 3.0 < d.effective_donors < 5.0
    assert d.max_weight_donor == "Utah"
    assert any("38 donors but only 19" in w for w in d.warnings)
    assert sum(prop99_result.v) == pytest.approx(1.0)


def test_prop99_placebo_p_value_is_one_over_39(prop99, prop99_result):
    placebo = in_space_placebos(prop99, prop99_spec(), result=prop99_result)
    assert len(placebo.placebos) == 38
    assert placebo.rank == 1
    assert placebo.p_value == pytest.approx(1 / 39)
    assert placebo.treated.rmspe_ratio > max(p.rmspe_ratio for p in placebo.placebos)


def test_basque_weights_match_abadie_gardeazabal(basque_result):
    w = basque_result.weights_by_unit
    assert w["Cataluna"] == pytest.approx(0.851, abs=0.01)
    assert w["Madrid (Comunidad De)"] == pytest.approx(0.149, abs=0.01)
    assert basque_result.diagnostics.outside_hull  # industry share above every donor


def test_basque_wider_search_finds_lower_loss(basque, basque_result):
    """The nested V problem is multimodal: Synth's starting values lead to the published weights,
    but more starts find a lower pre-period loss with different weights. Documented, not hidden."""
    from riep.impact.engine.datasets import basque_spec

    wide = fit_synth(basque, basque_spec(basque, random_starts=8))
    assert wide.fit_loss <= basque_result.fit_loss + 1e-12


def test_prop99_did_matches_arkhangelsky(prop99):
    result = did_2x2(prop99, "cigsale", ["California"], 1989)
    assert result.effect.estimate == pytest.approx(-27.3, abs=0.1)
    assert result.effect.std_error > 0
    manual = (result.treated_post - result.treated_pre) - (result.control_post - result.control_pre)
    assert manual == pytest.approx(result.effect.estimate, abs=1e-8)


def test_causalpy_copy_matches_smoking_outcome():
    wide = read_csv("california_prop99_causalpy.csv").set_index("Year")
    long = read_csv("smoking.csv").pivot(index="year", columns="state", values="cigsale")
    long.index = long.index.astype(int)
    pd.testing.assert_frame_equal(wide.sort_index(axis=1), long[wide.columns].sort_index(axis=1),
                                  check_names=False, atol=1e-6, check_dtype=False)
