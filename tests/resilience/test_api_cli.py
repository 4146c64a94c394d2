"""The API and `riep resilience indicators` give each indicator's value, peer median, position and flags."""
import csv
import io
import json
from decimal import Decimal as D

from typer.testing import CliRunner

from riep.cli.main import app

runner = CliRunner()


def test_api_indicators_and_flags(resilience, client, sign_in):
    sign_in("reviewer@communities.example")
    answer = client.get("/api/v1/resilience/councils/E10000021/indicators?year=2017-18&group=same_type")
    assert answer.status_code == 200, answer.content
    rows = {r["indicator"]: r for r in answer.json()}
    assert D(rows["unallocated_reserves"]["value"]) == 0 and rows["unallocated_reserves"]["quartile"] == 1
    assert rows["fees_and_charges"]["status"] == "unavailable" and "RO1–RO6" in rows["fees_and_charges"]["reason"]
    # 26 other counties in 2017-18, 25 with the reserves and spending lines complete
    assert rows["reserves_level"]["peers"] == 25 and rows["reserves_level"]["peer_median"] is not None
    assert "reserves-below-10pc" in rows["reserves_level"]["flags"]
    assert client.get("/api/v1/resilience/councils/E99999999/indicators").status_code == 404
    assert client.get("/api/v1/resilience/councils/E10000021/indicators?year=1999-00").status_code == 404
    assert client.get("/api/v1/resilience/councils/E10000021/indicators?group=league").status_code == 422
    flags = client.get("/api/v1/resilience/partnerships/EE/flags?year=2017-18").json()
    thurrock = next(f for f in flags if f["council_gss_code"] == "E06000034")
    assert thurrock["flags"] == ["reserves-fall-third"] and "sustainability-5y" in thurrock["cleared"]


def test_cli_indicators_json_and_csv(resilience):
    as_json = runner.invoke(app, ["resilience", "indicators", "--council", "E10000020", "--year", "2016-17"])
    assert as_json.exit_code == 0, as_json.output
    rows = {r["indicator"]: r for r in json.loads(as_json.stdout)}
    assert D(rows["council_tax_share"]["value"]) == D(331105) / D("619776.1952308248")
    assert rows["reserves_sustainability"]["flags"] == ["sustainability-5y"]
    as_csv = runner.invoke(app, ["resilience", "indicators", "--council", "E10000020", "--year", "2016-17",
                                 "--format", "csv", "--group", "nearest"])
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert as_csv.exit_code == 0 and len(table) == 10 and table[0]["peer_group"] == "nearest"
    bad = runner.invoke(app, ["resilience", "indicators", "--council", "E1", "--year", "2016-17"])
    assert bad.exit_code == 2 and "no council with GSS code E1" in bad.output
