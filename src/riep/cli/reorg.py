"""`riep reorg`: run a reorganisation scenario; harmonise council tax from the command line."""
from __future__ import annotations

import enum
import json
from decimal import Decimal, InvalidOperation
from typing import Optional

import typer

from riep.cli.common import command_group, django_setup, fail

app = command_group("Structural change: reorganisation scenarios and council tax harmonisation.")


class OutputFormat(str, enum.Enum):
    json = "json"


@app.command("run")
def run(
    scenario: str = typer.Argument(..., help="The scenario's short name, e.g. durham-2009."),
    output_format: OutputFormat = typer.Option(OutputFormat.json, "--format", help="json."),
    draws: Optional[int] = typer.Option(None, "--draws", help="Simulated draws (default: the scenario's)."),
) -> None:
    """Every option under every assumption set: net saving by year, cumulative, payback, NPV, P10/P50/P90, tornado."""
    django_setup()
    from riep.reorg.models import Scenario
    from riep.reorg.services.scenarios import run_as_json, run_scenario

    found = Scenario.objects.filter(slug=scenario).first()
    if found is None:
        known = ", ".join(Scenario.objects.values_list("slug", flat=True)) or "none yet"
        fail(f"There is no scenario called {scenario!r} (scenarios: {known}).")
    typer.echo(json.dumps(run_as_json(found, run_scenario(found, draws)), indent=2))


@app.command("harmonise")
def harmonise_command(
    band_d: str = typer.Option(..., "--band-d", help="Each former area's Band D, separated by commas."),
    tax_base: str = typer.Option(..., "--tax-base", help="Each former area's tax base (Band D equivalents)."),
    years: int = typer.Option(..., "--years", help="Harmonisation period: 1 to 7 years."),
    referendum_limit: Optional[str] = typer.Option(None, "--referendum-limit",
                                                   help="Largest rise allowed in a year, in percent (e.g. 4.99)."),
    names: str = typer.Option("", "--names", help="Names of the former areas, separated by commas."),
    output_format: OutputFormat = typer.Option(OutputFormat.json, "--format", help="json."),
) -> None:
    """Paths to the lowest, highest and weighted-average Band D: per year and former area the Band D; per path the
    yield and the income foregone against the weighted-average path. A path over the limit lists its breaches."""
    from riep.reorg.calc.harmonisation import harmonise, parse_areas, paths_as_json

    limit = None
    if referendum_limit is not None:
        try:
            limit = Decimal(referendum_limit.rstrip("%")) / 100
        except InvalidOperation:
            fail(f"--referendum-limit: {referendum_limit!r} is not a percentage (e.g. 4.99).")
    paths = harmonise(parse_areas(band_d, tax_base, names), years, limit)
    typer.echo(json.dumps(paths_as_json(paths), indent=2))
    broken = [p for p in paths if p.breaches]
    if broken:  # the answer is printed, and the breach is an error (exit 2), as the year-8 rule is
        fail(f"{broken[0].label} breaks the referendum limit: {broken[0].breaches[0]}"
             + (f" (and {sum(len(p.breaches) for p in broken) - 1} more breaches)" if sum(len(p.breaches) for p in broken) > 1 else "") + ".")
