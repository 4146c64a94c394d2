import subprocess
import sys

import pytest
from django.test import override_settings

from riep.accounts.models import ApiToken
from riep.accounts.services import UserError, create_user


def test_passwords_are_hashed_with_argon2(db):
    user = create_user("a@example.org", "board_member", "correct horse battery staple")
    assert user.password.startswith("argon2")


def test_council_officer_needs_a_council_and_codes_are_checked(db):
    with pytest.raises(UserError, match="needs at least one council"):
        create_user("b@example.org", "council_officer", "correct horse battery staple")
    with pytest.raises(UserError, match="unknown council GSS code 'E99999999'"):
        create_user("b@example.org", "council_officer", "correct horse battery staple", ["E99999999"])
    with pytest.raises(UserError, match="unknown role"):
        create_user("b@example.org", "emperor", "correct horse battery staple")


def test_sign_in_page_and_wrong_password_message(db, client):
    create_user("c@example.org", "board_member", "correct horse battery staple")
    page = client.get("/accounts/sign-in/").content.decode()
    assert 'for="id_username"' in page and "Email address" in page
    wrong = client.post("/accounts/sign-in/", {"username": "c@example.org", "password": "nope"})
    assert "There is a problem" in wrong.content.decode()
    right = client.post("/accounts/sign-in/", {"username": "c@example.org", "password": "correct horse battery staple"})
    assert right.status_code == 302 and right["Location"] == "/"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_out(db, client):
    create_user("d@example.org", "board_member", "correct horse battery staple")
    for _ in range(3):
        client.post("/accounts/sign-in/", {"username": "d@example.org", "password": "wrong"})
    locked = client.post("/accounts/sign-in/", {"username": "d@example.org", "password": "correct horse battery staple"})
    assert locked.status_code == 429 and "Too many sign-in attempts" in locked.content.decode()


def test_tokens_are_stored_hashed_and_can_be_revoked(db):
    user = create_user("e@example.org", "government_reviewer", "correct horse battery staple")
    token, raw = ApiToken.issue(user)
    assert raw not in token.key_hash and ApiToken.authenticate(raw) == user
    token.revoked_at = token.created_at
    token.save()
    assert ApiToken.authenticate(raw) is None


def test_production_settings_pass_the_deploy_check():
    env = {"DJANGO_SETTINGS_MODULE": "riep.settings_production",
           "RIEP_SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
           "RIEP_ALLOWED_HOSTS": "riep.example.org", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
