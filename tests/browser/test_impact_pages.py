"""Impact pages in a real browser at 1280 px: axe (WCAG 2.2 AA) on each; a panel built from the platform's own series
(the page other capabilities link to, prefilled from its address) through to the analysis form; and the key tables
(gap, ratio, balance, gaps) fitting the page without horizontal scrolling."""
from tests.browser.conftest import check_accessibility, follow, sign_in

MANAGER = "manager@improvementeast.example"
KEY_TABLES = ("series", "placebos", "balance", "comparison", "weights")


def _fits(page, table_id: str) -> None:
    """The table is inside the viewport and its wrapper does not scroll sideways (no column hidden)."""
    box = page.locator(f"#table-{table_id}").bounding_box()
    assert box is not None, table_id
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, (table_id, box)
    overflow = page.evaluate(f"""() => {{ const t = document.querySelector('#table-{table_id}');
        return t.parentElement.scrollWidth - t.parentElement.clientWidth; }}""")
    assert overflow <= 1, (table_id, overflow)


def test_impact_pages_are_accessible_fit_the_page_and_build_a_panel_from_series(browser, demo_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/impact/")
    check_accessibility(page)
    follow(page.locator("#table-analyses tbody a").first)
    assert page.locator("h1").count() == 1
    check_accessibility(page)
    for name in KEY_TABLES:
        _fits(page, name)
    text = page.locator("main").inner_text()
    assert "(illustrative) (illustrative)" not in text and "Unexpected error" not in text
    # Every council of the average is named in the chart's legend (none cut off).
    legend = page.locator(".riep-chart svg").first.inner_html()
    for council in ("Canterbury", "Dover", "Folkestone", "Thanet"):
        assert council in legend, council

    page.goto(f"{demo_site}/impact/panels/from-series/?source=performance&measure=NI192&treated=E07000148"
              "&start=2008-09")
    check_accessibility(page)
    assert page.get_by_label("Series").input_value() == "performance:NI192"
    assert page.get_by_label("Start", exact=True).input_value() == "2008-09"
    follow(page.get_by_role("button", name="Build the panel"))
    assert page.locator("h2", has_text="Gaps and comparison councils").count() == 1
    check_accessibility(page)
    _fits(page, "gaps")
    assert page.locator("#table-gaps tbody tr").count() >= 3
    follow(page.get_by_role("button", name="Start an analysis with these councils"))
    assert page.locator("h1", has_text="New impact analysis").count() == 1
    check_accessibility(page)
    assert "E07000148" in page.get_by_label("Treated councils", exact=True).input_value()
    assert page.get_by_label("Start (financial year)").input_value() == "2008-09"
    page.close()
