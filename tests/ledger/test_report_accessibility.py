"""The value report as a user meets it: styled, tagged PDF; chart with a text alternative beside its data table."""
import re
import zlib

from riep.core.fy import FinancialYear
from riep.ledger import report
from riep.registry.models import Partnership


def test_pdf_is_tagged_for_screen_readers(ledger):
    built = report.build_value_report(Partnership.objects.get(code="EE"), FinancialYear(2008), FinancialYear(2010))
    pdf = report.report_pdf(built)
    text = pdf
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            pass
    assert pdf.startswith(b"%PDF") and b"/StructTreeRoot" in text and b"/Lang" in text


def test_page_chart_has_text_alternative_data_table_captions_and_ordered_headings(as_user):
    page = as_user("board@improvementeast.example").get("/ledger/partnerships/EE/value-report/").content.decode()
    assert 'role="img" aria-label="Waterfall from gross to additional net savings' in page and "<desc>" in page
    assert "From gross to additional net savings</caption>" in re.sub(r"\s+</caption>", "</caption>", page)
    assert page.count("<table") == page.count("<caption")
    levels = [int(h) for h in re.findall(r"<h([1-6])", page.split('<main', 1)[1].split("</main>")[0])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    assert "Illustrative: Illustrative" not in page
