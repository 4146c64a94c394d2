"""The indicator catalogue and the self-assessment question set, read from the versioned files in ../data."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.db import transaction

from riep.performance.models import Indicator, Outcome

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def catalogue_file() -> dict:
    return json.loads((DATA / "indicators.json").read_text(encoding="utf-8"))


@cache
def question_set() -> dict:
    return json.loads((DATA / "self_assessment.json").read_text(encoding="utf-8"))


def frameworks() -> list[dict]:
    """The frameworks the catalogue's outcomes belong to, each with its source and, where the reference notes lack a
    detail (the Local Outcomes Framework's outcome names), a note saying so."""
    data = catalogue_file()
    return [{**f, "source_text": data["sources"][f["source"]],
             "outcomes": [o for o in data["outcomes"] if o.get("framework") == f["key"]]} for f in data["frameworks"]]


def questions() -> list[dict]:
    """Every question with its element's key and name, in the set's order."""
    return [{**q, "element": e["key"], "element_name": e["name"]} for e in question_set()["elements"] for q in e["questions"]]


@transaction.atomic
def load_catalogue() -> int:
    """Creates or updates the catalogue's outcomes and indicators (idempotent); returns how many indicators."""
    data = catalogue_file()
    outcomes = {}
    for o in data["outcomes"]:
        outcomes[o["slug"]], _ = Outcome.objects.update_or_create(slug=o["slug"], defaults={
            "name": o["name"], "description": o["description"], "whitehall_priority": o["whitehall_priority"],
            "framework": o.get("framework", "")})
    for i in data["indicators"]:
        Indicator.objects.update_or_create(key=i["key"], defaults={
            "code": i["code"], "name": i["name"], "definition": i["definition"], "unit": i["unit"],
            "polarity": i["polarity"], "frequency": i["frequency"], "geography": i["geography"],
            "source": data["sources"][i["source"]], "outcome": outcomes[i["outcome"]], "decimals": i.get("decimals", 1),
            "negative_allowed": i.get("negative_allowed", False), "catalogue_version": data["version"],
            "derived_from": i.get("derived_from", "")})
    return len(data["indicators"])
