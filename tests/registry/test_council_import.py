import csv
import shutil

import pytest

from riep.registry.councils_file import CouncilFileError, read_council_file
from riep.registry.models import Organisation
from riep.registry.services import BUNDLED_COUNCIL_FILE, import_councils, import_predecessors_2009


def test_bundled_register_gives_every_english_council_with_the_region_defects_fixed():
    parsed = read_council_file(BUNDLED_COUNCIL_FILE)
    by_gss = {c.gss_code: c for c in parsed.councils}
    assert by_gss["E10000007"].region_name == "East Midlands"  # Derbyshire: file says West Midlands
    assert by_gss["E10000019"].region_name == "East Midlands"  # Lincolnshire: file says Yorkshire and The Humber
    assert len(parsed.corrections_applied) == 2
    assert parsed.skipped_other_nations == 90
    assert all(c.gss_code.startswith("E") for c in parsed.councils)


def _write(tmp_path, rows):
    source = list(csv.DictReader(open(BUNDLED_COUNCIL_FILE, encoding="utf-8", errors="replace")))
    fields = list(source[0].keys())
    path = tmp_path / "councils.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows(source))
    return path


def test_bad_rows_are_all_reported_with_row_and_field(tmp_path):
    def damage(rows):
        rows = [r for r in rows if r["nation"] == "England"][:20]
        rows[3]["gss-code"] = "X123"
        rows[5]["region"] = "Atlantis"
        rows[7]["local-authority-type"] = "ZZZ"
        return rows

    with pytest.raises(CouncilFileError) as caught:
        read_council_file(_write(tmp_path, damage))
    text = str(caught.value)
    assert "Row 5, gss-code: 'X123' is not an English GSS code" in text
    assert "Row 7, region: unknown region 'Atlantis'" in text
    assert "Row 9, local-authority-type: unknown council type 'ZZZ'" in text


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("gss-code,official-name\nE06000001,Hartlepool\n", encoding="utf-8")
    with pytest.raises(CouncilFileError, match="nation: required column is missing"):
        read_council_file(path)


def test_import_is_idempotent_and_links_counties_and_successors(db):
    first = import_councils()
    assert first.created == 380 and first.updated == 0
    second = import_councils()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 380)
    history_rows = Organisation.history.count()
    import_councils()
    assert Organisation.history.count() == history_rows, "re-import must not write history"
    allerdale = Organisation.objects.get(gss_code="E07000026")
    assert allerdale.county.gss_code == "E10000006"
    assert {s.name for s in allerdale.successors.all()} == {"Cumberland Council"}
    derbyshire = Organisation.objects.get(gss_code="E10000007")
    assert derbyshire.region.code == "E12000004"


def test_one_bad_row_changes_nothing(db, tmp_path):
    import_councils()
    before = {o.gss_code: o.name for o in Organisation.objects.all()}

    def rename_then_break(rows):
        for row in rows:
            if row["gss-code"] == "E06000001":
                row["official-name"] = "Renamed Council"
            if row["gss-code"] == "E06000002":
                row["pop-2020"] = "lots"
        return rows

    with pytest.raises(CouncilFileError, match="pop-2020: 'lots' is not a number"):
        import_councils(_write(tmp_path, rename_then_break))
    assert {o.gss_code: o.name for o in Organisation.objects.all()} == before


def test_predecessors_of_2009_point_to_their_successors(db):
    import_councils()
    import_predecessors_2009()
    import_predecessors_2009()  # idempotent
    durham_districts = Organisation.objects.filter(snac_code__startswith="20U", gss_code__isnull=True)
    assert durham_districts.count() == 7
    assert {s.gss_code for d in durham_districts for s in d.successors.all()} == {"E06000047"}
    bedfordshire = Organisation.objects.get(snac_code="09", gss_code__isnull=True)
    assert {s.gss_code for s in bedfordshire.successors.all()} == {"E06000055", "E06000056"}
    assert Organisation.objects.filter(snac_code__startswith="35U", gss_code__isnull=True).count() == 6
