"""API authentication (session or bearer token) and per-route permissions."""
from __future__ import annotations

from functools import wraps

from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from riep.core.permissions import has_permission, roles_for


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        from riep.accounts.models import ApiToken

        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session; unsafe methods still need the CSRF token."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


AUTH = [BearerToken(), SessionAuth()]


def api_requires(permission: str):
    """Declares and enforces the permission of an API operation (authentication is already done)."""
    roles_for(permission)

    def decorate(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            if not has_permission(request.auth, permission):
                raise HttpError(403, "Your role does not allow this.")
            return func(request, *args, **kwargs)

        wrapped.riep_permission = permission
        return wrapped

    return decorate
