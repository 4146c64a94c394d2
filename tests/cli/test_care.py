"""`riep care price` and `riep care rate-cards` through Typer's test runner."""
import csv
import io
import json
from decimal import Decimal as D

from typer.testing import CliRunner

from riep.care.calc import RATE_CARD_DIR, fair_weekly_price, load_rate_card
from riep.cli.care import app
from tests.care.test_placements_file import DEMO, HEADER, read_file

runner = CliRunner()


def test_price_demo_file_as_json_agrees_with_the_single_function():
    result = runner.invoke(app, ["price", str(DEMO), "--rate-card", "england-2025-26", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["rate_card"] == "england-2025-26" and document["weeks_per_year"] == "52"
    rows = document["placements"]
    assert len(rows) == 25 and document["summary"]["placements"] == 25
    card = load_rate_card("england-2025-26")
    for row, placement in zip(rows, read_file(DEMO)):
        price = fair_weekly_price(placement.needs, card)
        assert (D(row["fair_price"]), D(row["floor"]), D(row["ceiling"])) == (price.total, price.floor, price.ceiling)
        if placement.current_weekly_fee is None:
            assert row["weekly_gap"] is None and row["flag"] is None
        else:
            assert D(row["weekly_gap"]) == placement.current_weekly_fee - price.total
            assert D(row["annual_gap"]) == D(row["weekly_gap"]) * 52
            assert row["is_risk"] == (D(row["weekly_gap"]) < 0)
    flags = {row["flag"] for row in rows}
    assert {"below_floor", "below_fair_price", "within_range", "above_ceiling"} <= flags
    assert document["summary"]["at_risk"] == sum(1 for row in rows if row["is_risk"])


def test_price_as_csv_to_a_file(tmp_path):
    out = tmp_path / "prices.csv"
    result = runner.invoke(app, ["price", str(DEMO), "--rate-card", "london-2026-27", "--format", "csv",
                                 "--output", str(out), "--weeks-per-year", "52.14"])
    assert result.exit_code == 0, result.output
    assert "Priced 25 placements on london-2026-27" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 25 and rows[0]["person_reference"] == "DEMO-0001"
    first = rows[0]
    assert D(first["annual_gap"]) == (D(first["weekly_gap"]) * D("52.14")).quantize(D("0.01"))
    assert rows[6]["current_weekly_fee"] == "" and rows[6]["flag"] == ""


def test_price_a_card_file_by_path():
    result = runner.invoke(app, ["price", str(DEMO), "--rate-card", str(RATE_CARD_DIR / "england-2026-27.json")])
    assert result.exit_code == 0, result.output


def test_bad_rows_exit_2_listing_every_problem(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, "DEMO-0001,residential,1000,40,-1,0,140,0,Oakfield,1050.00,14/05/2026",
                              "DEMO-0002,respite,0,1,0,0,0,0,Oakfield,abc,"]) + "\n")
    result = runner.invoke(app, ["price", str(bad), "--rate-card", "england-2025-26"])
    assert result.exit_code == 2
    assert "Nothing was imported: 3 problems in bad.csv." in result.stderr
    assert "Row 2, one_to_one_hours" in result.stderr
    assert "Row 3, service_type" in result.stderr and "Row 3, current_weekly_fee" in result.stderr
    assert "'respite' is not a service type" in result.stderr
    assert result.stdout == ""


def test_unknown_card_and_bad_options_exit_2(tmp_path):
    result = runner.invoke(app, ["price", str(DEMO), "--rate-card", "mars-2025-26"])
    assert result.exit_code == 2 and "mars-2025-26: not found" in result.stderr
    result = runner.invoke(app, ["price", str(DEMO), "--rate-card", "england-2025-26", "--weeks-per-year", "x"])
    assert result.exit_code == 2 and "--weeks-per-year" in result.stderr
    result = runner.invoke(app, ["price", str(tmp_path / "missing.csv"), "--rate-card", "england-2025-26"])
    assert result.exit_code == 2 and "cannot read the file" in result.stderr
    result = runner.invoke(app, ["price", str(DEMO), "--rate-card", "england-2025-26", "--format", "xml"])
    assert result.exit_code == 2


def test_large_files_show_a_progress_bar_on_stderr(tmp_path, monkeypatch):
    monkeypatch.setattr("riep.cli.care.PROGRESS_FROM_BYTES", 10)
    monkeypatch.setattr("riep.cli.care.CHUNK", 7)
    result = runner.invoke(app, ["price", str(DEMO), "--rate-card", "england-2025-26", "--format", "csv"])
    assert result.exit_code == 0
    assert "Pricing placements" in result.stderr and "Checking placements" in result.stderr
    assert "Pricing" not in result.stdout
    assert len(result.stdout.strip().splitlines()) == 26  # chunking keeps every row, in order


def test_rate_cards_lists_the_cards():
    result = runner.invoke(app, ["rate-cards"])
    assert result.exit_code == 0
    for name in ("england-2025-26", "england-2026-27", "london-2026-27"):
        assert name in result.stdout
