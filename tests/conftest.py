"""Suite-wide fixtures and the `needs_db` marker that selects the PostgreSQL leg."""
import pytest

_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "client", "admin_client", "live_server", "django_user_model"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("django_db") or _DB_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.needs_db)
