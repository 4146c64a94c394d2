"""Impact test helpers; the `demo` fixture (tests/conftest.py) loads the demo, with its analysis already run."""
import pytest

from tests.conftest import demo_fixture

demo = demo_fixture()


@pytest.fixture
def impact(demo, db):
    """The demo database, changes undone after each test."""
    return None


@pytest.fixture
def as_user(client, impact):
    from riep.accounts.models import User

    def sign_in(email):
        client.force_login(User.objects.get(email=email))
        return client

    return sign_in


ADMIN, MANAGER_SE, MANAGER_EE = "admin@riep.example", "manager@iese.example", "manager@improvementeast.example"
OFFICER, BOARD, REVIEWER = "officer@kent.example", "board@improvementeast.example", "reviewer@communities.example"
