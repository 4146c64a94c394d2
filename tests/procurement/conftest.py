"""Procurement test helpers: the real sample files kept in the package (spend lines go to each test's temporary
directory: tests/conftest.py)."""
import gzip
from importlib import resources


def sample_file(name: str) -> bytes:
    """One of the real spend files kept in the package (gzipped), as the council published it."""
    return gzip.decompress((resources.files("riep.procurement") / "data" / "spend" / f"{name}.csv.gz").read_bytes())
