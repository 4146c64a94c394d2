"""What other capabilities ask of the finance returns: a line's values per council and year, and which lines exist.

Callers never import the models: resilience, peers, the performance toolkit and reorganisation use these functions
or the "finance" series source (`riep.core.series`), which is built on them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from riep.core import series
from riep.core.errors import NotFound
from riep.core.fy import FinancialYear
from riep.finance.importer import ReturnImportSummary, import_return
from riep.finance.models import CouncilFigures, FinanceReturn, ReturnColumn

DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLED = ["RS_2015-16_data_by_LA_-_Revision.xlsx", "RS_2016-17_data_by_LA.xlsx", "RS_2017-18_data_by_LA_PRENOV.xlsx",
           "RA_2016-17_data_by_LA.xlsx"]
UNIT = "£ thousand"
SOURCE_NOTE = ("MHCLG (DCLG), Local authority revenue expenditure and financing: Revenue Outturn Summary (RS) and "
               "Revenue Account budget (RA) returns, Open Government Licence v3.0")


@dataclass(frozen=True)
class Line:
    key: str  # "RS-805"
    family: str
    line_number: int
    label: str  # as the latest year of the family publishes it
    section: str
    years: tuple[str, ...]  # the years whose returns carry it
    unit: str = UNIT


def available_lines(family: str | None = None) -> list[Line]:
    """Every column key any imported return carries, with its latest label, in line-number order."""
    columns = ReturnColumn.objects.select_related("finance_return").order_by("finance_return__year")
    if family:
        columns = columns.filter(finance_return__family=family)
    found: dict[str, dict] = {}
    for column in columns:
        entry = found.setdefault(column.key, {"years": [], "column": column})
        entry["years"].append(str(column.finance_return.year))
        entry["column"] = column  # the latest year's label wins
    return sorted((Line(key, c.finance_return.family, c.line_number, c.label, c.section, tuple(e["years"]))
                   for key, e in found.items() for c in [e["column"]]),
                  key=lambda line: (line.family, line.line_number, line.key))


def line(key: str) -> Line:
    for found in available_lines():
        if found.key == key:
            return found
    raise NotFound(f"No imported return has the line {key!r}.")


def line_values(line_key: str, year: str | FinancialYear | None = None,
                councils: Iterable | None = None) -> dict[tuple[int, str], Decimal]:
    """{(council id, "2016-17"): value in £ thousand} for one line; absent where the return has no figure.

    `councils` are Organisation objects or ids (None: every council); `year` one year or every year imported.
    """
    family = line_key.split("-", 1)[0]
    figures = CouncilFigures.objects.filter(finance_return__family=family)
    if year is not None:
        figures = figures.filter(finance_return__year=FinancialYear.parse(year))
    if councils is not None:
        figures = figures.filter(council_id__in=[getattr(c, "pk", c) for c in councils])
    found = {}
    for council_id, return_year, values in figures.values_list("council_id", "finance_return__year", "values"):
        text = values.get(line_key)
        if text is not None:
            found[(council_id, str(return_year))] = Decimal(text)
    return found


def lines_for(council, year: str | FinancialYear, family: str = "RS") -> dict[str, Decimal]:
    """Every figure one council published in one return: {line key: value}."""
    row = CouncilFigures.objects.filter(finance_return__family=family, finance_return__year=FinancialYear.parse(year),
                                        council=council).first()
    return {} if row is None else {key: Decimal(text) for key, text in row.values.items()}


def years(family: str = "RS") -> list[str]:
    return [str(y) for y in FinanceReturn.objects.filter(family=family).order_by("year").values_list("year", flat=True)]


def returns():
    """The imported returns (for pages listing what data the platform holds)."""
    return FinanceReturn.objects.order_by("family", "year")


def import_bundled(names: Iterable[str] = BUNDLED, progress=None) -> list[ReturnImportSummary]:
    """Imports the workbooks shipped in riep/finance/data (see its SOURCE.md)."""
    return [import_return((DATA_DIR / name).read_bytes(), name, progress=progress) for name in names]


# --- the "finance" series source -----------------------------------------------------------------------------------


def _measures() -> list[series.Measure]:
    return [series.Measure(key=found.key, label=f"{found.label} (line {found.line_number}, {found.family})", unit=UNIT,
                           additive=True, source_note=SOURCE_NOTE) for found in available_lines()]


def _points(measure_key: str, council_ids) -> list[series.Point]:
    return [series.Point(council_id, period, value)
            for (council_id, period), value in line_values(measure_key, councils=council_ids).items()]


SERIES_SOURCE = series.SeriesSource(key="finance", label="Local authority finance returns (RS, RA)",
                                    measures=_measures, values=_points)
