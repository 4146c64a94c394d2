"""Suite-wide fixtures and the `needs_db` marker that selects the PostgreSQL leg."""
import pytest
from hypothesis import settings as hypothesis_settings

# CI machines are shared and noisy: a property test's examples may take longer than hypothesis's default deadline
# without anything being wrong. What a property test checks is the property, not the time.
hypothesis_settings.register_profile("riep", deadline=None)
hypothesis_settings.load_profile("riep")

_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "client", "admin_client", "live_server",
                "django_user_model", "demo"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("django_db") or _DB_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.needs_db)
        item.add_marker(pytest.mark.xdist_group(_group(item)))


def _group(item) -> str:
    """Which tests must share a pytest-xdist worker (`scripts/test.sh` runs `-n 2 --dist loadgroup`).

    A test package's demo is loaded once per worker that runs any of its tests, so every test that uses it stays
    with the rest of its top-level package; other tests go by module, which spreads the slow process-driving
    modules (real workers, production settings) over both workers.
    """
    parts = item.nodeid.split("::")[0].split("/")
    if "demo" in getattr(item, "fixturenames", ()):
        return "/".join(parts[:2])
    return item.nodeid.split("::")[0]


def demo_fixture():
    """A `demo` fixture for a test package: `demo = demo_fixture()` in the package's conftest.py.

    (A package-scoped fixture lives as long as the package that defines it, so each package defines its own.)
    """
    return pytest.fixture(scope="package", name="demo")(_demo)


def _demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, loaded once per test package inside a transaction that is rolled back at the end.

    Each test still runs in its own savepoint on top (it also needs pytest-django's `db`).
    """
    from django.db import transaction
    from django.test import override_settings

    from riep.demo.loader import load_demo

    # (The procurement demo's spend files load only where a test asks: tests/procurement/conftest.py.)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
                                                        RIEP_SPEND_DIR=tmp_path_factory.mktemp("demo-spend"),
                                                        RIEP_DEMO_SPEND=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            analyze_on_postgresql()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def analyze_on_postgresql() -> None:
    """Gives PostgreSQL's planner statistics for the data a fixture has just loaded. The demo is loaded in a
    transaction that autovacuum cannot see, so the planner took its tables for empty: it nested loops over 30,000
    indicator values, and a DELETE of three of them ran for minutes on CI. ANALYZE in the same transaction counts
    its rows. Only the platform's own tables: a database-wide ANALYZE also locks the shared catalogs, which made
    the other test worker's ANALYZE wait for this one's whole package."""
    from django.db import connection

    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(t) for t in connection.introspection.table_names())
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    """Files the tests upload (imports, evidence documents) never land in the real var/uploads."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RIEP_SPEND_DIR = tmp_path / "spend"  # the procurement hub's Parquet lines likewise
    settings.RIEP_DEMO_SPEND = False  # the demo's spend files load only where a test asks (tests/procurement)


@pytest.fixture
def sign_in(client):
    """Signs the test client in as a demo user by email."""
    from riep.accounts.models import User

    def _sign_in(email):
        user = User.objects.get(email=email)
        client.force_login(user)
        return user

    return _sign_in
