"""Reading a council register file (mySociety's uk_local_authority_names_and_codes format).

No database: every row is checked and every problem collected, with its row number, column and value,
before anything is written (`riep.core.importing`).
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from riep.core.importing import Problems, Progress, Row, Sheet, every, read_sheet

GSS = re.compile(r"^E\d{8}$")
COUNCIL_TYPES = {"CTY", "NMD", "UA", "MD", "LBO", "CC", "COMB", "SRA"}
REQUIRED = ["local-authority-code", "official-name", "nice-name", "gss-code", "nation", "region", "local-authority-type"]
# Read when present (mySociety's file has more columns; the rest are ignored).
OPTIONAL = ["pop-2020", "county-la", "ecode", "snac", "start-date", "end-date", "replaced-by"]
DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class CouncilRow:
    row_number: int
    registry_code: str
    name: str
    short_name: str
    gss_code: str
    council_type: str
    region_name: str
    county_registry_code: str
    population: int | None
    mhclg_ecode: str
    snac_code: str
    start_date: dt.date | None
    end_date: dt.date | None
    replaced_by: tuple[str, ...]


@dataclass(frozen=True)
class Correction:
    gss_code: str
    field: str
    wrong_value: str
    correct_value: str
    reason: str


def load_corrections(path: Path = DATA_DIR / "corrections.csv") -> list[Correction]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [Correction(**row) for row in csv.DictReader(handle)]


def region_names(path: Path = DATA_DIR / "regions.csv") -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["name"]: row["code"] for row in csv.DictReader(handle)}


def _date(row: Row, name: str, problems: Problems) -> dt.date | None:
    text = row.text(name)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.cell(row, name, f"'{text}' is not a date (expected YYYY-MM-DD)")
        return None


@dataclass
class ParsedFile:
    councils: list[CouncilRow] = field(default_factory=list)
    skipped_other_nations: int = 0
    corrections_applied: list[Correction] = field(default_factory=list)


def read_council_file(data: bytes, filename: str = "councils.csv") -> ParsedFile:
    """Parses English councils from the file, applying the documented region corrections; refuses any bad row."""
    sheet = read_sheet(data, filename, required=REQUIRED, key=str.strip)
    problems = Problems(sheet.source)
    parsed = check_councils(sheet, problems)
    problems.refuse_if_any()
    return parsed


def check_councils(sheet: Sheet, problems: Problems, progress: Progress | None = None) -> ParsedFile:
    """Every row checked and every problem collected (row number and column as in the file)."""
    regions = region_names()
    corrections = {(c.gss_code, c.field): c for c in load_corrections()}
    parsed = ParsedFile()
    seen_gss: dict[str, int] = {}
    for row in every(sheet.rows, progress or (lambda *a: None), "Checking councils"):
        if row.text("nation") != "England":
            parsed.skipped_other_nations += 1
            continue
        number = row.number
        gss = row.text("gss-code")
        if not GSS.match(gss):
            problems.cell(row, "gss-code", f"'{gss}' is not an English GSS code (E followed by 8 digits)")
        elif gss in seen_gss:
            problems.cell(row, "gss-code", f"{gss} already appears on row {seen_gss[gss]}")
        else:
            seen_gss[gss] = number
        kind = row.text("local-authority-type")
        if kind not in COUNCIL_TYPES:
            problems.cell(row, "local-authority-type", f"unknown council type '{kind}'")
        region = row.text("region")
        fix = corrections.get((gss, "region"))
        if fix and region == fix.wrong_value:
            region = fix.correct_value
            parsed.corrections_applied.append(fix)
        if region and region not in regions:
            problems.cell(row, "region", f"unknown region '{region}'")
        if not row.text("official-name"):
            problems.cell(row, "official-name", "is empty")
        population = None
        if row.text("pop-2020"):
            try:
                population = int(float(row.text("pop-2020")))
            except (ValueError, OverflowError):
                problems.cell(row, "pop-2020", f"'{row.text('pop-2020')}' is not a number")
        start = _date(row, "start-date", problems)
        end = _date(row, "end-date", problems)
        if start and end and end < start:
            problems.cell(row, "end-date", "is before the start date")
        parsed.councils.append(CouncilRow(
            row_number=number, registry_code=row.text("local-authority-code"), name=row.text("official-name"),
            short_name=row.text("nice-name"), gss_code=gss, council_type=kind, region_name=region,
            county_registry_code=row.text("county-la"), population=population,
            mhclg_ecode=row.text("ecode"), snac_code=row.text("snac")[:6], start_date=start, end_date=end,
            replaced_by=tuple(c.strip() for c in row.text("replaced-by").split(",") if c.strip()),
        ))
    known_codes = {c.registry_code for c in parsed.councils}
    county_column = sheet.columns.get("county-la", "county-la")
    for council in parsed.councils:
        if council.county_registry_code and council.county_registry_code not in known_codes:
            problems.add(council.row_number, county_column, council.county_registry_code,
                         f"county '{council.county_registry_code}' is not in the file")
    return parsed
