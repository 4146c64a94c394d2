"""The performance toolkit's pages in a real browser: axe (WCAG 2.2 AA) on every page, and a journey without
JavaScript (axe needs it, so it runs on the pages with it) from the partnership scorecard to an off-track measure's commentary."""
from tests.browser.conftest import check_accessibility, sign_in

PAGES = ("/performance/", "/performance/indicators/NI56/?partnership=EE", "/performance/indicators/NI56/E10000020/",
         "/performance/councils/E10000020/scorecard/", "/performance/partnerships/EE/scorecard/",
         "/performance/partnerships/EE/outcomes/obesity/", "/performance/partnerships/EE/self-assessment/",
         "/performance/partnerships/EE/self-assessment/2010-11/", "/performance/import/")


def test_every_performance_page_is_accessible_and_commentary_works_without_javascript(browser, demo_site):
    """One test (the demo loads once): axe on every page, then the journey with JavaScript off."""
    page = browser.new_page()
    sign_in(page, demo_site, "manager@improvementeast.example")
    for path in PAGES:
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        check_accessibility(page)
    page.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, demo_site, "manager@improvementeast.example")
    page.goto(f"{demo_site}/performance/partnerships/EE/scorecard/")
    page.locator("#table-off-track tbody a").first.click()
    assert page.locator("h2", has_text="Exception commentary").count() == 1
    page.get_by_label("What is being done about it").fill("A recovery plan agreed at the March board.")
    page.get_by_role("button", name="Save commentary").click()
    assert page.locator(".govuk-inset-text", has_text="A recovery plan agreed at the March board.").count() == 1
    context.close()
