import pytest

from riep.core.pdf import STATIC_HOST, RefusedURL, render_pdf, static_file_for, static_only_fetcher


@pytest.mark.parametrize("url", [
    "https://example.com/tracker.png", "http://169.254.169.254/latest/meta-data", "file:///etc/passwd",
    STATIC_HOST + "/static/../../settings.py", STATIC_HOST + "/elsewhere/report.css", STATIC_HOST + "/static/",
])
def test_fetcher_refuses_everything_but_the_platforms_static_files(url):
    with pytest.raises(RefusedURL):
        static_only_fetcher().fetch(url)


def test_fetcher_serves_stylesheets_as_css_so_they_apply():
    fetched = static_only_fetcher().fetch(STATIC_HOST + "/static/riep/riep.css")
    assert fetched.headers.get_content_type() == "text/css"
    assert b"riep-header" in fetched.read()
    assert static_file_for(STATIC_HOST + "/static/govuk/govuk-frontend.min.css").name == "govuk-frontend.min.css"


def test_pdf_with_external_references_never_reaches_the_network(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = ('<html lang="en"><head><title>T</title><link rel="stylesheet" href="https://example.com/x.css">'
            '<link rel="stylesheet" href="/static/riep/riep.css"></head>'
            '<body><h1>Report</h1><img src="https://example.com/x.png" alt="x"></body></html>')
    assert render_pdf(html).startswith(b"%PDF")
