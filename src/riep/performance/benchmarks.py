"""Peer benchmarking of indicator values (riep.peers' comparator groups and its median/MAD position).

Interim: riep.peers lands from another branch; until it is merged no position is shown and pages say so.
"""
from __future__ import annotations

KINDS = {"same_type": "Same council type", "same_region": "Same region", "nearest": "Nearest neighbours"}
DEFAULT_KIND = "same_type"


def available() -> bool:
    return False


def positions_for(user, measures, kind: str) -> dict:
    return {}
