"""Procurement test helpers: spend lines go to a temporary directory; the real sample files are in the package."""
import gzip
from importlib import resources

import pytest

from tests.conftest import demo_fixture

demo = demo_fixture()


@pytest.fixture(autouse=True)
def _spend_lines_in_a_temporary_directory(request, settings, tmp_path):
    if "demo" not in request.fixturenames:  # the demo's own lines are in the demo fixture's directory
        settings.RIEP_SPEND_DIR = tmp_path / "spend"


def sample_file(name: str) -> bytes:
    """One of the real spend files kept in the package (gzipped), as the council published it."""
    return gzip.decompress((resources.files("riep.procurement") / "data" / "spend" / f"{name}.csv.gz").read_bytes())


@pytest.fixture(scope="package")
def demo_spend(demo, django_db_blocker):
    """The demo with the North East councils' spend files loaded and resolved (once for the package, inside the
    demo's transaction, so it is rolled back with it)."""
    from riep.procurement.demo import load_procurement_demo

    with django_db_blocker.unblock():
        return load_procurement_demo(force=True)
