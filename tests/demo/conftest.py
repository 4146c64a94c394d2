"""Tests of this package run on the demo data."""
from tests.conftest import demo_fixture

demo = demo_fixture()
