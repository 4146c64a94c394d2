"""`riep care`: price a file of care placements against a rate card; list the rate cards."""
from __future__ import annotations

import csv
import enum
import io
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from riep.care.calc import (
    WEEKS_PER_YEAR,
    NeedsArrays,
    RateCardError,
    Scenario,
    available_rate_cards,
    gap_flag,
    load_rate_card,
    price_arrays,
)
from riep.care.calc.portfolio import chunks
from riep.care.calc.rates import to_pence
from riep.care.placements_file import read_placements
from riep.cli.common import command_group, console, fail
from riep.core.importing import ImportRefused

app = command_group(help_text="Care placements: fair weekly prices, ranges and fee gaps.")
err = console
PROGRESS_FROM_BYTES = 250_000  # about 5,000 placements
CHUNK = 5_000
FIELDS = ("person_reference", "service_type", "provider", "review_date", "fair_price", "floor", "ceiling",
          "current_weekly_fee", "weekly_gap", "annual_gap", "flag", "is_risk")


class OutputFormat(str, enum.Enum):
    json = "json"
    csv = "csv"


_fail = fail


@app.command("price")
def price(
    file: Path = typer.Argument(..., help="Placements CSV or XLSX (see the demo file for the columns)."),
    rate_card: str = typer.Option(..., "--rate-card", help="Card name (see `rate-cards`) or path to a card .json."),
    output_format: OutputFormat = typer.Option(OutputFormat.json, "--format", help="json or csv."),
    output: Optional[Path] = typer.Option(None, "--output", help="Write here instead of standard output."),
    weeks_per_year: str = typer.Option(str(WEEKS_PER_YEAR), "--weeks-per-year",
                                       help="Weeks used to annualise the gap: 52 (default) or 52.14."),
) -> None:
    """Fair price, floor, ceiling, current fee, weekly and annual gap and risk flag for every placement."""
    try:
        weeks = Decimal(weeks_per_year)
        if not Decimal(0) < weeks <= 53:
            raise InvalidOperation
    except InvalidOperation:
        _fail(f"--weeks-per-year '{weeks_per_year}' must be a number of weeks between 0 and 53")
    try:
        card = load_rate_card(rate_card)
    except RateCardError as error:
        _fail(str(error))
    try:
        size = file.stat().st_size if file.is_file() else 0
    except OSError:
        size = 0
    # A bar only for large files: smaller ones read and price too quickly for it to help.
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=size < PROGRESS_FROM_BYTES) as progress:
        reading = progress.add_task("Checking placements", total=None)
        try:
            data = file.read_bytes()
        except OSError as error:
            progress.stop()
            _fail(f"{file}: cannot read the file ({error.strerror})")
        try:
            placements = read_placements(data, file.name, lambda done, total, message="": progress.update(
                reading, completed=done, total=total))
        except ImportRefused as error:
            progress.stop()
            _fail("\n".join([str(error).splitlines()[0], *(f"  {p}" for p in error.problems)]))
        pricing = progress.add_task("Pricing placements", total=len(placements))
        try:
            arrays = NeedsArrays.from_needs([p.needs for p in placements])
            totals = {s: [] for s in Scenario}
            for part in chunks(len(placements), CHUNK):
                rows = arrays.take(part)
                for scenario in Scenario:
                    totals[scenario].extend(price_arrays(rows, card, scenario, with_lines=False)["total"].tolist())
                progress.advance(pricing, part.stop - part.start)
        except RateCardError as error:
            progress.stop()
            _fail(str(error))

    records = []
    for i, p in enumerate(placements):
        fair, floor, ceiling = (Decimal(totals[s][i]).scaleb(-2)
                                for s in (Scenario.CENTRAL, Scenario.FLOOR, Scenario.CEILING))
        record = {"person_reference": p.reference, "service_type": p.needs.service_type.value, "provider": p.provider,
                  "review_date": p.review_date.isoformat() if p.review_date else None,
                  "fair_price": fair, "floor": floor, "ceiling": ceiling, "current_weekly_fee": p.current_weekly_fee,
                  "weekly_gap": None, "annual_gap": None, "flag": None, "is_risk": None}
        if p.current_weekly_fee is not None:
            weekly = p.current_weekly_fee - fair
            flag = gap_flag(p.current_weekly_fee, floor, fair, ceiling)
            record.update(weekly_gap=weekly, annual_gap=to_pence(weekly * weeks), flag=flag.value, is_risk=flag.is_risk)
        records.append(record)
    text = _as_json(records, card, weeks) if output_format is OutputFormat.json else _as_csv(records)
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            _fail(f"cannot write {output}: {error.strerror}")
        at_risk = sum(1 for r in records if r["is_risk"])
        err.print(f"Priced {len(records)} placements on {card.name} ({card.vintage}); {at_risk} paid below the "
                  f"fair price (a risk, not a saving). Written to {output}.", highlight=False)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def _as_json(records: list, card, weeks: Decimal) -> str:
    with_fee = [r for r in records if r["current_weekly_fee"] is not None]
    summary = {
        "placements": len(records),
        "with_fee": len(with_fee),
        "at_risk": sum(1 for r in with_fee if r["is_risk"]),
        "weekly_fair_price_total": str(sum((r["fair_price"] for r in records), Decimal("0.00"))),
        "weekly_fee_total": str(sum((r["current_weekly_fee"] for r in with_fee), Decimal("0.00"))),
        "weekly_gap_total": str(sum((r["weekly_gap"] for r in with_fee), Decimal("0.00"))),
        "annual_gap_total": str(sum((r["annual_gap"] for r in with_fee), Decimal("0.00"))),
    }
    document = {
        "rate_card": card.name, "area": card.area, "financial_year": card.financial_year.label,
        "vintage": card.vintage, "weeks_per_year": str(weeks),
        "note": "Gap = fee − fair price. A negative gap means the provider is paid below the fair price: "
                "a risk to the placement, not a saving. Illustrative rate-card values must be replaced locally.",
        "summary": summary,
        "placements": [{k: _plain(r[k]) for k in FIELDS} for r in records],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _as_csv(records: list) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({k: "" if r[k] is None else _plain(r[k]) for k in FIELDS})
    return buffer.getvalue()


@app.command("rate-cards")
def rate_cards() -> None:
    """The rate cards available, with how many values are still to verify or illustrative."""
    try:
        infos = available_rate_cards()
    except RateCardError as error:
        _fail(str(error))
    table = Table(title="Care rate cards")
    for column in ("Name", "Area", "Year", "Vintage", "To verify", "Illustrative"):
        table.add_column(column)
    for info in infos:
        table.add_row(info.name, info.area, info.financial_year, info.vintage, str(info.to_verify),
                      str(info.illustrative))
    Console(width=200).print(table)
