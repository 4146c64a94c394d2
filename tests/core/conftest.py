"""Core tests; `demo` loads the demo data once for the package when a test asks for it."""
from tests.conftest import demo_fixture

demo = demo_fixture()
