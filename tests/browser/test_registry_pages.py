"""The registry's everyday pages in a real browser: the search box (with and without JavaScript), the council
page's sections, the registry as at a date, and audit trails in words — each page checked with axe-core."""
from tests.browser.conftest import check_accessibility, follow, sign_in


def test_search_council_page_and_registry_as_at_are_accessible_with_and_without_javascript(browser, demo_site):
    page = browser.new_page()
    sign_in(page, demo_site, "officer@kent.example")
    page.get_by_label("Search councils, partnerships, projects, gains and suppliers").fill("Kent")
    follow(page.get_by_role("button", name="Search", exact=True).first)
    assert "/search/?q=Kent" in page.url and page.locator("#results-councils").count() == 1
    check_accessibility(page)
    follow(page.locator("ul[aria-labelledby=results-councils] a", has_text="Kent County Council").first)
    assert page.locator("h1").inner_text() == "Kent County Council"
    assert page.locator(".govuk-service-navigation__item--active").inner_text() == "Councils"
    for heading in ("Projects", "Efficiency gains", "Care placements"):
        assert page.get_by_role("heading", name=heading, exact=True).count() == 1
    check_accessibility(page)
    for path in ("/registry/partnerships/SE/", "/registry/councils/?on=2008-04-01&region=E12000006",
                 "/projects/se-waste/"):
        page.goto(demo_site + path)
        check_accessibility(page)
    assert "Bedfordshire County Council" in page.goto(demo_site + "/registry/councils/?on=2008-04-01&region=E12000006").text()
    page.goto(demo_site + "/projects/se-waste/")
    assert "created this project on" in page.locator("#history-audit").inner_text()

    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    sign_in(plain, demo_site, "board@improvementeast.example")
    plain.get_by_label("Search councils, partnerships, projects, gains and suppliers").fill("Improvement East")
    follow(plain.get_by_role("button", name="Search", exact=True).first)
    assert plain.locator("ul[aria-labelledby=results-partnerships] a", has_text="Improvement East").count() == 1
    plain.goto(demo_site + "/registry/partnerships/EE/")
    plain.get_by_role("textbox", name="Another day").fill("1/4/2009")
    follow(plain.get_by_role("button", name="Show"))
    assert "on=1%2F4%2F2009" in plain.url and "Central Bedfordshire" in plain.locator("#table-members").inner_text()
    context.close()
