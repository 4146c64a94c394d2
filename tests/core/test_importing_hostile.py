"""Hostile and awkward files are refused cheaply, in plain words, before anything parses them (issue 16)."""
import io
import time
import zipfile

import openpyxl
import pytest

from riep.core.importing import MB, ImportRefused, Limits, read_sheet


def refused(data: bytes, filename: str, **options) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_sheet(data, filename, **options)
    return caught.value.problems[0].message


def zip_bomb(unzipped_mb: int) -> bytes:
    """An .xlsx-shaped archive whose one sheet unzips to `unzipped_mb` MB of zeros (about 1,000 to 1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b"\0" * MB
            for _ in range(unzipped_mb):
                part.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory_in_under_a_second():
    bomb = zip_bomb(60)  # 60 MB of zeros in about 60 KB
    started = time.perf_counter()
    message = refused(bomb, "bomb.xlsx")
    assert time.perf_counter() - started < 1  # generous: it reads the zip directory, never the parts
    assert message.startswith("this file is not a spreadsheet we can read: it would unzip to 60 MB")


def test_a_workbook_past_the_unzipped_limit_is_refused():
    assert "would unzip to 6 MB" in refused(zip_bomb(6), "big.xlsx", limits=Limits(max_uncompressed=5 * MB))


def test_an_ordinary_workbook_is_within_the_limits():
    book = openpyxl.Workbook()
    for i in range(2000):
        book.active.append([f"Council {i}", i * 1.5])
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(read_sheet(buffer.getvalue(), "ok.xlsx").rows) == 1999


def test_an_oversized_file_is_refused_before_it_is_read():
    message = refused(b"name\n" + b"x" * (2 * MB), "big.csv", limits=Limits(max_bytes=1 * MB))
    assert message == "this file is 2.0 MB; this import takes files up to 1 MB. Split it into smaller files"


@pytest.mark.parametrize("filename, data", [
    ("rows.csv", "name\n" + "Kent\n" * 30),
    ("rows.xlsx", None),
])
def test_more_rows_than_the_import_takes_are_refused(filename, data):
    if data is None:
        book = openpyxl.Workbook()
        for _ in range(80):
            book.active.append(["Kent"])
        buffer = io.BytesIO()
        book.save(buffer)
        payload = buffer.getvalue()
    else:
        payload = data.encode()
    message = refused(payload, filename, limits=Limits(max_rows=10))
    assert "more than 10 rows" in message and "split it" in message


def test_an_old_xls_or_password_protected_workbook_is_named_as_such():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    assert "old .xls workbook or is password-protected" in refused(ole, "protected.csv")
    assert "not a spreadsheet we can read" in refused(ole, "protected.xlsx")


def test_a_double_byte_order_mark_is_not_part_of_the_first_column():
    sheet = read_sheet("\ufeff\ufeffname,amount\nKent,1\n".encode("utf-8"), "double-bom.csv")
    assert list(sheet.columns) == ["name", "amount"]


def test_windows_1252_text_is_decoded_never_replaced():
    sheet = read_sheet("name\nCafé Ltd – £5\n".encode("cp1252"), "cp1252.csv")
    assert sheet.rows[0].text("name") == "Café Ltd – £5"


def test_an_xml_entity_attack_is_refused_in_plain_words():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                         for i in range(1, 10))
              + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    book = openpyxl.Workbook()
    book.active.append(["name"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, laughs if item.filename == "xl/worksheets/sheet1.xml" else source.read(item))
    message = refused(out.getvalue(), "laughs.xlsx")
    assert message.startswith("this file is not a spreadsheet we can read")
    assert "Unexpected" not in message
