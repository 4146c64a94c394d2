"""Evidence documents: uploads limited by size and type; downloads only to the gain's councils and partnerships."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from riep.ledger.models import EvidenceDocument

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
UPLOAD = "/ledger/gains/EE-NFK-001/evidence/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, name, content, title="Contract prices before and after"):
    return client.post(UPLOAD, {"title": title, "file": SimpleUploadedFile(name, content)})


@pytest.fixture
def document(as_user, media):
    client = as_user("officer@norfolk.example")
    response = _upload(client, 'prices "2009".pdf', PDF)
    assert response.status_code == 302, response.content.decode()[:2000]
    return EvidenceDocument.objects.get(gain__reference="EE-NFK-001")


def _url(doc):
    return f"/ledger/gains/EE-NFK-001/evidence/{doc.pk}/"


@pytest.mark.parametrize("email", ["officer@norfolk.example", "manager@improvementeast.example",
                                   "board@improvementeast.example", "admin@riep.example"])
def test_owner_council_and_partnership_staff_download(as_user, document, email):
    response = as_user(email).get(_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".pdf" in disposition and "\n" not in disposition
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"


def test_sharing_council_officer_can_download_but_another_council_cannot(as_user, document):
    # EE-NFK-001 is shared with Suffolk; Kent takes no part.
    assert as_user("officer@kent.example").get(_url(document)).status_code == 403
    assert as_user("reviewer@communities.example").get(_url(document)).status_code == 403
    assert as_user("manager@iese.example").get(_url(document)).status_code == 403


def test_anonymous_is_redirected_to_sign_in(client, document):
    client.logout()
    response = client.get(_url(document))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_gain_page_lists_evidence_with_download_links(as_user, document):
    page = as_user("manager@improvementeast.example").get("/ledger/gains/EE-NFK-001/").content.decode()
    assert _url(document) in page and "Contract prices before and after" in page
    other = as_user("officer@kent.example").get("/ledger/gains/EE-NFK-001/").content.decode()
    assert _url(document) not in other and "shown only to the gain's councils" in other


def test_document_of_another_gain_is_not_found(as_user, document):
    assert as_user("manager@improvementeast.example").get(f"/ledger/gains/EE-SFK-001/evidence/{document.pk}/").status_code == 404


@pytest.mark.parametrize("name,content,message", [
    ("macro.exe", b"MZ\x90\x00", "must be a PDF, Word (DOCX), Excel (XLSX), CSV, PNG or JPEG file"),
    ("page.html", b"<html></html>", "must be a PDF"),
    ("fake.pdf", b"<html>not a pdf</html>", "is not really a PDF file"),
    ("data.csv", b"a,b\x00\x01", "is not a CSV text file"),
])
def test_refuses_other_types_with_a_clear_message(as_user, media, name, content, message):
    response = _upload(as_user("officer@norfolk.example"), name, content)
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text and message in text
    assert not EvidenceDocument.objects.filter(title="Contract prices before and after").exists()  # (the demo files others' evidence)


def test_refuses_files_over_10_mb(as_user, media):
    big = PDF + b"0" * (10 * 1024 * 1024)
    text = _upload(as_user("officer@norfolk.example"), "big.pdf", big).content.decode()
    assert "must be 10 MB or smaller" in text and not EvidenceDocument.objects.filter(title="Contract prices before and after").exists()


@pytest.mark.parametrize("name,content", [("a.csv", b"year,saving\n2009-10,1000\n"), ("b.png", b"\x89PNG\r\n\x1a\n0000"),
                                          ("c.jpeg", b"\xff\xd8\xff\xe0000"), ("d.xlsx", b"PK\x03\x04rest"),
                                          ("e.docx", b"PK\x03\x04rest")])
def test_accepts_the_allowed_types(as_user, media, name, content):
    assert _upload(as_user("officer@norfolk.example"), name, content).status_code == 302


def test_another_council_cannot_upload(as_user, media):
    assert _upload(as_user("officer@kent.example"), "a.pdf", PDF).status_code == 403
