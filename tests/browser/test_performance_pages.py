"""The performance toolkit's pages in a real browser: axe (WCAG 2.2 AA) on every page (the entry forms and a refused
target's error state included), and journeys without JavaScript (axe needs it, so it runs on the pages with it): from
the partnership scorecard to an off-track measure's commentary, and setting a target."""
from tests.browser.conftest import check_accessibility, follow, sign_in

PAGES = ("/performance/", "/performance/indicators/NI56/?partnership=EE", "/performance/indicators/NI56/E10000020/",
         "/performance/councils/E10000020/scorecard/", "/performance/partnerships/EE/scorecard/",
         "/performance/partnerships/EE/outcomes/obesity/", "/performance/partnerships/EE/self-assessment/",
         "/performance/partnerships/EE/self-assessment/2010-11/", "/performance/import/",
         # entry pages
         "/performance/indicators/NI55/E10000020/targets/", "/performance/indicators/NI55/E10000020/targets/?period=2010-11",
         "/performance/partnerships/EE/indicators/", "/performance/partnerships/EE/indicators/new/",
         "/performance/partnerships/EE/outcomes/new/", "/performance/partnerships/EE/outcomes/obesity/projects/",
         "/performance/partnerships/EE/outcomes/obesity/resources/new/", "/performance/partnerships/EE/self-assessment/new/",
         "/performance/partnerships/EE/self-assessment/2010-11/answers/",
         "/performance/partnerships/EE/self-assessment/2010-11/actions/new/",
         # the partnership's area as a whole: its trajectory and its targets
         "/performance/indicators/NI55/EE/", "/performance/indicators/NI55/EE/targets/",
         "/performance/partnerships/EE/outcomes/obesity/change/", "/performance/partnerships/EE/outcomes/obesity/remove/")


def test_every_performance_page_is_accessible_and_commentary_works_without_javascript(browser, demo_site):
    """One test (the demo loads once): axe on every page, then the journey with JavaScript off."""
    page = browser.new_page()
    sign_in(page, demo_site, "manager@improvementeast.example")
    for path in PAGES:
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        check_accessibility(page)
    # a refused target: the error summary and the field's error pass axe too
    page.goto(f"{demo_site}/performance/indicators/NI55/E10000020/targets/")
    page.get_by_label("Year of the target").fill("2011-12")
    page.get_by_label("Target", exact=True).fill("101")
    follow(page.get_by_role("button", name="Save the target"))
    assert page.locator(".govuk-error-summary", has_text="it must be at most 100").count() == 1
    check_accessibility(page)
    page.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, demo_site, "manager@improvementeast.example")
    page.goto(f"{demo_site}/performance/partnerships/EE/scorecard/")
    follow(page.locator("#table-off-track tbody a").first)
    assert page.locator("h2", has_text="Exception commentary").count() == 1
    page.get_by_label("What is being done about it").fill("A recovery plan agreed at the March board.")
    follow(page.get_by_role("button", name="Save commentary"))
    assert page.locator(".govuk-inset-text", has_text="A recovery plan agreed at the March board.").count() == 1
    # setting a target without JavaScript: saved, and its history names who set it
    page.goto(f"{demo_site}/performance/indicators/NI55/E10000020/")
    follow(page.get_by_role("link", name="Set or change targets"))
    page.get_by_label("Year of the target").fill("2011-12")
    page.get_by_label("Target", exact=True).fill("8.5")
    follow(page.get_by_role("button", name="Save the target"))
    assert page.locator(".govuk-notification-banner, .govuk-body, table", has_text="2011-12").count() >= 1
    assert page.locator("#table-target-history tbody tr", has_text="2011-12").count() == 1
    context.close()
