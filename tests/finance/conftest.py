"""The four bundled returns imported once for the package (in a transaction rolled back at the end)."""
import pytest


@pytest.fixture(scope="package")
def imported(django_db_setup, django_db_blocker):
    from django.db import transaction

    from riep.finance.services import import_bundled
    from riep.registry.services import import_bundled_councils, import_predecessors_2009

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            import_bundled_councils()
            import_predecessors_2009()
            yield {s.source: s for s in import_bundled()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def returns(imported, db):
    return imported
