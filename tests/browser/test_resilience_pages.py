"""Financial resilience pages in a real browser: accessible (axe), charts with their tables, a case's pages."""
from riep.resilience.models import SupportCase
from tests.browser.conftest import check_accessibility, follow, sign_in


def test_resilience_pages_are_accessible(browser, demo_site):
    page = browser.new_page()
    sign_in(page, demo_site, "manager@improvementeast.example")
    case = SupportCase.objects.get(illustrative=True)
    for path in ("/resilience/", "/resilience/partnerships/EE/", "/resilience/partnerships/EE/flags/?year=2016-17",
                 "/resilience/partnerships/EE/rules/", "/resilience/partnerships/EE/cases/",
                 f"/resilience/cases/{case.pk}/", "/resilience/councils/E10000020/?group=nearest",
                 "/resilience/partnerships/EE/cases/new/", "/methodology/resilience/", "/methodology/peers/"):
        page.goto(demo_site + path)
        assert page.locator("h1").count() == 1, path
        check_accessibility(page)
    page.goto(f"{demo_site}/resilience/councils/E10000020/")
    assert page.locator("svg[role=img]").count() == 7 and page.locator("#table-reserves_level").count() == 1


def test_choosing_a_comparator_group_is_accessible(browser, demo_site):
    page = browser.new_page()
    sign_in(page, demo_site, "admin@riep.example")
    for path in ("/resilience/partnerships/EE/peer-groups/", "/resilience/partnerships/EE/peer-groups/new/"):
        page.goto(demo_site + path)
        assert page.locator("h1").count() == 1, path
        check_accessibility(page)
    follow(page.get_by_role("button", name="Save the group"))  # empty: the errors name the fields
    assert page.locator(".govuk-error-summary").count() == 1
    check_accessibility(page)
