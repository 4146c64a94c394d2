"""The catalogue's frameworks as data: the National Indicator Set and the Local Outcomes Framework, the latter only
as far as the reference notes go (REFERENCE.md §7): its date, its 16 priority outcomes, no targets and no league
tables; the outcomes' names are not there, so none is listed, and the note says so."""
from riep.performance.services.catalogue import catalogue_file, frameworks


def test_every_outcome_belongs_to_a_framework_with_a_source():
    data = catalogue_file()
    keys = {f["key"] for f in data["frameworks"]}
    assert {o["framework"] for o in data["outcomes"]} <= keys
    assert all(f["source"] in data["sources"] for f in data["frameworks"])


def test_the_local_outcomes_framework_says_what_the_reference_lacks_and_invents_no_outcome():
    lof = next(f for f in frameworks() if f["key"] == "lof-2026")
    assert lof["outcomes_expected"] == 16 and lof["outcomes"] == [] and lof["targets"] is False
    assert "February 2026" in lof["period"] and "no targets and no league tables" in lof["summary"]
    assert "do not give the outcomes' names" in lof["note"] and "none is invented" in lof["note"]
    assert "REFERENCE.md" in lof["source_text"]


def test_the_index_page_shows_the_frameworks(client, sign_in, performance):
    sign_in("board@improvementeast.example")
    html = client.get("/performance/").content.decode()
    assert "Local Outcomes Framework (February 2026 onwards)" in html and "No outcomes of it are listed" in html
