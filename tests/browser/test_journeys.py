from tests.browser.conftest import check_accessibility, follow, sign_in


def test_council_officer_journey_is_accessible_and_edits_own_project(browser, demo_site):
    page = browser.new_page()
    page.goto(f"{demo_site}/projects/")
    assert "/accounts/sign-in/" in page.url
    check_accessibility(page)
    sign_in(page, demo_site, "officer@norfolk.example")
    check_accessibility(page)
    for path in ("/projects/", "/projects/ee-aspire2perform/", "/registry/partnerships/EE/",
                 "/registry/councils/?region=E12000006", "/methodology/funding/"):
        page.goto(demo_site + path)
        assert page.locator("h1").count() == 1
        check_accessibility(page)
    page.goto(f"{demo_site}/projects/ee-aspire2perform/edit/")
    check_accessibility(page)
    page.get_by_label("Description").fill("Updated in the browser")
    follow(page.get_by_role("button", name="Save changes"))
    assert "Project updated." in page.content() and "Updated in the browser" in page.content()
    page.goto(f"{demo_site}/projects/ldn-energy/edit/")
    assert "You cannot do this" in page.content()


def test_error_summary_links_to_the_field_and_is_accessible(browser, demo_site):
    page = browser.new_page()
    sign_in(page, demo_site, "manager@improvementeast.example")
    page.goto(f"{demo_site}/projects/ee-aspire2perform/")
    follow(page.get_by_role("link", name="Change allocation and spend of for Core grant"))
    page.get_by_label("2008-09 allocation").fill("-100")
    follow(page.get_by_role("button", name="Save funding"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "2008-09 allocation must not be negative" in summary.inner_text()
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")  # focus moves to the summary
    check_accessibility(page)
    summary.get_by_role("link").first.click()  # stays on the page: it moves focus to the field
    assert page.evaluate("document.activeElement.id") == "id_allocation_2008"


def test_pages_work_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, demo_site, "reviewer@communities.example")
    page.goto(f"{demo_site}/projects/")
    page.get_by_label("Theme").select_option("reorganisation")
    follow(page.get_by_role("button", name="Apply filters"))
    assert "theme=reorganisation" in page.url
    assert page.locator("#table-projects tbody tr").count() == 2
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV of Projects").click()
    assert download.value.suggested_filename == "projects.csv"  # was projects-projects.csv
    context.close()


def test_every_capabilitys_main_pages_are_accessible(browser, demo_site):
    page = browser.new_page()
    sign_in(page, demo_site, "officer@kent.example")
    for path in ("/ledger/", "/ledger/partnerships/SE/value-report/", "/care/", "/care/placements/",
                 "/care/calculator/needs/", "/impact/", "/jobs/", "/methodology/", "/registry/councils/?region=E12000008"):
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        check_accessibility(page)
    page.goto(demo_site + "/care/placements/")
    follow(page.locator("#table-placements tbody a").first)
    assert "/care/placements/" in page.url and page.locator("h1").count() == 1
    check_accessibility(page)
