"""Reading a council register file (mySociety's uk_local_authority_names_and_codes format).

Pure apart from reading the file: every row is checked and every problem reported with its row
number and field before anything is written.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

GSS = re.compile(r"^E\d{8}$")
COUNCIL_TYPES = {"CTY", "NMD", "UA", "MD", "LBO", "CC", "COMB", "SRA"}
REQUIRED = ["local-authority-code", "official-name", "nice-name", "gss-code", "nation", "region", "local-authority-type"]
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


@dataclass
class RowProblem:
    row_number: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"Row {self.row_number}, {self.field}: {self.problem}"


class CouncilFileError(ValueError):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the council file:\n{shown}{more}")


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


def _date(text: str, row: int, name: str, problems: list[RowProblem]) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        problems.append(RowProblem(row, name, f"'{text}' is not a date (expected YYYY-MM-DD)"))
        return None


@dataclass
class ParsedFile:
    councils: list[CouncilRow] = field(default_factory=list)
    skipped_other_nations: int = 0
    corrections_applied: list[Correction] = field(default_factory=list)


def read_council_file(path: Path) -> ParsedFile:
    """Parses English councils from the file, applying the documented region corrections."""
    regions = region_names()
    corrections = {(c.gss_code, c.field): c for c in load_corrections()}
    problems: list[RowProblem] = []
    parsed = ParsedFile()
    seen_gss: dict[str, int] = {}
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise CouncilFileError([RowProblem(1, c, "required column is missing") for c in missing])
        for number, raw in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in raw.items() if k}
            if row["nation"] != "England":
                parsed.skipped_other_nations += 1
                continue
            gss = row["gss-code"]
            if not GSS.match(gss):
                problems.append(RowProblem(number, "gss-code", f"'{gss}' is not an English GSS code (E followed by 8 digits)"))
            elif gss in seen_gss:
                problems.append(RowProblem(number, "gss-code", f"{gss} already appears on row {seen_gss[gss]}"))
            else:
                seen_gss[gss] = number
            kind = row["local-authority-type"]
            if kind not in COUNCIL_TYPES:
                problems.append(RowProblem(number, "local-authority-type", f"unknown council type '{kind}'"))
            region = row["region"]
            fix = corrections.get((gss, "region"))
            if fix and region == fix.wrong_value:
                region = fix.correct_value
                parsed.corrections_applied.append(fix)
            if region and region not in regions:
                problems.append(RowProblem(number, "region", f"unknown region '{region}'"))
            if not row["official-name"]:
                problems.append(RowProblem(number, "official-name", "is empty"))
            population = None
            if row.get("pop-2020"):
                try:
                    population = int(float(row["pop-2020"]))
                except ValueError:
                    problems.append(RowProblem(number, "pop-2020", f"'{row['pop-2020']}' is not a number"))
            start = _date(row.get("start-date", ""), number, "start-date", problems)
            end = _date(row.get("end-date", ""), number, "end-date", problems)
            if start and end and end < start:
                problems.append(RowProblem(number, "end-date", "is before the start date"))
            parsed.councils.append(CouncilRow(
                row_number=number, registry_code=row["local-authority-code"], name=row["official-name"],
                short_name=row["nice-name"], gss_code=gss, council_type=kind, region_name=region,
                county_registry_code=row.get("county-la", ""), population=population,
                mhclg_ecode=row.get("ecode", ""), snac_code=row.get("snac", "")[:6], start_date=start, end_date=end,
                replaced_by=tuple(c.strip() for c in row.get("replaced-by", "").split(",") if c.strip()),
            ))
    known_codes = {c.registry_code for c in parsed.councils}
    for council in parsed.councils:
        if council.county_registry_code and council.county_registry_code not in known_codes:
            problems.append(RowProblem(council.row_number, "county-la", f"county '{council.county_registry_code}' is not in the file"))
    if problems:
        raise CouncilFileError(problems)
    return parsed
