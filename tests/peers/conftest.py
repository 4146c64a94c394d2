"""The registry and the RS 2017-18 return, imported once for the package (rolled back at the end)."""
import pytest


@pytest.fixture(scope="package")
def imported(django_db_setup, django_db_blocker):
    from django.db import transaction

    from riep.finance.services import import_bundled
    from riep.registry.services import import_bundled_councils

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            import_bundled_councils()
            import_bundled(["RS_2017-18_data_by_LA_PRENOV.xlsx"])
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def councils(imported, db):
    from riep.registry.models import Organisation

    return lambda gss: Organisation.objects.get(gss_code=gss)
