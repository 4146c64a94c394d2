"""The gains import page offers a blank template and an example (riep.core.import_templates): the importer's own
columns, an example it imports, and the downloads only for those who may use the page."""
import csv
import io

from riep.core.import_templates import csv_bytes, registered
from riep.ledger.importer import OPTIONAL, REQUIRED, import_gains
from riep.ledger.models import EfficiencyGain

from .conftest import user


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_template_has_the_importers_columns_and_its_example_imports_without_problems(ledger):
    template = registered("ledger.gains")
    assert template.header() == [*REQUIRED, *OPTIONAL]
    summary = import_gains(csv_bytes(template.header(), template.example_rows()), "example.csv",
                           user=user("manager@improvementeast.example"))
    assert sorted(summary.references["added"]) == ["EXAMPLE-001", "EXAMPLE-002"]
    assert EfficiencyGain.objects.get(reference="EXAMPLE-001").shares.count() == 2


def test_the_import_page_links_both_files_and_only_its_users_may_download_them(as_user):
    client = as_user("officer@norfolk.example")
    page = client.get("/ledger/gains/import/").content.decode()
    assert "Download a blank template (CSV)" in page and "Download an example (CSV)" in page
    blank = client.get("/imports/ledger.gains/template.csv")
    assert blank["Content-Type"].startswith("text/csv") and "ledger-gains-template.csv" in blank["Content-Disposition"]
    assert _rows(blank) == [[*REQUIRED, *OPTIONAL]]
    example = _rows(client.get("/imports/ledger.gains/example.csv"))
    assert example[0] == [*REQUIRED, *OPTIONAL] and len(example) == 4
    board = as_user("board@improvementeast.example")
    assert board.get("/imports/ledger.gains/template.csv").status_code == 403
    assert board.get("/imports/no.such/template.csv").status_code == 404
