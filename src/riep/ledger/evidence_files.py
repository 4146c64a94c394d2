"""Which evidence documents a gain may carry: the file types accepted and how each must begin."""

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# extension → (content type, how the file must begin); CSV is checked as text instead.
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".csv": ("text/csv", None),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
ALLOWED_EVIDENCE = "PDF, Word (DOCX), Excel (XLSX), CSV, PNG or JPEG"
