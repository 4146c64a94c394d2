"""The demo (with the Kent care placements) is loaded once for this package inside a transaction that is rolled
back at the end; each test runs in its own savepoint on top (pytest-django's `db`)."""
import pytest
from django.db import transaction


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
def kent():
    from riep.registry.models import Organisation

    return Organisation.objects.get(gss_code="E10000016")


@pytest.fixture
def norfolk():
    from riep.registry.models import Organisation

    return Organisation.objects.get(gss_code="E10000020")
