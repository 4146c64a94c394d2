"""Reads the reference data files in riep.ledger.reference (JSON, numbers read as Decimal, never float)."""
from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

_PACKAGE = "riep.ledger.reference"


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed content of reference/<name>.json. Cached: treat the result as read-only."""
    text = resources.files(_PACKAGE).joinpath(f"{name}.json").read_text(encoding="utf-8")
    # parse_float=Decimal keeps 0.035 exactly 0.035.
    return json.loads(text, parse_float=Decimal)


def as_decimal(value: Any) -> Decimal:
    """A reference or user value as Decimal; floats are refused so no binary rounding creeps in."""
    if isinstance(value, float):
        raise TypeError("pass a Decimal, int or string, not a float")
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value).strip())
