"""The demo is loaded once for this package inside a transaction that is rolled back at the end;
each test runs in its own savepoint on top (pytest-django's `db`)."""
import pytest
from django.db import transaction

from riep.core.fy import FinancialYear


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from riep.demo.loader import load_demo

            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def ledger(demo, db):
    """The demo database, changes undone after each test."""
    return None


def user(email):
    from riep.accounts.models import User

    return User.objects.get(email=email)


@pytest.fixture
def as_user(client, ledger):
    def sign_in(email):
        client.force_login(user(email))
        return client

    return sign_in


def council(gss):
    from riep.registry.models import Organisation

    return Organisation.objects.get(gss_code=gss)


FY = FinancialYear
