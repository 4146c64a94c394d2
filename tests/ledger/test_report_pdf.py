"""The value report PDF a reviewer can file (issue 9): page numbers, generated-on date and data vintage on every page,
the validation-status statement, and a chart whose text is at least the body size with a legend that fits."""
import re

from riep.core.fy import FinancialYear
from riep.core.pdf import STATIC_HOST, static_only_fetcher
from riep.ledger.report import build_value_report, report_html
from riep.registry.models import Partnership


def _texts(box) -> list[str]:
    out = [box.text] if hasattr(box, "text") else []
    for child in getattr(box, "children", None) or []:
        out += _texts(child)
    return out


def _report():
    return build_value_report(Partnership.objects.get(code="EE"), FinancialYear(2008), FinancialYear(2010))


def test_pdf_pages_are_numbered_dated_and_state_validation(ledger):
    from weasyprint import HTML

    report = _report()
    html = report_html(report)
    document = HTML(string=html, base_url=STATIC_HOST + "/", url_fetcher=static_only_fetcher()).render()
    pages = len(document.pages)
    assert pages > 1
    for number, page in enumerate(document.pages, start=1):
        text = " ".join(_texts(page._page_box))
        assert f"Page {number} of {pages}" in text
        assert f"Generated {report.generated_on}; ledger data as at {report.data_as_at}" in text
    assert "Validated NI 179 returns: Norfolk 2008-09, Cambridgeshire 2008-09" in html or \
        "Validated NI 179 returns: Cambridgeshire 2008-09, Norfolk 2008-09" in html
    assert "Suffolk 2008-09 (submitted for validation)" in html and "Norfolk 2009-10 (sent back)" in html


def test_chart_text_is_at_least_body_size_and_the_legend_sits_below(ledger):
    svg = _report().waterfall_svg
    sizes = {float(s) for s in re.findall(r'font-size="(\d+(?:\.\d+)?)px"', svg)}
    assert sizes and min(sizes) >= 15  # drawn 760 px wide and shown at 200 mm: 15 px is about 10 pt (body 9 pt)
    width = float(re.search(r'<svg[^>]* width="(\d+(?:\.\d+)?)"', svg).group(1))
    legend = [float(x) for x in re.findall(r'role-legend.*?translate\((\d+(?:\.\d+)?),', svg, re.S)]
    assert legend and all(x < width for x in legend)  # inside the drawing, not cut off at its right edge
    assert "<tspan>Additional</tspan><tspan" in svg  # long labels wrapped onto lines, not truncated
