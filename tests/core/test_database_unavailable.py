"""When the database does not answer, pages and the API say so with 503 and Retry-After, never a 500 or a trace
(the real restart, with a real server and PostgreSQL, is tests/core/test_database_restart.py)."""
import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from riep.core.errors import DATABASE_UNAVAILABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_gone(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)


def test_a_page_answers_503_with_the_plain_page(database_gone):
    response = Client(raise_request_exception=False).post("/accounts/sign-in/", {"username": "a@b.example",
                                                                                  "password": "x"})
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page and "cannot reach its database" in page


def test_the_api_answers_503_in_its_error_shape(database_gone):
    response = Client(raise_request_exception=False).get("/api/v1/councils", HTTP_AUTHORIZATION="Bearer x" * 1)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json()["detail"] == DATABASE_UNAVAILABLE and response.json()["status"] == 503


def test_any_other_fault_is_the_plain_500_page(monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken)
    response = Client(raise_request_exception=False).post("/accounts/sign-in/", {"username": "a@b.example",
                                                                                  "password": "x"})
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "a bug" not in response.content.decode()
