import pytest

from riep.impact.engine import PredictorSpec, SpecError, SynthSpec, fit_synth, parse_predictor
from riep.impact.engine.simulate import CouncilPanelSpec, council_panel


@pytest.mark.parametrize("text, expected", [
    ("cigsale", PredictorSpec("cigsale")),
    ("cigsale:mean", PredictorSpec("cigsale")),
    ("lnincome:1980-1988", PredictorSpec("lnincome", 1980, 1988)),
    ("lnincome:1980-1988:mean", PredictorSpec("lnincome", 1980, 1988)),
    ("sec.industry:1961-1969", PredictorSpec("sec.industry", 1961, 1969)),
    ("cigsale@1975", PredictorSpec("cigsale", 1975, 1975, "value")),
    ("beer:1984", PredictorSpec("beer", 1984, 1984)),
])
def test_parse(text, expected):
    assert parse_predictor(text) == expected


@pytest.mark.parametrize("text", ["", "x:1988-1980", "x:median", "x@", "@1990", "x:1980-1988:sum", "x:a:b:c"])
def test_parse_errors(text):
    with pytest.raises(SpecError):
        parse_predictor(text)


def test_labels():
    assert parse_predictor("cigsale@1975").label == "cigsale (1975)"
    assert parse_predictor("beer:1984-1988").label == "beer (1984-1988 mean)"
    assert parse_predictor("beer").label == "beer (pre-period mean)"


def test_predictor_reaching_into_the_post_period_is_refused():
    panel = council_panel(CouncilPanelSpec(councils=8, years=10, seed=1))
    spec = SynthSpec("y", "C0", 2012, predictors=(parse_predictor("y@2013"),))
    with pytest.raises(SpecError, match="not before the treatment"):
        fit_synth(panel, spec)


def test_unknown_predictor_column():
    panel = council_panel(CouncilPanelSpec(councils=8, years=10, seed=1))
    with pytest.raises(SpecError, match="'spend' is not in the panel"):
        fit_synth(panel, SynthSpec("y", "C0", 2012, predictors=(parse_predictor("spend"),)))
