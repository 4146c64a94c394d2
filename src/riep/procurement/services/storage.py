"""Where the spend lines live: Parquet under `RIEP_SPEND_DIR` (tests point it at a temporary directory)."""
from __future__ import annotations

from pathlib import Path

from django.conf import settings


def spend_dir() -> Path:
    path = Path(settings.RIEP_SPEND_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path
