"""The Content-Security-Policy breaks nothing: the browser reports no violation on the platform's pages."""
from tests.browser.conftest import sign_in

PAGES = ("/", "/projects/", "/ledger/", "/ledger/partnerships/EE/value-report/", "/care/", "/impact/", "/jobs/",
         "/methodology/", "/registry/councils/", "/accounts/tokens/", "/api/v1/docs")


def test_no_page_breaks_the_content_security_policy(browser, demo_site):
    page = browser.new_page()
    violations = []
    page.on("console", lambda message: violations.append((page.url, message.text))
            if "Content Security Policy" in message.text else None)
    sign_in(page, demo_site, "manager@improvementeast.example")
    assert page.evaluate("document.body.classList.contains('js-enabled')"), "the hashed inline script ran"
    for path in PAGES:
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}, path
    assert violations == []
