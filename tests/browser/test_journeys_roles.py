"""Each role's most common tasks, from sign-in to done, in a real browser: what the person sees, axe-core (WCAG 2.2
AA) on every page touched, and the reviewer's journey with JavaScript off. One test per module run, so the demo
loads once and one live server serves every journey (browser tests are the slowest part of CI)."""
from tests.browser.conftest import check_accessibility, follow, sign_in


def _visit(page, site, path):
    response = page.goto(site + path)
    assert response.status == 200, path
    check_accessibility(page)


def _todo(page, heading):
    """The links of one to-do list on the starting page."""
    return page.locator(".govuk-grid-column-one-third", has=page.get_by_role("heading", name=heading)).get_by_role("link")


def _council_officer(browser, site):
    page = browser.new_page()
    sign_in(page, site, "officer@kent.example")
    check_accessibility(page)
    assert page.get_by_role("heading", name="NI 179 this year (2010-11)").is_visible()
    # 1. a placement with a price risk: open it from the starting page
    follow(_todo(page, "Placements with a price risk").first)
    assert "/care/placements/" in page.url and "below" in page.content()
    check_accessibility(page)
    # 2. a return to submit
    page.goto(site + "/")
    follow(_todo(page, "NI 179 returns to submit").first)
    assert "/ledger/ni179/E10000016/2008-09/" in page.url
    check_accessibility(page)
    # 3. a gain missing its evidence
    page.goto(site + "/")
    follow(_todo(page, "Gains with no evidence document").first)
    assert "/ledger/gains/" in page.url
    check_accessibility(page)
    page.close()


def _programme_manager(browser, site):
    page = browser.new_page()
    sign_in(page, site, "manager@improvementeast.example")
    # 1. a return awaiting validation
    follow(_todo(page, "NI 179 returns to validate").first)
    assert "/ledger/ni179/E10000029/2008-09/" in page.url
    check_accessibility(page)
    # 2. create a project: the council picker suggests as you type (accessible-autocomplete)
    _visit(page, site, "/projects/new/")
    follow(page.get_by_role("button", name="Create project"))
    summary = page.locator(".govuk-error-summary")
    assert "Enter the project name" in summary.inner_text() and "Select the lead council" in summary.inner_text()
    assert "This field is required" not in page.content()
    check_accessibility(page)
    page.get_by_label("Project name").fill("Shared payroll")
    page.get_by_label("Project code").fill("ee-shared-payroll")
    page.get_by_label("Partnership", exact=True).select_option(label="Improvement East")
    page.get_by_label("Funding period").select_option(index=1)
    assert page.get_by_label("Funding period").locator("option").count() == 2  # one period, offered once
    page.get_by_label("Theme").select_option(index=1)
    page.locator("#id_lead_council").fill("Norf")
    page.locator("#id_lead_council__listbox li", has_text="Norfolk").first.click()  # stays on the page
    check_accessibility(page)
    follow(page.get_by_role("button", name="Create project"))
    assert "Project ‘Shared payroll’ created" in page.content()
    # 3. a milestone: a date far outside the project's funding period is refused, naming the dates
    follow(page.get_by_role("button", name="Add a milestone"))
    page.get_by_label("Milestone").fill("Board sign-off")
    page.get_by_label("Due date").fill("01/04/2030")
    follow(page.get_by_role("button", name="Add milestone"))
    assert "Due date must be between 1 April 2008 and 31 March 2011" in page.locator(".govuk-error-summary").inner_text()
    check_accessibility(page)
    page.get_by_label("Due date").fill("31/03/2010")
    follow(page.get_by_role("button", name="Add milestone"))
    assert "Milestone added." in page.content()
    page.close()


def _administrator_and_board(browser, site):
    page = browser.new_page()
    sign_in(page, site, "admin@riep.example")
    assert "Last spend file: never imported" in page.content()
    follow(_todo(page, "Data freshness").filter(has_text="Last indicator import"))
    assert page.url.endswith("/performance/import/")
    check_accessibility(page)
    page.close()
    page = browser.new_page()
    sign_in(page, site, "board@improvementeast.example")
    check_accessibility(page)
    follow(_todo(page, "Value for money reports").first)
    assert page.url.endswith("/ledger/partnerships/EE/value-report/")
    check_accessibility(page)
    page.close()


def _reviewer_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site, "reviewer@communities.example")
    assert page.get_by_role("heading", name="All partnerships at a glance").is_visible()
    assert "NI 179 returns to validate" not in page.content()
    follow(_todo(page, "All partnerships at a glance").filter(has_text="Improvement East"))
    assert page.url.endswith("/registry/partnerships/EE/")
    page.goto(site + "/")
    follow(_todo(page, "Value for money reports").filter(has_text="Improvement East"))
    assert "/ledger/partnerships/EE/value-report/" in page.url and page.locator("h1").count() == 1
    context.close()


def test_each_roles_common_tasks_from_sign_in_to_done(browser, demo_site):
    _council_officer(browser, demo_site)
    _programme_manager(browser, demo_site)
    _administrator_and_board(browser, demo_site)
    _reviewer_without_javascript(browser, demo_site)
