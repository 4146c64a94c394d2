"""Real-browser tests: Debian's Chromium driven by Playwright (no browser download), axe-core from npm."""
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Playwright's sync API runs an event loop in this thread; the Django calls we make around it are ordinary sync code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run scripts/ensure-test-tools.sh (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_site(transactional_db, live_server):
    from riep.demo.loader import load_demo

    load_demo()
    return live_server.url


def check_accessibility(page):
    """Runs axe-core against WCAG 2.0/2.1/2.2 A and AA rules and fails on any violation."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run scripts/ensure-test-tools.sh (make test does)")
    # Evaluated through the DevTools protocol, not added as a <script>: the pages' Content-Security-Policy refuses
    # inline scripts, as it should, and the test must not loosen it.
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    # The skip link is clipped to 1px until it has focus (then it is a full-width bar), which axe's
    # target-size rule measures as too small; it is checked for size when focused below instead.
    result = page.evaluate("""async () => await axe.run({exclude: [['.govuk-skip-link']]}, {runOnly: {type: 'tag', values:
        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})""")
    problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]
    assert problems == [], f"{page.url}\n" + "\n".join(problems)
    skip_link = page.locator(".govuk-skip-link")
    if skip_link.count():
        skip_link.focus()
        box = skip_link.bounding_box()
        assert box and box["height"] >= 24 and box["width"] >= 24, "skip link too small when focused"
        page.evaluate("document.activeElement.blur()")


def follow(locator):
    """Clicks a link or a submit button and waits for the page it leads to.

    Playwright's click no longer waits for the navigation it starts, so a count() straight after it can read the
    page being left; on a busy CI machine three such checks failed.
    """
    with locator.page.expect_navigation(wait_until="load"):
        locator.click()


def sign_in(page, base_url, email, password="riep-demo-2009"):
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    follow(page.get_by_role("button", name="Sign in"))
    page.wait_for_url(f"{base_url}/")
