"""Performance test helpers: the `demo` fixture (tests/conftest.py) loads the demo once for the package."""
import pytest

from tests.conftest import demo_fixture

demo = demo_fixture()

MANAGER_EE, MANAGER_SE, BOARD_EE = "manager@improvementeast.example", "manager@iese.example", "board@improvementeast.example"
OFFICER_NORFOLK, OFFICER_KENT, REVIEWER = "officer@norfolk.example", "officer@kent.example", "reviewer@communities.example"
ADMIN = "admin@riep.example"


@pytest.fixture
def performance(demo, db):
    """The demo database, changes undone after each test."""
    return None
