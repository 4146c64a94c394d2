"""Registry use cases: importing the council register and the 2009 predecessors."""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from django.db import transaction

from riep.registry.councils_file import DATA_DIR, CouncilFileError, RowProblem, read_council_file, region_names
from riep.registry.models import Organisation, OrganisationKind, Region

BUNDLED_COUNCIL_FILE = DATA_DIR / "uk_local_authorities_current.csv"
PREDECESSORS_FILE = DATA_DIR / "predecessors_2009.csv"
ProgressCallback = Callable[[int, int, str], None]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_other_nations: int = 0
    corrections: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return self.__dict__.copy()

    def __str__(self) -> str:
        return (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged; "
                f"{self.skipped_other_nations} rows outside England skipped; {len(self.corrections)} corrections applied")


def ensure_regions() -> dict[str, Region]:
    by_name = {}
    for name, code in region_names().items():
        region, _ = Region.objects.get_or_create(code=code, defaults={"name": name})
        by_name[name] = region
    return by_name


def _save_if_changed(instance: Organisation, values: dict) -> str:
    """Writes only real changes, so re-importing the same file leaves no history behind."""
    if instance.pk is None:
        for key, value in values.items():
            setattr(instance, key, value)
        instance.save()
        return "created"
    changed = [k for k, v in values.items() if getattr(instance, k) != v]
    if not changed:
        return "unchanged"
    for key in changed:
        setattr(instance, key, values[key])
    instance.save()
    return "updated"


@transaction.atomic
def import_councils(path: Path = BUNDLED_COUNCIL_FILE, progress: ProgressCallback | None = None) -> ImportSummary:
    """Imports every English council in the file. All or nothing: a bad row changes nothing."""
    parsed = read_council_file(Path(path))
    regions = ensure_regions()
    summary = ImportSummary(skipped_other_nations=parsed.skipped_other_nations,
                            corrections=[c.reason for c in parsed.corrections_applied])
    total = len(parsed.councils) * 2
    by_code: dict[str, Organisation] = {}
    outcomes: dict[str, str] = {}
    existing = {o.gss_code: o for o in Organisation.objects.filter(gss_code__in=[c.gss_code for c in parsed.councils])}
    for done, row in enumerate(parsed.councils, start=1):
        org = existing.get(row.gss_code) or Organisation(gss_code=row.gss_code)
        outcome = _save_if_changed(org, {
            "kind": OrganisationKind.COUNCIL, "name": row.name, "short_name": row.short_name,
            "registry_code": row.registry_code, "council_type": row.council_type,
            "region": regions.get(row.region_name), "population": row.population,
            "mhclg_ecode": row.mhclg_ecode, "snac_code": row.snac_code,
            "start_date": row.start_date, "end_date": row.end_date,
        })
        outcomes[row.registry_code] = outcome
        by_code[row.registry_code] = org
        if progress:
            progress(done, total, f"Councils: {row.short_name}")
    # Second pass: links between councils, once every council exists.
    for done, row in enumerate(parsed.councils, start=len(parsed.councils) + 1):
        org = by_code[row.registry_code]
        county = by_code.get(row.county_registry_code) if row.county_registry_code else None
        links_changed = False
        if org.county_id != (county.pk if county else None):
            org.county = county
            org.save(update_fields=["county"])
            links_changed = True
        wanted = {by_code[c].pk for c in row.replaced_by if c in by_code}
        if wanted != set(org.successors.values_list("pk", flat=True)):
            org.successors.set(wanted)
            links_changed = True
        if links_changed and outcomes[row.registry_code] == "unchanged":
            outcomes[row.registry_code] = "updated"
        if progress:
            progress(done, total, f"Links: {row.short_name}")
    for outcome in outcomes.values():
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


@transaction.atomic
def import_predecessors_2009(path: Path = PREDECESSORS_FILE) -> ImportSummary:
    """The councils abolished on 1 April 2009 (Durham, Northumberland, Bedfordshire) and their successors."""
    regions = ensure_regions()
    summary = ImportSummary()
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    problems = []
    for number, row in enumerate(rows, start=2):
        for gss in row["successor_gss"].split():
            if not Organisation.objects.filter(gss_code=gss).exists():
                problems.append(RowProblem(number, "successor_gss", f"unknown GSS code '{gss}' (import the councils first)"))
    if problems:
        raise CouncilFileError(problems)
    by_snac: dict[str, Organisation] = {}
    for row in rows:
        org = Organisation.objects.filter(kind=OrganisationKind.COUNCIL, gss_code__isnull=True, snac_code=row["snac_code"]).first()
        org = org or Organisation()
        outcome = _save_if_changed(org, {
            "kind": OrganisationKind.COUNCIL, "name": row["name"], "short_name": row["short_name"],
            "snac_code": row["snac_code"], "council_type": row["council_type"], "region": regions[row["region"]],
            "county": by_snac.get(row["county_snac"]), "end_date": dt.date.fromisoformat(row["end_date"]),
        })
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        by_snac[row["snac_code"]] = org
        wanted = set(Organisation.objects.filter(gss_code__in=row["successor_gss"].split()).values_list("pk", flat=True))
        if wanted != set(org.successors.values_list("pk", flat=True)):
            org.successors.set(wanted)
    return summary
