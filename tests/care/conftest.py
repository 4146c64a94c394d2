"""Care test helpers; the `demo` fixture (tests/conftest.py) loads the demo once for the package."""
import pytest

from tests.conftest import demo_fixture

demo = demo_fixture()


@pytest.fixture
def kent():
    from riep.registry.models import Organisation

    return Organisation.objects.get(gss_code="E10000016")


@pytest.fixture
def norfolk():
    from riep.registry.models import Organisation

    return Organisation.objects.get(gss_code="E10000020")
