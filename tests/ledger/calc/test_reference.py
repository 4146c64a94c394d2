"""Every reference value ships with a source; the ready-reckoner defaults carry a verify flag."""
import pytest

from riep.ledger.calc.reference import as_decimal, load

FILES = ["additionality", "csr07", "green_book_discount", "optimism_bias", "vfm_bands"]


@pytest.mark.parametrize("name", FILES)
def test_each_file_names_its_source_and_verify_status(name):
    data = load(name)
    assert data.get("source") or data.get("sources")
    assert "verify" in data or name == "additionality"


def test_ready_reckoner_levels_are_flagged_for_verification():
    data = load("additionality")
    assert all(level["verify"] for level in data["levels"].values())
    for spec in data["parameter_sets"]:
        assert spec["illustrative"] is True
        for param in spec["parameters"].values():
            assert param["source"] in data["sources"] and "verify" in param


def test_numbers_are_read_exactly():
    assert str(load("green_book_discount")["bands"][0]["rate"]) == "0.035"
    with pytest.raises(TypeError):
        as_decimal(0.035)
