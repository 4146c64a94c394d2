from tests.browser.conftest import check_accessibility, sign_in


def test_care_import_page_lists_a_refused_files_problems_accessibly(browser, demo_site):
    from riep.care.models import ImportStatus, PlacementImport
    from riep.core.uploads import store_bytes
    from riep.registry.models import Organisation

    PlacementImport.objects.create(
        council=Organisation.objects.get(gss_code="E10000016"), file_name="bad.csv", upload=store_bytes(b"", "bad.csv"),
        rate_card="x",
        status=ImportStatus.FAILED, problems=[
            {"row": 0, "field": "", "value": "", "message": "the file is empty"},
            {"row": 4, "field": "Weekly fee", "value": "abc", "message": "'abc' is not an amount of money"}])
    page = browser.new_page()
    sign_in(page, demo_site, "officer@kent.example")
    page.goto(demo_site + "/care/placements/import/")
    check_accessibility(page)
    problems = page.locator("#problems-" + str(PlacementImport.objects.get(file_name="bad.csv").pk))
    assert problems.is_visible() and "Whole file" in problems.inner_text()
    assert "Weekly fee" in problems.inner_text() and "is not an amount of money" in problems.inner_text()
