"""The hub's pages, API and CLI on the demo with the North East councils' real spend files (this package's own demo,
so the tests beside it see none of its data)."""
import pytest

from tests.conftest import analyze_on_postgresql, demo_fixture

demo = demo_fixture()


@pytest.fixture(autouse=True)
def _the_demos_spend_lines(request, settings):
    """Lines go to each test's temporary directory (tests/conftest.py), except where a test reads the demo's."""
    if "demo_spend" in request.fixturenames:
        settings.RIEP_SPEND_DIR = request.getfixturevalue("demo_spend")


@pytest.fixture(scope="package")
def demo_spend(demo, django_db_blocker):
    """The demo with the North East councils' spend files loaded and resolved (once for the package, inside the
    demo's transaction, so it is rolled back with it)."""
    from django.conf import settings

    from riep.procurement.demo import load_procurement_demo

    with django_db_blocker.unblock():
        load_procurement_demo(force=True)
        analyze_on_postgresql()  # the spend lines' suppliers and pairs, after the demo's own statistics
    return settings.RIEP_SPEND_DIR  # the demo fixture's own directory
