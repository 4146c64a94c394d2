"""Impact analysis pages: the demo analysis with its charts (text alternatives), tables and downloads."""
import csv
import io
import re

import pytest

from riep.impact.models import ImpactAnalysis

from .conftest import ADMIN, BOARD, MANAGER_SE, OFFICER, REVIEWER


@pytest.fixture
def demo_analysis(impact):
    return ImpactAnalysis.objects.get(project__code="se-waste")


def test_analysis_page_shows_charts_with_text_alternatives_and_tables(as_user, demo_analysis):
    page = as_user(BOARD).get(demo_analysis.get_absolute_url()).content.decode()
    svgs = re.findall(r"<svg [^>]*>", page)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg and "aria-label=" in svg
    assert page.count("<title>") >= 3 + 1 and page.count("<desc>") == 3
    for table in ("table-series", "table-placebos", "table-leave-one-out", "table-in-time-placebo", "table-weights",
                  "table-balance"):
        assert f'id="{table}"' in page
    assert "Illustrative" in page and "Permutation p-value" in page and "Difference-in-differences" in page
    assert "standard error" in page
    assert "Canterbury" in page  # treated names from the registry
    assert "/methodology/impact/" in page


@pytest.mark.parametrize("name", ["series", "placebos", "leave-one-out", "in-time-placebo", "weights", "balance"])
def test_every_table_downloads_as_csv_and_xlsx(as_user, demo_analysis, name):
    client = as_user(REVIEWER)
    response = client.get(demo_analysis.get_absolute_url(), {"download": name, "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert len(rows) > 1
    response = client.get(demo_analysis.get_absolute_url(), {"download": name, "format": "xlsx"})
    assert response.status_code == 200 and response.getvalue()[:2] == b"PK"


def test_series_download_holds_the_gaps(as_user, demo_analysis):
    response = as_user(ADMIN).get(demo_analysis.get_absolute_url(), {"download": "series", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [r["Year"] for r in rows][:2] == ["2000-01", "2001-02"] and len(rows) == 16
    after = [float(r["Gap (treated − synthetic)"]) for r in rows if r["Before or after the start"] == "after"]
    assert len(after) == 7
    assert abs(sum(after) / 7 - demo_analysis.result["average_effect"]) < 0.01


def test_index_and_panel_pages(as_user, demo_analysis):
    client = as_user(OFFICER)
    index = client.get("/impact/").content.decode()
    assert demo_analysis.title in index and "Start a new analysis" not in index
    panel = client.get(demo_analysis.panel.get_absolute_url()).content.decode()
    assert "Illustrative figures" in panel and "E07000106" in panel and "Canterbury" in panel


def test_manager_sees_the_create_links(as_user, demo_analysis):
    index = as_user(MANAGER_SE).get("/impact/").content.decode()
    assert "Start a new analysis" in index and "Upload an indicator panel" in index


def test_methodology_page_explains_the_two_robustness_checks(as_user):
    page = as_user(BOARD).get("/methodology/impact/").content.decode()
    assert "Leave-one-out." in page and "In-time placebo." in page and "two years early" in page
