"""Every table on every performance page downloads as CSV and XLSX, from the links the page itself shows, with the
page's own headings (the platform-wide test in tests/core/tables does not visit the toolkit's pages)."""
import csv
import html
import io

import openpyxl
import pytest

from tests.core.tables.test_every_page_downloads import DOWNLOAD, _headings
from tests.performance.conftest import MANAGER_EE

pytestmark = pytest.mark.usefixtures("performance")
NORFOLK = "E10000020"
PAGES = ["/performance/", "/performance/indicators/NI55/?partnership=EE", f"/performance/indicators/NI55/{NORFOLK}/",
         "/performance/indicators/NI55/EE/", f"/performance/indicators/NI55/{NORFOLK}/targets/",
         "/performance/indicators/NI55/EE/targets/", f"/performance/councils/{NORFOLK}/scorecard/",
         "/performance/partnerships/EE/scorecard/", "/performance/partnerships/EE/outcomes/obesity/",
         "/performance/partnerships/EE/indicators/",  # (the list of years has no table)
         "/performance/partnerships/EE/self-assessment/2010-11/"]


def test_every_table_on_every_performance_page_downloads_as_csv_and_xlsx(client, sign_in):
    sign_in(MANAGER_EE)
    checked = set()
    for path in PAGES:
        page = client.get(path).content.decode()
        links = {(html.unescape(m[0]), m[1]) for m in DOWNLOAD.findall(page)}
        assert links, path
        for link, table in links:
            headings = _headings(page, table)
            url = path.split("?")[0] + link
            body = client.get(url).getvalue()
            header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            assert header == (headings or header) and (headings or "In words" in header), (path, table)
            sheet = openpyxl.load_workbook(io.BytesIO(client.get(url.replace("format=csv", "format=xlsx")).getvalue())).active
            assert [c.value for c in sheet[1]] == header, (path, table)
            checked.add(table)
    assert {"councils", "area", "trajectory", "targets", "target-history", "off-track", "all-measures", "audit",
            "projects", "resources", "reward-targets"} <= checked
