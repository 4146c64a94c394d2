import io
import zipfile

import pytest
import xlsxwriter

from riep.core.importing import ImportRefused, decode_text
from riep.procurement.ingest.columns import find_header, propose, resolve_column
from riep.procurement.ingest.reading import read_lines
from riep.procurement.ingest.sheet import read_spend_sheet

CSV = "Payment Date,Supplier Name,Net Amount\n24/12/2010,Café Nero Ltd,£1,234.50\n"


def test_windows_1252_is_detected_and_decoded_exactly():
    text = "Payment Date,Supplier Name,Net Amount\n24/12/2010,Caf\u00e9 Ren\u00e9e \u2013 Ltd,\u00a3500.00\n" * 20
    decoded, encoding, _ = decode_text(text.encode("cp1252"), "f.csv")
    assert decoded == text
    assert encoding == "cp1252"
    lines = read_lines(text.encode("cp1252"), "f.csv")  # the hub reads with the platform's decoder
    assert lines.encoding == "cp1252" and lines.lines[1][1][1] == "Caf\u00e9 Ren\u00e9e \u2013 Ltd"
    assert lines.notes == ["The file is not UTF-8; it was read as Windows-1252."]


def test_double_and_plain_byte_order_marks_are_removed():
    for data in (b"\xef\xbb\xbf" + CSV.encode(), "\u00ef\u00bb\u00bf".encode() + CSV.encode(),
                 b"\xef\xbb\xbf\xef\xbb\xbf" + CSV.encode()):
        lines = read_lines(data, "f.csv")
        assert lines.lines[0][1][0] == "Payment Date"


def test_utf16_text_is_read():
    lines = read_lines(CSV.replace(",", "\t").encode("utf-16"), "f.txt")
    assert lines.lines[1][1][1] == "Café Nero Ltd"


def test_bytes_no_encoding_can_read_are_refused_not_replaced():
    with pytest.raises(ImportRefused, match="neither UTF-8 nor Windows-1252"):
        read_lines(bytes(range(128, 256)) * 50 + b"\x81\x8d\x8f\x90\x9d", "f.csv")


@pytest.mark.parametrize("name", ["bomb.xlsx", "bomb.ods"])
def test_a_workbook_that_would_unzip_to_far_more_than_it_is_is_refused_unread(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b"0" * (12 * 1024 * 1024))  # 12 MB from a few kB
    with pytest.raises(ImportRefused, match="would unzip to 12 MB"):
        read_spend_sheet(buffer.getvalue(), name)


def test_header_is_found_below_a_preamble():
    data = ("Invoices over £500\n\nReport date: 02/07/2012\nInvoice Threshold Nett Amt: 500\n"
            "Body,Department,Supplier Name,Invoice Creation Date,Invoice Nett Amount\n"
            "Lambeth,Housing,Afay Ltd,25/06/2012,750.00\n").encode()
    sheet = read_spend_sheet(data, "lambeth.csv")
    assert sheet.header_row == 5
    assert sheet.threshold == 500
    assert sheet.vat_basis == "net"
    assert sheet.rows[0].text("supplier_name") == "Afay Ltd"


def test_a_supplier_id_column_holding_names_is_the_name_and_period_codes_are_months():
    headers = ["Nstrg(T)", "TransNo", "Period", "Supplier ID(T)", "Amount"]
    rows = [["Schools", "200053492", "202103", "Barclaycard - Global Commercial Payments", "416.67"],
            ["Schools", "200053493", "202103", "NORTHUMBRIAN WATER LTD", "500.00"]]
    proposal = propose(headers, rows)
    assert proposal.column_of("supplier_name") == "Supplier ID(T)"
    assert proposal.mapping["supplier_id"] is None
    assert proposal.date_format == "fy_period"
    assert proposal.sure


def test_an_unknown_header_set_is_unsure_and_a_choice_settles_it():
    headers = ["When", "Who", "How much"]
    rows = [["24/12/2010", "Acme Widgets Ltd", "100.00"], ["25/12/2010", "Beta Supplies", "200.50"]]
    proposal = propose(headers, rows)
    assert not proposal.sure  # no header we know for the supplier
    chosen = {"supplier_name": resolve_column(headers, "who"), "amount": 2, "payment_date": 0}
    settled = propose(headers, rows, chosen)
    assert settled.sure and settled.column_of("amount") == "How much" and settled.date_format == "uk"
    with pytest.raises(ValueError, match="no column is headed"):
        resolve_column(headers, "Supplier")


def test_fused_lambeth_rows_are_split_back():
    data = ("Body,Department,Supplier Name,Invoice Creation Date,Invoice Nett Amount,Subj Description\n"
            "Lambeth,Children,A A GuestHouses,25/06/2012900,PRIVATE RESIDENTIAL CARE\n"
            "Lambeth,Children,Catch2212/06/2012,8755.20,SUPPORTED HOUSING\n"
            "Lambeth,Children,Academy2129/05/2012740,FEES\n"
            "Lambeth,Children,Afay Ltd,25/06/2012,1750.00,RENT\n").encode()
    sheet = read_spend_sheet(data, "lambeth.csv")
    got = [(r.text("supplier_name"), r.text("payment_date"), r.text("amount")) for r in sheet.rows]
    assert got == [("A A GuestHouses", "25/06/2012", "900"), ("Catch22", "12/06/2012", "8755.20"),
                   ("Academy21", "29/05/2012", "740"), ("Afay Ltd", "25/06/2012", "1750.00")]
    assert any("3 rows had a date fused" in note for note in sheet.notes)


def test_xlsx_is_read_with_calamine():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Cover")
    sheet.write(0, 0, "About this file")
    sheet = book.add_worksheet("Payments")
    sheet.write_row(0, 0, ["Spend over £500, April 2021"])
    sheet.write_row(2, 0, ["Payment Date", "Supplier Name", "Net Amount"])
    for i in range(3):
        sheet.write_row(3 + i, 0, ["2021-04-06", f"Supplier {i} Ltd", 1534.24 + i])
    book.close()
    spend = read_spend_sheet(buffer.getvalue(), "april.xlsx")
    assert spend.header_row == 3 and spend.encoding == "xlsx"
    assert [r.text("amount") for r in spend.rows] == ["1534.24", "1535.24", "1536.24"]


def _ods(rows) -> bytes:
    cells = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>' for v in row)
        + "</table:table-row>" for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Spend">{cells}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def test_ods_is_read_with_calamine():
    data = _ods([["Payment Date", "Supplier Name", "Net Amount"], ["24/12/2010", "Acme Ltd", "£1,000.00"]])
    spend = read_spend_sheet(data, "december.ods")
    assert spend.encoding == "ods"
    assert spend.rows[0].text("supplier_name") == "Acme Ltd"


def test_a_file_without_a_header_we_know_is_refused():
    with pytest.raises(ImportRefused, match="no header row"):
        read_spend_sheet(b"1,2,3\n4,5,6\n", "x.csv")
    assert find_header([(1, ["x", "y"])]) is None
