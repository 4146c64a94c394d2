"""The structural change pages in a real browser: accessible (axe, WCAG 2.2 AA), and working without JavaScript."""
from tests.browser.conftest import check_accessibility, follow, sign_in


def test_reorganisation_pages_are_accessible_and_work_without_javascript(browser, demo_site):
    page = browser.new_page()
    sign_in(page, demo_site, "admin@riep.example")
    for path in ("/reorg/", "/reorg/scenarios/durham-2009/", "/reorg/shared-services/norfolk-finance-payroll/",
                 "/reorg/capacity-pools/ee-growth-areas/"):
        page.goto(demo_site + path)
        assert page.locator("h1").count() == 1, path
        check_accessibility(page)
    # the harmonisation calculator, with a referendum-limit breach shown in an error summary
    page.goto(f"{demo_site}/reorg/harmonise/")
    page.get_by_label("Band D of each former area").fill("1000, 1100, 1300")
    page.get_by_label("Tax base of each former area").fill("100, 200, 100")
    page.get_by_label("Harmonisation period (years)").fill("2")
    page.get_by_label("Referendum limit (%)").fill("4.99")
    follow(page.get_by_role("button", name="Show the paths"))
    assert "breaks the referendum limit" in page.content() and "£1,125.00" in page.content()
    check_accessibility(page)
    # an assumption's range changed without JavaScript; a low above the high is refused in the error summary
    page.goto(f"{demo_site}/reorg/scenarios/durham-2009/")
    follow(page.get_by_role("link", name="Change or see the history of “Back office” (Government assessment"))
    page.get_by_label("Low").fill("0.9")
    page.get_by_label("Reason for the change").fill("Trying a wider range")
    follow(page.get_by_role("button", name="Save the new range"))
    assert "above the high" in page.locator(".govuk-error-summary").inner_text()
    check_accessibility(page)
    # without JavaScript: a proposed placement agreed becomes a partnership project; the tables download
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, demo_site, "admin@riep.example")
    page.goto(f"{demo_site}/reorg/capacity-pools/ee-growth-areas/")
    follow(page.get_by_role("button", name="Agree").first)
    assert "Placement agreed" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV of Agreed placements").click()
    assert download.value.suggested_filename.endswith(".csv")
    context.close()
