"""The demo (with its illustrative impact analysis, already run) is loaded once for this package inside a
transaction that is rolled back at the end; each test runs in its own savepoint on top (pytest-django's `db`)."""
import pytest
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    import time

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from riep.demo.loader import load_demo

            started = time.perf_counter()
            load_demo()
            pytest.demo_load_seconds = time.perf_counter() - started
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


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
