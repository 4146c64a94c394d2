"""Creating users and tokens (used by the CLI, the demo and tests)."""
from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from riep.accounts.models import ApiToken, User
from riep.core.permissions import Role
from riep.registry.models import Organisation, Partnership


class UserError(ValueError):
    pass


@transaction.atomic
def create_user(
    email: str,
    role: str,
    password: str | None = None,
    council_codes: list[str] | None = None,
    partnership_codes: list[str] | None = None,
    full_name: str = "",
    check_password: bool = True,
) -> User:

    if role not in Role.values:
        raise UserError(f"unknown role '{role}': choose one of {', '.join(Role.values)}")
    if User.objects.filter(email__iexact=email).exists():
        raise UserError(f"a user with email {email} already exists")
    councils = []
    for code in council_codes or []:
        council = Organisation.objects.councils().filter(gss_code=code).first()
        if council is None:
            raise UserError(f"unknown council GSS code '{code}'")
        councils.append(council)
    if role == Role.COUNCIL_OFFICER and not councils:
        raise UserError("a council officer needs at least one council (--council GSS)")
    partnerships = []
    for code in partnership_codes or []:
        partnership = Partnership.objects.filter(code__iexact=code).first()
        if partnership is None:
            raise UserError(f"unknown partnership code '{code}'")
        partnerships.append(partnership)
    user = User(email=email.lower(), role=role, full_name=full_name)
    if password and check_password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise UserError("; ".join(error.messages)) from None
    user = User.objects.create_user(email=email, password=password, role=role, full_name=full_name)
    user.councils.set(councils)
    user.partnerships.set(partnerships)
    return user


def create_token(email: str, name: str = "API token") -> str:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise UserError(f"no user with email {email}")
    _, raw = ApiToken.issue(user, name)
    return raw
