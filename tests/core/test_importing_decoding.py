"""The platform's one text decoder (`decode_text`) and the workbook archive check importers with their own reader
call (`check_archive`)."""
import io
import zipfile

import pytest

from riep.core.importing import ImportRefused, Limits, check_archive, decode_text, read_sheet


def test_utf8_with_any_byte_order_marks_even_encoded_twice():
    for prefix in (b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf" * 2, "\u00ef\u00bb\u00bf".encode(),
                   b"\xef\xbb\xbf" + "\u00ef\u00bb\u00bf".encode()):
        text, encoding, notes = decode_text(prefix + "name\nCafé\n".encode(), "f.csv")
        assert (text, encoding) == ("name\nCafé\n", "utf-8")
        assert bool(notes) == ("\u00ef".encode() in prefix)  # the twice-encoded mark is reported
    assert list(read_sheet("\u00ef\u00bb\u00bfname\nKent\n".encode(), "f.csv").columns) == ["name"]


def test_windows_1252_and_utf16_say_what_they_were_read_as():
    assert decode_text("Café – £5".encode("cp1252"), "f.csv") == (
        "Café – £5", "cp1252", ["The file is not UTF-8; it was read as Windows-1252."])
    assert decode_text("a\tb".encode("utf-16"), "f.txt")[:2] == ("a\tb", "utf-16")
    with pytest.raises(ImportRefused, match="byte 2 is neither UTF-8 nor Windows-1252"):
        decode_text(b"a\x81", "f.csv")


def test_check_archive_refuses_from_the_directory_alone():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b"0" * (11 * 1024 * 1024))
    check_archive(buffer.getvalue(), "big.ods", Limits(max_ratio=100_000))  # within a generous ratio: read on
    with pytest.raises(ImportRefused, match="would unzip to 11 MB"):
        check_archive(buffer.getvalue(), "bomb.ods")
    with pytest.raises(ImportRefused, match="damaged"):
        check_archive(b"PK\x03\x04 not really", "broken.xlsx")
