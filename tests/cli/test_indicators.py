"""`riep indicators import` and `riep indicators scorecard` through Typer's test runner, on a few of Norfolk's figures."""
import csv
import io
import json

import pytest
from typer.testing import CliRunner

from riep.cli.indicators import app

runner = CliRunner()


@pytest.fixture(scope="module")
def norfolk(django_db_setup, django_db_blocker):
    """The register and the catalogue, and a scorecard's worth of figures for Norfolk (not the whole demo), made
    once for the module inside a transaction rolled back at its end (as the demo fixture does)."""
    from decimal import Decimal

    from django.db import transaction

    from riep.performance.models import Indicator, IndicatorValue, Target
    from riep.performance.services.catalogue import load_catalogue
    from riep.registry.models import Organisation
    from riep.registry.services import import_bundled_councils

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            import_bundled_councils()
            load_catalogue()
            council = Organisation.objects.get(gss_code="E10000020")
            indicators = Indicator.objects.filter(polarity__in=("higher", "lower"), frequency="financial_year")[:12]
            for i, ind in enumerate(indicators):
                IndicatorValue.objects.create(indicator=ind, council=council, period="2010-11", value=Decimal(40 + i))
                Target.objects.create(indicator=ind, council=council, period="2010-11", target=Decimal(41),
                                      tolerance=Decimal(2))
            yield council
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("norfolk", "db")


def test_scorecard_as_json_and_csv():
    result = runner.invoke(app, ["scorecard", "--council", "E10000020", "--period", "2010-11", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["name"] == "Norfolk County Council" and len(document["measures"]) >= 12
    rows = list(csv.DictReader(io.StringIO(runner.invoke(
        app, ["scorecard", "--council", "E10000020", "--period", "2010/11", "--format", "csv"]).stdout)))
    assert [r["indicator"] for r in rows] == [m["indicator"] for m in document["measures"]]


def test_bad_options_fail_in_one_line_with_exit_2():
    result = runner.invoke(app, ["scorecard", "--council", "E99999999", "--period", "2010-11"])
    assert result.exit_code == 2 and "no council with GSS code E99999999" in result.output
    result = runner.invoke(app, ["scorecard", "--council", "E10000020", "--period", "2010"])
    assert result.exit_code == 2 and "not a financial year" in result.output


def test_import_reports_every_problem_or_the_summary(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,area code,period,value\nNI192,E10000020,2011-12,140\nNI999,E10000020,2011-12,1\n")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 2 and "Row 2, value" in result.output and "Row 3, indicator" in result.output
    good = tmp_path / "good.csv"
    good.write_text("Area code,Period,Value\nE10000020,2011/12,9.0\n")
    result = runner.invoke(app, ["import", str(good), "--indicator", "NI55"])
    assert result.exit_code == 0 and "1 figures added" in result.output
