"""API authentication (session or bearer token) and per-route permissions.

An operation declares its permission with `@api_requires(...)`. Routers built with `riep.core.api.auth.Router` check
that permission inside the authentication step, which ninja runs before it reads the request body: a read-only
role sending an invalid body is told 403 (not allowed), not 422 (fix the body), and learns nothing about the body.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from ninja import Router as NinjaRouter
from ninja.constants import NOT_SET
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from riep.core.api.errors import documented_errors
from riep.core.permissions import Role, has_permission, roles_for

CSRF_MESSAGE = ("The CSRF check failed: a browser session must send the 'csrftoken' cookie's value in the "
                "X-CSRFToken header. Scripts should use an API token instead (Authorization: Bearer <token>).")


def refusal(user, permission: str) -> str:
    roles = roles_for(permission) or ()
    allowed = ", ".join(Role(r).label for r in Role.values if r in roles)
    return f"Your role ({user.get_role_display()}) does not allow this; it needs one of: {allowed}."


class _RoleCheck:
    """Mixed into the authentication classes: after finding the user, checks the operation's permission."""

    def __init__(self, permission: str | None = None, **kwargs):
        self.permission = permission
        super().__init__(**kwargs)

    def __call__(self, request):
        user = super().__call__(request)
        if user and self.permission is not None and not has_permission(user, self.permission):
            raise PermissionDenied(refusal(user, self.permission))
        return user


# How a bearer token finds its owner: registered by the accounts app (which keeps the tokens) in its ready().
_token_owner: Callable[[str], Any] | None = None


def authenticate_tokens_with(owner_of: Callable[[str], Any]) -> None:
    global _token_owner
    _token_owner = owner_of


class BearerToken(_RoleCheck, HttpBearer):
    def authenticate(self, request, token):
        if _token_owner is None:
            raise ImproperlyConfigured("No API token store is registered (riep.accounts registers one in ready()).")
        user = _token_owner(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(_RoleCheck, APIKeyCookie):
    """The browser session; unsafe methods still need the CSRF token (checked only once someone is signed in, so
    an anonymous request is told to sign in rather than about CSRF)."""

    param_name = "sessionid"

    def __init__(self, permission: str | None = None):
        super().__init__(permission, csrf=True)

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, CSRF_MESSAGE)
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


def auth_for(permission: str | None) -> list:
    return [BearerToken(permission), SessionAuth(permission)]


AUTH = auth_for(None)


def api_requires(permission: str):
    """Declares the permission of an API operation. `Router` enforces it before the body is read; the check here
    stays for an operation mounted some other way."""
    roles_for(permission)

    def decorate(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            if not has_permission(request.auth, permission):
                raise PermissionDenied(refusal(request.auth, permission))
            return func(request, *args, **kwargs)

        wrapped.riep_permission = permission
        return wrapped

    return decorate


class Router(NinjaRouter):
    """A ninja Router whose operations check their declared permission first and document the one error schema."""

    def add_api_operation(self, path, methods, view_func, *, auth=NOT_SET, response=NOT_SET, **kwargs):
        permission = getattr(view_func, "riep_permission", None)
        if permission is None:
            raise ImproperlyConfigured(f"API operation {view_func.__name__} declares no permission: add @api_requires(...)")
        if auth is NOT_SET or auth is AUTH:  # the API's default: authenticate, then check this operation's permission
            auth = auth_for(permission)
        if response is NOT_SET:
            success = {200: None}
        elif isinstance(response, dict):
            success = {code: schema for code, schema in response.items() if code < 400}
        else:
            success = {200: response}
        response = {**success, **documented_errors(methods, path)}
        super().add_api_operation(path, methods, view_func, auth=auth, response=response, **kwargs)
