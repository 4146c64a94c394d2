"""People create and revoke their own API tokens on /accounts/tokens/: shown once, stored as SHA-256 only."""
import hashlib
import re

import pytest
from django.test import Client

from riep.accounts.models import ApiToken
from riep.accounts.services import create_user

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(db):
    return create_user("alice@example.org", "board_member", PASSWORD)


@pytest.fixture
def bob(db):
    return create_user("bob@example.org", "board_member", PASSWORD)


def _created_token(page: str) -> str:
    return re.search(r'id="new-token" type="text" readonly spellcheck="false" value="(riep_[^"]+)"', page).group(1)


def test_anonymous_people_are_sent_to_sign_in(client, db):
    assert "/accounts/sign-in/" in client.get("/accounts/tokens/")["Location"]


def test_create_shows_the_token_once_and_stores_only_its_hash(client, alice):
    client.force_login(alice)
    page = client.post("/accounts/tokens/", {"name": "Returns script"}).content.decode()
    raw = _created_token(page)
    token = ApiToken.objects.get(user=alice)
    assert token.name == "Returns script" and token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.filter(user=alice).values())
    again = client.get("/accounts/tokens/").content.decode()
    assert raw not in again and "Returns script" in again and token.key_start in again and "Never" in again
    # The token works for the API, and its use is recorded.
    assert Client().get("/api/v1/councils", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_name_is_required(client, alice):
    client.force_login(alice)
    page = client.post("/accounts/tokens/", {"name": ""}).content.decode()
    assert "There is a problem" in page and "Enter what the token is for" in page
    assert not ApiToken.objects.exists()


def test_revoke_stops_the_token_working(client, alice):
    client.force_login(alice)
    raw = _created_token(client.post("/accounts/tokens/", {"name": "Old"}).content.decode())
    token = ApiToken.objects.get(user=alice)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "revoked" in response.content.decode() and "You have no tokens." in response.content.decode()
    assert Client().get("/api/v1/councils", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405


def test_only_your_own_tokens_are_listed_or_revoked(client, alice, bob):
    bobs, _ = ApiToken.issue(bob, "Bob's script")
    client.force_login(alice)
    assert "Bob's script" not in client.get("/accounts/tokens/").content.decode()
    assert client.post(f"/accounts/tokens/{bobs.pk}/revoke/").status_code == 404
    bobs.refresh_from_db()
    assert bobs.revoked_at is None


def test_writes_need_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/accounts/tokens/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()
