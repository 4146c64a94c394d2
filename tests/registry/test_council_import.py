import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riep.core.imported_files.models import ImportedFile
from riep.core.importing import ImportRefused, Problem
from riep.registry.councils_file import read_council_file
from riep.registry.models import Organisation
from riep.registry.services import (
    BUNDLED_COUNCIL_FILE,
    import_bundled_councils,
    import_councils,
    import_predecessors_2009,
)


def test_bundled_register_gives_every_english_council_with_the_region_defects_fixed():
    parsed = read_council_file(BUNDLED_COUNCIL_FILE.read_bytes(), BUNDLED_COUNCIL_FILE.name)
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

    path = _write(tmp_path, damage)
    with pytest.raises(ImportRefused) as caught:
        read_council_file(path.read_bytes(), path.name)
    text = str(caught.value)
    assert text.startswith("Nothing was imported: ") and " problems in councils.csv." in text.splitlines()[0]
    assert len([p for p in caught.value.problems if p.field != "county-la"]) == 3  # 20 rows leave out counties
    assert "Row 5, gss-code: 'X123' is not an English GSS code" in text
    assert "Row 7, region: unknown region 'Atlantis'" in text
    assert "Row 9, local-authority-type: unknown council type 'ZZZ'" in text
    assert Problem(5, "gss-code", "X123",
                                               "'X123' is not an English GSS code (E followed by 8 digits)") in caught.value.problems


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("gss-code,official-name\nE06000001,Hartlepool\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="nation: the required column ‘nation’ is missing"):
        read_council_file(path.read_bytes(), path.name)


def test_import_is_idempotent_and_links_counties_and_successors(db):
    first = import_bundled_councils()
    assert (first.rows, first.added, first.changed) == (470, 380, 0) and first.first_imported_at is None
    second = import_bundled_councils()
    assert (second.added, second.changed, second.unchanged) == (0, 0, 380)
    assert second.content_hash == first.content_hash and second.first_imported_at is not None
    assert "380 unchanged" in str(second) and "the same file was first imported on" in str(second)
    history_rows = Organisation.history.count()
    import_bundled_councils()
    assert Organisation.history.count() == history_rows, "re-import must not write history"
    assert ImportedFile.objects.filter(kind="registry.councils").count() == 1
    allerdale = Organisation.objects.get(gss_code="E07000026")
    assert allerdale.county.gss_code == "E10000006"
    assert {s.name for s in allerdale.successors.all()} == {"Cumberland Council"}
    derbyshire = Organisation.objects.get(gss_code="E10000007")
    assert derbyshire.region.code == "E12000004"


def test_one_bad_row_changes_nothing(db, tmp_path):
    import_bundled_councils()
    before = {o.gss_code: o.name for o in Organisation.objects.all()}

    def rename_then_break(rows):
        for row in rows:
            if row["gss-code"] == "E06000001":
                row["official-name"] = "Renamed Council"
            if row["gss-code"] == "E06000002":
                row["pop-2020"] = "lots"
        return rows

    path = _write(tmp_path, rename_then_break)
    with pytest.raises(ImportRefused, match="pop-2020: 'lots' is not a number"):
        import_councils(path.read_bytes(), path.name)
    assert {o.gss_code: o.name for o in Organisation.objects.all()} == before


def test_predecessors_of_2009_point_to_their_successors(db):
    import_bundled_councils()
    import_predecessors_2009()
    import_predecessors_2009()  # idempotent
    durham_districts = Organisation.objects.filter(snac_code__startswith="20U", gss_code__isnull=True)
    assert durham_districts.count() == 7
    assert {s.gss_code for d in durham_districts for s in d.successors.all()} == {"E06000047"}
    bedfordshire = Organisation.objects.get(snac_code="09", gss_code__isnull=True)
    assert {s.gss_code for s in bedfordshire.successors.all()} == {"E06000055", "E06000056"}
    assert Organisation.objects.filter(snac_code__startswith="35U", gss_code__isnull=True).count() == 6


def test_a_council_edited_since_is_put_back_by_importing_the_same_file_again(db):
    """The content hash says the file was seen before, but the rows are still compared: nothing is skipped."""
    import_bundled_councils()
    Organisation.objects.filter(gss_code="E06000001").update(name="Edited by hand")
    again = import_bundled_councils()
    assert (again.added, again.changed) == (0, 1)
    assert Organisation.objects.get(gss_code="E06000001").name == "Hartlepool Borough Council"


def test_predecessors_before_the_councils_are_refused_naming_the_row(db):
    with pytest.raises(ImportRefused) as caught:
        import_predecessors_2009()
    first = caught.value.problems[0]
    assert (first.row, first.field, first.value) == (2, "successor_gss", "E06000047")
    assert not Organisation.objects.exists()


@settings(max_examples=80, deadline=None)
@given(cells=st.fixed_dictionaries({name: st.one_of(st.text(max_size=10), st.sampled_from(["", "1e400", "nan", "E1"]))
                                    for name in ("gss-code", "pop-2020", "start-date", "end-date",
                                                 "local-authority-type", "region")}))
def test_any_cell_values_give_councils_or_a_refusal_naming_the_cell(cells):
    header = ["local-authority-code", "official-name", "nice-name", "nation", *cells]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, ["HPL", "Hartlepool", "Hartlepool", "England",
                                                                *cells.values()]])
    try:
        parsed = read_council_file(buffer.getvalue().encode("utf-8"), "councils.csv")
    except ImportRefused as refused:
        assert all(p.row <= 2 for p in refused.problems)
        return
    assert len(parsed.councils) == 1
