"""Every table on the capabilities' pages downloads as CSV (BOM first, the page's headings) and as XLSX (one sheet
with the same headings), from the links the page itself shows."""
import csv
import html
import io
import re

import openpyxl
import pytest

from riep.accounts.models import User

START = ["/", "/projects/", "/registry/partnerships/", "/registry/partnerships/EE/", "/registry/councils/", "/registry/people/", "/ledger/",
         "/ledger/partnerships/EE/trajectory/", "/ledger/partnerships/EE/value-report/", "/care/placements/",
         "/care/savings/", "/impact/", "/jobs/"]
# From each list page, the first detail page it links to.
DETAIL = {"/projects/": r"/projects/[\w-]+/$", "/registry/councils/": r"/registry/councils/\d+/$", "/ledger/": r"/ledger/gains/[\w-]+/$",
          "/care/placements/": r"/care/placements/\d+/$", "/impact/": r"/impact/analyses/\d+/$"}
LINK = re.compile(r'href="([^"]*)"')
DOWNLOAD = re.compile(r'href="(\?[^"]*download=([^"&]+)[^"]*format=csv[^"]*)"')


def _headings(page: str, table: str) -> list[str] | None:
    """The table's column headings as the page shows them; None for an audit trail told in sentences (its download
    is the raw record, riep.core.history)."""
    found = re.search(rf'<table class="govuk-table" id="table-{re.escape(table)}">.*?<thead.*?</thead>', page, re.S)
    if found is None:
        assert f'id="history-{table}"' in page, f"no table or history list called {table}"
        return None
    return [html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", found.group(0), re.S)]


@pytest.mark.django_db
def test_every_table_on_every_page_downloads_as_csv_and_xlsx(demo, client):
    client.force_login(User.objects.get(email="admin@riep.example"))
    pages = list(START)
    for start, pattern in DETAIL.items():
        text = client.get(start).content.decode()
        pages.append(next(h for h in LINK.findall(text) if re.match(pattern, h)))
    checked = 0
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        for link, table in {(html.unescape(m[0]), m[1]) for m in DOWNLOAD.findall(page)}:
            headings = _headings(page, table)
            got = client.get(path + link)
            assert got.status_code == 200 and got.streaming, (path, table)
            body = got.getvalue()
            assert body.startswith(b"\xef\xbb\xbf"), (path, table)
            header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            if headings is None:  # an audit trail in sentences: the raw record, its sentence column beside it
                assert "In words" in header, (path, table, header)
                headings = header
            assert header == headings, (path, table)
            xlsx = client.get(path + link.replace("format=csv", "format=xlsx"))
            sheet = openpyxl.load_workbook(io.BytesIO(xlsx.getvalue())).active
            assert [c.value for c in sheet[1]] == headings, (path, table)
            assert re.fullmatch(r'attachment; filename="[\w.-]+\.xlsx"', xlsx["Content-Disposition"]), xlsx["Content-Disposition"]
            checked += 1
    assert checked >= 30
