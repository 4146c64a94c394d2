"""The import protocol: reading CSV and XLSX, every problem collected, all or nothing, content hash, progress."""
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from riep.core.errors import UserError
from riep.core.imported_files.models import ImportedFile
from riep.core.importing import (
    ImportRefused,
    ImportSummary,
    Problem,
    Problems,
    content_hash,
    import_file,
    read_sheet,
    scope_of,
)


def refusal(data: bytes, filename: str = "gains.csv", **options) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        read_sheet(data, filename, **options)
    return caught.value


def xlsx(rows, title="Sheet") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------------------------------------------


def test_utf8_with_a_byte_order_mark_reads_the_first_header_cleanly():
    sheet = read_sheet("\ufeffName,Amount\nKent,£1\n".encode("utf-8"), "a.csv", required=["name"])
    assert list(sheet.columns) == ["name", "amount"] and sheet.rows[0].text("amount") == "£1"


def test_windows_1252_is_read_when_the_file_is_not_utf8():
    sheet = read_sheet("name,amount\nCôte,£120\n".encode("cp1252"), "a.csv")
    assert (sheet.rows[0].text("name"), sheet.rows[0].text("amount")) == ("Côte", "£120")


def test_excel_unicode_text_is_read_as_utf16_with_tabs():
    sheet = read_sheet("name\tamount\r\nCôte\t£120\r\n".encode("utf-16"), "export.txt")
    assert sheet.rows[0].values == {"name": "Côte", "amount": "£120"}


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused():
    message = refusal(b"name\n\x81\x8d\x8f\x90\n").problems[0].message
    assert "byte 6 is neither UTF-8 nor Windows-1252" in message and "CSV UTF-8" in message


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_the_delimiter_is_sniffed_from_the_header(delimiter):
    sheet = read_sheet(f"name{delimiter}amount\nKent{delimiter}1,50\n".encode(), "a.csv")
    assert sheet.rows[0].values == {"name": "Kent", "amount": "1,50"}


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    data = b'# a note\n\nname,notes\nKent,"two\nlines"\n\nNorfolk,x\n'
    sheet = read_sheet(data, "a.csv")
    assert sheet.header_row == 3
    assert [(r.number, r.text("name")) for r in sheet.rows] == [(4, "Kent"), (7, "Norfolk")]


def test_an_empty_file_is_refused():
    for data in (b"", b"\n\n", b" , \n", b"# only a comment\n"):
        refused = refusal(data)
        assert "the file is empty" in refused.problems[0].message and refused.problems[0].row == 0


def test_a_header_with_no_rows_below_is_refused():
    assert "no rows below the header" in refusal(b"name,amount\n").problems[0].message


def test_a_missing_column_is_named_and_the_columns_found_are_listed():
    refused = refusal(b"Name,Amout\nKent,1\n", required=["name", "amount"])
    (problem,) = refused.problems
    assert (problem.row, problem.field) == (1, "amount")
    assert problem.message == "the required column ‘amount’ is missing (the columns found are ‘Name’, ‘Amout’)"


def test_a_column_given_twice_is_refused():
    (problem,) = refusal(b"name,Name\nKent,Kent\n").problems
    assert problem == Problem(1, "Name", "Name", "the column ‘Name’ appears more than once")


def test_an_unknown_file_type_is_refused():
    assert refusal(b"%PDF-1.4", "gains.pdf").problems[0].message == "‘gains.pdf’ is not a CSV or XLSX file (its name ends .pdf)"


def test_a_workbook_with_a_csv_name_is_read_as_the_workbook_it_is():
    assert read_sheet(xlsx([["name"], ["Kent"]]), "gains.csv").rows[0].text("name") == "Kent"


def test_binary_data_in_a_csv_is_refused():
    assert "binary data" in refusal(b"name\x00\x01\n\x00\n", "gains.csv").problems[0].message


def test_xlsx_cells_keep_their_types_and_the_named_sheet_is_read():
    book = openpyxl.Workbook()
    book.active.append(["not this sheet"])
    sheet = book.create_sheet("placements")
    sheet.append(["Name", "Amount", "When"])
    sheet.append(["Kent", 1050.5, dt.datetime(2026, 5, 14)])
    sheet.append([None, None, None])
    sheet.append(["Norfolk", 7, None])
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_sheet(buffer.getvalue(), "p.xlsx", sheet="placements")
    assert [r.number for r in read.rows] == [2, 4]
    first = read.rows[0]
    assert first.get("when") == dt.datetime(2026, 5, 14) and first.text("amount") == "1050.5"
    assert read.rows[1].text("amount") == "7" and read.rows[1].text("when") == ""


def test_a_file_without_a_suffix_is_read_by_its_content():
    assert read_sheet(xlsx([["name"], ["Kent"]]), "upload").rows[0].text("name") == "Kent"
    assert read_sheet(b"name\nKent\n", "upload").rows[0].text("name") == "Kent"


def test_a_damaged_workbook_is_refused():
    assert "not a spreadsheet we can read" in refusal(b"PK\x03\x04 not really", "p.xlsx").problems[0].message


# --- problems and the refusal ---------------------------------------------------------------------------------------


def test_the_refusal_says_how_many_problems_and_lists_the_first_ones():
    problems = Problems("gains.xlsx")
    problems.add(6, "year", "2009/11", "‘2009/11’ is not a financial year")
    problems.add(4, "amount", "12,5x", "‘12,5x’ is not an amount of money")
    problems.add(0, "", "", "the file is too old")
    with pytest.raises(ImportRefused) as caught:
        problems.refuse_if_any()
    refused = caught.value
    assert isinstance(refused, UserError) and refused.status == 422
    assert str(refused) == ("Nothing was imported: 3 problems in gains.xlsx.\n"
                            "the file is too old.\n"
                            "Row 4, amount: ‘12,5x’ is not an amount of money.\n"
                            "Row 6, year: ‘2009/11’ is not a financial year.")
    assert [p.row for p in refused.problems] == [0, 4, 6] and refused.rows_refused == 2


def test_a_long_list_is_cut_with_how_many_more_and_long_values_are_shortened():
    problems = Problems("big.csv")
    for row in range(2, 27):
        problems.add(row, "name", "x" * 100, "is wrong")
    refused = ImportRefused(problems, "big.csv")
    lines = str(refused).splitlines()
    assert lines[0] == "Nothing was imported: 25 problems in big.csv." and lines[-1] == "… and 15 more."
    assert len(lines) == 12 and len(refused.problems) == 25
    assert len(refused.problems[0].value) == 40 and refused.problems[0].value.endswith("…")
    assert str(ImportRefused([Problem(2, "a", "", "b")], "one.csv")).startswith("Nothing was imported: 1 problem in")


# --- the whole import: all or nothing, idempotent, progress --------------------------------------------------------


def _check_names(sheet, problems, progress):
    names = []
    for row in sheet.rows:
        if not row.text("name").isalpha():
            problems.cell(row, "name", f"‘{row.text('name')}’ is not a name")
        names.append(row.text("name"))
    progress(len(sheet.rows), len(sheet.rows), "Checked")
    return names


def _write_groups(names, summary, problems, progress):
    for done, name in enumerate(names, start=1):
        _, created = Group.objects.get_or_create(name=name)
        if created:
            summary.added += 1
        else:
            summary.unchanged += 1
        progress(done, len(names), f"Saved {name}")


def _import(data, filename="groups.csv", **options):
    options = {"kind": "test.groups", "check": _check_names, "write": _write_groups, "required": ["name"], **options}
    return import_file(data, filename, **options)


def test_every_problem_in_every_row_is_collected_and_nothing_is_written(db):
    with pytest.raises(ImportRefused) as caught:
        _import(b"Name\nKent\nK3nt\nNorfolk\nN0rfolk\n")
    assert [(p.row, p.field, p.value) for p in caught.value.problems] == [(3, "Name", "K3nt"), (5, "Name", "N0rfolk")]
    assert not Group.objects.exists() and not ImportedFile.objects.exists()


def test_a_problem_found_while_writing_undoes_the_rows_written_before_it(db):
    def refuse_the_third(names, summary, problems, progress):
        for number, name in enumerate(names, start=2):
            Group.objects.create(name=name)
            if number == 4:
                problems.add(number, "Name", name, "is locked")

    with pytest.raises(ImportRefused, match="Row 4, Name: is locked"):
        _import(b"name\nKent\nNorfolk\nSuffolk\nEssex\n", write=refuse_the_third)
    assert not Group.objects.exists() and not ImportedFile.objects.exists()


def test_an_error_while_writing_leaves_nothing_and_is_not_dressed_up_as_a_refusal(db):
    def break_halfway(names, summary, problems, progress):
        Group.objects.create(name=names[0])
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        _import(b"name\nKent\nNorfolk\n", write=break_halfway)
    assert not Group.objects.exists() and not ImportedFile.objects.exists()


def test_the_same_bytes_again_change_nothing_and_say_so(db):
    data = b"name\nKent\nNorfolk\n"
    first = _import(data)
    assert (first.rows, first.added, first.unchanged, first.first_imported_at) == (2, 2, 0, None)
    assert first.content_hash == content_hash(data) and len(first.content_hash) == 64
    again = _import(data)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2) and again.first_imported_at is not None
    assert "0 rows added, 0 changed, 2 unchanged (the same file was first imported on" in str(again)
    assert ImportedFile.objects.get().file_name == "groups.csv"
    # Another scope (another council, another user) is another import, whatever the bytes.
    assert _import(data, scope=scope_of(council="E10000016")).first_imported_at is None
    assert ImportedFile.objects.count() == 2


def test_skip_if_seen_reads_nothing_the_second_time(db):
    data = b"name\nKent\nNorfolk\n"
    _import(data, skip_if_seen=True)
    Group.objects.all().delete()

    def must_not_run(*args):
        raise AssertionError("the file was read again")

    again = _import(data, check=must_not_run, write=must_not_run, skip_if_seen=True)
    assert (again.rows, again.unchanged, again.added) == (2, 2, 0) and again.first_imported_at is not None
    assert not Group.objects.exists()  # which is why the three platform importers compare rows instead


def test_progress_is_reported_while_reading_checking_and_writing(db):
    calls = []
    _import(b"name\n" + b"\n".join(f"Group{chr(65 + i % 26)}{chr(65 + i // 26)}".encode() for i in range(30)) + b"\n",
            progress=lambda done, total, message: calls.append((done, total, message)))
    assert calls[0] == (0, 1, "Reading groups.csv")
    assert ("Checked" in calls[1][2]) and calls[1][:2] == (30, 60)
    assert calls[-1] == (60, 60, "Imported")
    dones = [done for done, total, _ in calls[1:]]
    assert dones == sorted(dones) and {total for _, total, _ in calls[1:]} == {60}
    assert any(message.startswith("Saved") for _, _, message in calls)


def test_the_summary_reads_as_a_sentence_and_as_a_dict():
    summary = ImportSummary(source="gains.csv", content_hash="ab" * 32, rows=3, added=1, changed=1, unchanged=1,
                            things="gains")
    assert str(summary) == "gains.csv: 3 rows read; 1 gains added, 1 changed, 1 unchanged."
    values = summary.as_dict()
    assert values["added"] == 1 and values["summary"] == str(summary) and values["first_imported_at"] is None
