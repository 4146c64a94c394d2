"""Uploaded files reach background jobs one way: an `Upload` row holding the bytes; the job gets its id.

The page or API that receives a file calls `receive_upload`; the job calls `read_upload`. Nothing is left on a disk
that another worker machine could not see, and nothing has to be cleaned up after the job.
"""
from __future__ import annotations

import contextlib
import hashlib
import tempfile
from pathlib import Path, PurePath
from typing import Iterator

from riep.core.errors import UserError
from riep.core.models import Upload


def receive_upload(file, user=None) -> Upload:
    """Stores an uploaded file (a Django `UploadedFile` or anything with `.name` and `.read()`/`.chunks()`)."""
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
