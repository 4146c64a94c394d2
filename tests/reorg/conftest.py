"""Reorganisation test helpers; the `demo` fixture (tests/conftest.py) loads the demo once for the package."""
from tests.conftest import demo_fixture

demo = demo_fixture()
