"""The procurement hub's pages in a real browser, checked with axe: upload, column confirmation, the file report."""
from tests.browser.conftest import check_accessibility, follow, sign_in


def test_upload_confirm_columns_and_pages_are_accessible(browser, demo_site, settings, tmp_path):
    from riep.procurement.demo import load_procurement_demo

    settings.RIEP_SPEND_DIR = tmp_path / "spend"
    load_procurement_demo(force=True)
    page = browser.new_page()
    sign_in(page, demo_site, "admin@riep.example")
    page.goto(demo_site + "/procurement/")
    check_accessibility(page)
    page.goto(demo_site + "/procurement/upload/")
    check_accessibility(page)
    data = tmp_path / "may.csv"
    data.write_text("When,Who,How much\n24/05/2021,NORTHUMBRIAN WATER LTD,1200.00\n")
    from riep.registry.models import Organisation

    page.select_option("#id_council", value=str(Organisation.objects.get(gss_code="E08000021").pk))
    page.set_input_files("#id_file", str(data))
    follow(page.get_by_role("button", name="Upload and check the columns"))
    assert "Check the columns" in page.inner_text("h1")
    check_accessibility(page)
    for path in ("/procurement/councils/E08000021/", "/procurement/opportunities/NE/", "/procurement/review/",
                 "/procurement/suppliers/"):
        page.goto(demo_site + path)
        check_accessibility(page)
