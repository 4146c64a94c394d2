"""Uploaded files reach background jobs one way: an `Upload` row holding the bytes; the job gets its id.

The page or API that receives a file calls `receive_upload`; the job calls `read_upload`. Nothing is left on a disk
that another worker machine could not see, and nothing has to be cleaned up after the job.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
from pathlib import Path, PurePath
from typing import Iterator

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from riep.core.errors import UserError
from riep.core.models import Upload

MB = 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "RIEP_MAX_UPLOAD_MB", 50)) * MB


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory up to the upload limit, and never writes one to disk.

    Django's default handler spools large files to /tmp, where an interrupted upload left its partial file behind.
    Past the limit this handler stops keeping bytes and hands the form a file marked `too_large` (with the size
    seen), so the form can say "The selected file must be smaller than 50 MB" instead of reading it."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer, self.seen, self.limit = io.BytesIO(), 0, max_upload_bytes()

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        if self.seen <= self.limit:
            self.buffer.write(raw_data)
        return None  # the last handler: nothing passes the chunk on

    def file_complete(self, file_size):
        too_large = self.seen > self.limit
        if too_large:
            self.buffer = io.BytesIO()
        self.buffer.seek(0)
        uploaded = InMemoryUploadedFile(self.buffer, self.field_name, self.file_name, self.content_type,
                                        self.seen, self.charset, self.content_type_extra)
        uploaded.too_large = too_large
        return uploaded


def receive_upload(file, user=None) -> Upload:
    """Stores an uploaded file (a Django `UploadedFile` or anything with `.name` and `.read()`/`.chunks()`)."""
    if getattr(file, "too_large", False):  # forms using riep.core.forms.UploadField have said so already
        raise UserError(f"The selected file must be smaller than {max_upload_bytes() // MB} MB.")
    data = b"".join(file.chunks()) if hasattr(file, "chunks") else file.read()
    return store_bytes(data, PurePath(file.name).name, user)


def store_bytes(data: bytes, name: str, user=None) -> Upload:
    return Upload.objects.create(name=name[:255], size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                 content=data, uploaded_by=user if getattr(user, "pk", None) else None)


def read_upload(upload_id) -> Upload:
    """The upload a job was given, with its bytes as `bytes` (PostgreSQL hands back a memoryview)."""
    upload = Upload.objects.filter(pk=upload_id).first()
    if upload is None:
        raise UserError("Nothing was imported: the uploaded file is no longer on record. Upload it again.")
    upload.content = bytes(upload.content)
    return upload


@contextlib.contextmanager
def as_temporary_file(upload: Upload) -> Iterator[Path]:
    """For an importer that still reads from a path: the upload's bytes in a temporary file, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="riep-upload-") as folder:
        path = Path(folder) / (PurePath(upload.name).name or "upload")
        path.write_bytes(bytes(upload.content))
        yield path
