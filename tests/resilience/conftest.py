"""Resilience tests run on the demo (real RS returns, Improvement East, one illustrative case)."""
import pytest

from tests.conftest import demo_fixture

demo = demo_fixture()


@pytest.fixture
def resilience(demo, db):
    return None
