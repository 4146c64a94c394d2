from tests.conftest import demo_fixture

demo = demo_fixture()
