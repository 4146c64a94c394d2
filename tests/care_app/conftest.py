"""The demo (with the Kent care placements) is loaded once for this package inside a transaction that is rolled
back at the end; each test runs in its own savepoint on top (pytest-django's `db`)."""
import pytest
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Evidence documents (negotiation packs filed with ledger gains) go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path
