"""Meta-tests that guard the platform's conventions."""
import importlib
import io
import pkgutil

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

import riep
from riep.api.router import api
from riep.core.methodology import all_pages
from riep.core.permissions import PERMISSIONS, declared_permission


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_every_page_declares_who_may_use_it():
    undeclared = []
    for route, pattern in _patterns(get_resolver()):
        if route.startswith("api/v1/"):
            continue  # API operations are checked one by one below
        permission = declared_permission(pattern.callback)
        if permission not in PERMISSIONS:
            undeclared.append(route)
    assert undeclared == [], f"URL patterns without a declared permission: {undeclared}"


def test_every_api_operation_declares_who_may_use_it():
    undeclared = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if getattr(operation.view_func, "riep_permission", None) not in PERMISSIONS:
                    undeclared.append(f"{operation.methods} {prefix}{path}")
                if not operation.auth_callbacks:
                    undeclared.append(f"{operation.methods} {prefix}{path} (no authentication)")
    assert undeclared == []


def test_every_migration_is_committed(db):
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Models have changes without a migration:\n{out.getvalue()}")


def _calculation_modules():
    for info in pkgutil.walk_packages(riep.__path__, "riep."):
        name = info.name
        if name.endswith(".calc") or ".calc." in name:
            module = importlib.import_module(name)
            if not info.ispkg and not name.endswith("__init__"):
                yield name, module


def test_every_calculation_has_a_methodology_page():
    covered = {c for page in all_pages().values() for c in page.covers}
    missing = []
    for name, _ in _calculation_modules():
        if not any(name == c or name.startswith(c + ".") for c in covered):
            missing.append(name)
    assert missing == [], f"Calculation modules with no methodology page naming them in 'covers': {missing}"
