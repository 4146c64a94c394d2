"""Meta-tests that guard the platform's conventions."""
import importlib
import io
import pkgutil

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

import riep
from riep.core.methodology import all_pages
from riep.core.permissions import PERMISSIONS, declared_permission


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _api_operations(callback):
    """The ninja operations behind an API URL pattern (found in the view wrapper's closure)."""
    for cell in getattr(callback, "__closure__", None) or ():
        path_view = cell.cell_contents
        if hasattr(path_view, "operations"):
            return path_view.operations
    return None


def test_every_page_and_api_operation_declares_who_may_use_it():
    undeclared = []
    for route, pattern in _patterns(get_resolver()):
        operations = _api_operations(pattern.callback) if route.startswith("api/v1/") else None
        if operations is None:
            if declared_permission(pattern.callback) not in PERMISSIONS:
                undeclared.append(route)
            continue
        for operation in operations:
            if getattr(operation.view_func, "riep_permission", None) not in PERMISSIONS:
                undeclared.append(f"{operation.methods} {route}")
            if not operation.auth_callbacks:
                undeclared.append(f"{operation.methods} {route} (no authentication)")
    assert undeclared == [], f"Routes without a declared permission or authentication: {undeclared}"


def test_the_meta_test_sees_api_operations():
    api_routes = [route for route, _ in _patterns(get_resolver()) if route.startswith("api/v1/")]
    assert "api/v1/councils" in api_routes and "api/v1/openapi.json" in api_routes


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


def test_tests_mirror_the_code_tree():
    """Each test folder is named after the package it tests (tests/ledger/calc for riep.ledger.calc, …); browser
    journeys, which cross capabilities, are the one exception."""
    import pathlib

    tests_root = pathlib.Path(__file__).resolve().parents[1]
    code_root = pathlib.Path(riep.__file__).resolve().parent
    stray = [str(folder.relative_to(tests_root)) for folder in tests_root.rglob("*")
             if folder.is_dir() and (folder / "__init__.py").exists() and folder.name != "browser"
             and not (code_root / folder.relative_to(tests_root)).is_dir()]
    assert stray == [], f"Test folders with no package of that name under src/riep: {stray}"


def test_signed_in_pages_and_downloads_are_never_cached(client, db):
    from riep.accounts.models import User
    from riep.core.permissions import Role

    public = client.get("/healthz")  # for everyone: left alone
    assert "no-store" not in public.get("Cache-Control", "")
    person = User.objects.create_user("cache@example.org", "a long enough password 42", role=Role.BOARD_MEMBER)
    client.force_login(person)
    for url in ("/", "/registry/councils/?download=councils&format=csv", "/api/v1/councils"):
        response = client.get(url)
        assert response.status_code == 200, url
        cache = response["Cache-Control"]
        assert "no-store" in cache and "private" in cache, (url, cache)


def test_browser_tests_wait_for_the_page_a_click_leads_to():
    """A bare .click() on a link or submit button races the next check against the navigation (Playwright no longer
    waits for it), which is how three browser tests failed on CI only. Use follow(); a click that stays on the page
    (a suggestion in a list) or starts a download says so on its line or the one before."""
    import pathlib
    import re

    bare = []
    for path in sorted((pathlib.Path(__file__).resolve().parents[1] / "browser").glob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not re.search(r"\.click\(\)", line) or line.strip() == "locator.click()":  # follow() itself
                continue
            context = line + (lines[number - 2] if number > 1 else "")
            if "expect_download" not in context and "stays on the page" not in context:
                bare.append(f"{path.name}:{number}")
    assert bare == [], f"Bare clicks in browser tests (use follow()): {bare}"
