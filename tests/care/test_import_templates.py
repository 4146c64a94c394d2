"""The placements import page's template and example (riep.core.import_templates)."""
from decimal import Decimal as D

from riep.care.placements_file import COLUMNS, OPTIONAL_COLUMNS, read_placements
from riep.core.import_templates import csv_bytes, registered


def test_the_template_has_the_importers_columns_and_its_example_reads_without_problems():
    template = registered("care.placements")
    assert template.header() == [*COLUMNS, *OPTIONAL_COLUMNS]
    placements = read_placements(csv_bytes(template.header(), template.example_rows()), "example.csv")
    assert [p.reference for p in placements] == ["EX-0001", "EX-0002", "EX-0003"]
    assert placements[1].current_weekly_fee == D("1310.50") and placements[2].current_weekly_fee is None
