"""Ledger test helpers; the `demo` fixture (tests/conftest.py) loads the demo once for the package."""
import pytest

from riep.core.fy import FinancialYear
from tests.conftest import demo_fixture

demo = demo_fixture()


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
