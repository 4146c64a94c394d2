"""Suite-wide fixtures and the `needs_db` marker that selects the PostgreSQL leg."""
import pytest

_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "client", "admin_client", "live_server",
                "django_user_model", "demo"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("django_db") or _DB_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.needs_db)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once per test module and removed afterwards.

    Tests that use it still run in their own rolled-back transaction (they also need `db`).
    """
    from riep.demo.loader import _reset, load_demo

    with django_db_blocker.unblock():
        _reset()
        load_demo()
    yield
    with django_db_blocker.unblock():
        _reset()


@pytest.fixture
def sign_in(client):
    """Signs the test client in as a demo user by email."""
    from riep.accounts.models import User

    def _sign_in(email):
        user = User.objects.get(email=email)
        client.force_login(user)
        return user

    return _sign_in
