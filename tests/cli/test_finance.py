"""`riep finance import` reports the summary and what it could not join; a refused file exits 2 with the row."""
from typer.testing import CliRunner

from riep.cli.main import app
from riep.finance.models import CouncilFigures
from riep.finance.services import DATA_DIR
from riep.registry.services import import_bundled_councils

runner = CliRunner()


def test_finance_import_and_lines(db, tmp_path):
    import_bundled_councils()
    result = runner.invoke(app, ["finance", "import", str(DATA_DIR / "RS_2016-17_data_by_LA.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Imported RS 2016-17" in result.output and "362 councils added" in result.output
    assert "not joined: row" in result.output and "Police" in result.output
    lines = runner.invoke(app, ["finance", "lines"])
    assert "RS-805\tNET REVENUE EXPENDITURE\t2016-17" in lines.output
    bad = tmp_path / "bad.csv"
    bad.write_text("Revenue Outturn Summary (RS) 2016-17\n,,,,,190\nE-code,ONS Code,Local authority,,Class,Education\n"
                   "E0101,E06000022,Bath,,UA,lots\n", encoding="utf-8")
    refused = runner.invoke(app, ["finance", "import", str(bad)])
    assert refused.exit_code == 2 and "Row 4, Education: is not a number" in refused.output
    assert CouncilFigures.objects.count() == 362
