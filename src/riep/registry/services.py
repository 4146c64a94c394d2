"""Registry use cases: importing the council register and the 2009 predecessors."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from riep.core.importing import MB, PROGRESS_EVERY, ImportSummary, Limits, Problems, Progress, Row, Sheet, import_file
from riep.registry.councils_file import DATA_DIR, REQUIRED, ParsedFile, check_councils, region_names
from riep.registry.models import Organisation, OrganisationKind, Region

BUNDLED_COUNCIL_FILE = DATA_DIR / "uk_local_authorities_current.csv"
PREDECESSORS_FILE = DATA_DIR / "predecessors_2009.csv"
PREDECESSOR_COLUMNS = ("name", "short_name", "snac_code", "council_type", "region", "county_snac", "end_date",
                       "successor_gss")


@dataclass
class CouncilImportSummary(ImportSummary):
    skipped_other_nations: int = 0
    corrections: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{super().__str__()[:-1]}; {self.skipped_other_nations} rows outside England skipped; "
                f"{len(self.corrections)} corrections applied.")


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
        return "added"
    changed = [k for k, v in values.items() if getattr(instance, k) != v]
    if not changed:
        return "unchanged"
    for key in changed:
        setattr(instance, key, values[key])
    instance.save()
    return "changed"


# The register lists about 400 English councils (800 rows with the rest of the UK): ample room, no more.
COUNCIL_FILE_LIMITS = Limits(max_bytes=5 * MB, max_uncompressed=50 * MB, max_rows=20_000)


def import_councils(data: bytes, filename: str, progress: Progress | None = None) -> CouncilImportSummary:
    """Imports every English council in the file. All or nothing: a bad row changes nothing (ImportRefused)."""
    return import_file(data, filename, kind="registry.councils", required=REQUIRED, key=str.strip,
                       check=check_councils, write=_write_councils, progress=progress,
                       summary=CouncilImportSummary, things="councils", limits=COUNCIL_FILE_LIMITS)


def import_bundled_councils(progress: Progress | None = None) -> CouncilImportSummary:
    """The register bundled with the platform (mySociety's file, see data/SOURCE.md)."""
    return import_councils(BUNDLED_COUNCIL_FILE.read_bytes(), BUNDLED_COUNCIL_FILE.name, progress)


def _write_councils(parsed: ParsedFile, summary: CouncilImportSummary, problems: Problems, progress: Progress) -> None:
    regions = ensure_regions()
    summary.skipped_other_nations = parsed.skipped_other_nations
    summary.corrections = [c.reason for c in parsed.corrections_applied]
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
        if done % PROGRESS_EVERY == 0:
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
            outcomes[row.registry_code] = "changed"
        if done % PROGRESS_EVERY == 0:
            progress(done, total, f"Links: {row.short_name}")
    progress(total, total, "Councils and their links saved")
    for outcome in outcomes.values():
        setattr(summary, outcome, getattr(summary, outcome) + 1)


def import_predecessors_2009(path: Path = PREDECESSORS_FILE) -> ImportSummary:
    """The councils abolished on 1 April 2009 (Durham, Northumberland, Bedfordshire) and their successors."""
    return import_file(Path(path).read_bytes(), Path(path).name, kind="registry.predecessors_2009",
                       required=PREDECESSOR_COLUMNS, check=_check_predecessors, write=_write_predecessors,
                       things="councils")


def _check_predecessors(sheet: Sheet, problems: Problems, progress: Progress) -> list[Row]:
    known = set(Organisation.objects.filter(gss_code__isnull=False).values_list("gss_code", flat=True))
    for row in sheet.rows:
        for gss in row.text("successor_gss").split():
            if gss not in known:
                problems.cell(row, "successor_gss", f"unknown GSS code '{gss}' (import the councils first)", value=gss)
    return sheet.rows


def _write_predecessors(rows: list[Row], summary: ImportSummary, problems: Problems, progress: Progress) -> None:
    regions = ensure_regions()
    by_snac: dict[str, Organisation] = {}
    for row in rows:
        values = {name: row.text(name) for name in PREDECESSOR_COLUMNS}
        org = Organisation.objects.filter(kind=OrganisationKind.COUNCIL, gss_code__isnull=True, snac_code=values["snac_code"]).first()
        org = org or Organisation()
        outcome = _save_if_changed(org, {
            "kind": OrganisationKind.COUNCIL, "name": values["name"], "short_name": values["short_name"],
            "snac_code": values["snac_code"], "council_type": values["council_type"], "region": regions[values["region"]],
            "county": by_snac.get(values["county_snac"]), "end_date": dt.date.fromisoformat(values["end_date"]),
        })
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        by_snac[values["snac_code"]] = org
        wanted = set(Organisation.objects.filter(gss_code__in=values["successor_gss"].split()).values_list("pk", flat=True))
        if wanted != set(org.successors.values_list("pk", flat=True)):
            org.successors.set(wanted)
