"""Shared fixtures for the counterfactual-engine tests (pure computation: no database)."""
import pytest

from riep.impact.engine import fit_synth
from riep.impact.engine.datasets import basque_panel, basque_spec, prop99_panel, prop99_spec


@pytest.fixture(scope="session")
def prop99():
    return prop99_panel()


@pytest.fixture(scope="session")
def prop99_result(prop99):
    return fit_synth(prop99, prop99_spec())


@pytest.fixture(scope="session")
def basque():
    return basque_panel()


@pytest.fixture(scope="session")
def basque_result(basque):
    return fit_synth(basque, basque_spec(basque))
