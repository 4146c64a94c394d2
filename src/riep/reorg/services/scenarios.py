"""Reorganisation scenarios: results per option and assumption set, edits with history, bad input refused."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from riep.core.errors import UserError
from riep.core.money import PENNY
from riep.core.permissions import name_shown_to
from riep.ledger.green_book import discount_factors
from riep.registry.models import CouncilType
from riep.reorg.calc import options as calc
from riep.reorg.calc.simulation import Range, TornadoBar, simulate, tornado
from riep.reorg.models import Assumption, AssumptionSet, Option, Scenario, ScenarioCouncil, Successor


@dataclass(frozen=True)
class OptionRun:
    option: calc.OptionResult
    range: Range
    tornado: list[TornadoBar]


@dataclass(frozen=True)
class SetRun:
    assumption_set: AssumptionSet
    assumptions: list[calc.Assumption]
    options: list[OptionRun]


def percents(text: str, field: str) -> tuple[Decimal, ...]:
    try:
        return tuple(Decimal(p.strip()) / 100 for p in text.split(",") if p.strip())
    except InvalidOperation:
        raise UserError(f"Give percentages separated by commas, such as 60,40 (not {text!r}).", field=field) from None


def profile_of(scenario: Scenario) -> calc.Profile:
    profile = calc.Profile(percents(scenario.savings_ramp, "savings_ramp"),
                           percents(scenario.transition_phasing, "transition_phasing"), scenario.horizon_years)
    calc.check_profile(profile)
    return profile


def predecessors_of(scenario: Scenario) -> dict[str, calc.Predecessor]:
    out = {}
    for entry in scenario.predecessors.select_related("council"):
        if entry.baseline_spend is None:
            raise UserError(f"Give a baseline spend for {entry.council}: enter it, or take it from the revenue "
                            "outturn data.", field=f"predecessors[{entry.council}].baseline_spend")
        out[str(entry.pk)] = calc.Predecessor(str(entry.pk), str(entry.council), entry.baseline_spend,
                                              entry.council.council_type == CouncilType.COUNTY)
    return out


def options_of(scenario: Scenario) -> list[calc.Option]:
    out = []
    for option in scenario.options.prefetch_related("successors__predecessors"):
        out.append(calc.Option(option.name, tuple(
            calc.Successor(s.name, tuple(str(p.pk) for p in s.predecessors.all())) for s in option.successors.all())))
    return out


def assumptions_of(assumption_set: AssumptionSet) -> list[calc.Assumption]:
    return [calc.Assumption(a.key, a.label, a.kind, a.low, a.central, a.high, a.source_note)
            for a in assumption_set.assumptions.all()]


def run_scenario(scenario: Scenario, draws: int | None = None) -> list[SetRun]:
    """Every option under every assumption set: yearly position, payback, NPV, P10/P50/P90 and the tornado."""
    predecessors = predecessors_of(scenario)
    options = options_of(scenario)
    if not options:
        raise UserError("Add at least one option to the scenario.", field="options")
    for i, option in enumerate(options):
        calc.check_option(option, predecessors, i)
    profile = profile_of(scenario)
    factors = discount_factors(profile.horizon_years - 1)
    runs = []
    for aset in scenario.assumption_sets.prefetch_related("assumptions"):
        assumptions = assumptions_of(aset)
        for i, a in enumerate(assumptions):
            calc.check_assumption(a, i)
        results = []
        for option in options:
            def npv(values, option=option, assumptions=assumptions):
                return calc.npv_of(calc.net_flows(option, predecessors, assumptions, values, profile), factors)
            central = calc.evaluate(option, predecessors, assumptions, calc.central_values(assumptions), profile,
                                    factors)
            ranged = [a for a in assumptions if a.low != a.high]
            fixed = {a.key: a.central for a in assumptions if a.low == a.high}
            spread = simulate(ranged, lambda v, npv=npv, fixed=fixed: npv({**fixed, **v}),
                              draws or scenario.draws, scenario.seed)
            results.append(OptionRun(central, spread, tornado(assumptions, npv)))
        runs.append(SetRun(aset, assumptions, results))
    return runs


# --- editing --------------------------------------------------------------------------------------------------

def _decimal(value, field: str) -> Decimal:
    try:
        out = Decimal(str(value).replace(",", "").replace("£", "").replace("%", "").strip())
    except InvalidOperation:
        raise UserError(f"{value!r} is not a number.", field=field) from None
    if not out.is_finite() or abs(out) >= Decimal("1e12"):
        raise UserError(f"{value!r} is not a number this model can hold.", field=field)
    return out


@transaction.atomic
def change_assumption(user, assumption: Assumption, low, central, high, source_note: str, reason: str) -> Assumption:
    """Changes an assumption's range (kept as a new version with the reason); refused whole if anything is wrong."""
    values = {name: _decimal(v, name) for name, v in (("low", low), ("central", central), ("high", high))}
    if not (source_note or "").strip():
        raise UserError("Say where the figures come from (a source note).", field="source_note")
    if not (reason or "").strip():
        raise UserError("Give a reason for the change: the assumption's history keeps it.", field="reason")
    candidate = calc.Assumption(assumption.key, assumption.label, assumption.kind, values["low"], values["central"],
                                values["high"], source_note)
    try:
        calc.check_assumption(candidate)
    except UserError as error:
        raise UserError(error.message, field=error.field.rsplit(".", 1)[-1]) from None
    for name, value in values.items():
        setattr(assumption, name, value)
    assumption.source_note = source_note.strip()
    assumption._change_reason = reason.strip()
    assumption._history_user = user if getattr(user, "pk", None) else None
    assumption.save()
    return assumption


@transaction.atomic
def save_option(scenario: Scenario, name: str, successors: dict[str, list[ScenarioCouncil]], index: int = 0) -> Option:
    """Creates an option (successor name → predecessor entries); an overlap or a missing district is refused and
    nothing is saved."""
    predecessors = predecessors_of(scenario) if all(p.baseline_spend is not None for p in scenario.predecessors.all()) \
        else {str(p.pk): calc.Predecessor(str(p.pk), str(p.council), Decimal(0),
                                          p.council.council_type == CouncilType.COUNTY)
              for p in scenario.predecessors.select_related("council")}
    candidate = calc.Option(name, tuple(calc.Successor(s, tuple(str(p.pk) for p in ps)) for s, ps in successors.items()))
    calc.check_option(candidate, predecessors, index)
    option = Option.objects.create(scenario=scenario, name=name, position=scenario.options.count())
    for successor_name, entries in successors.items():
        successor = Successor.objects.create(option=option, name=successor_name)
        successor.predecessors.set(entries)
    return option


def assumption_history(assumption: Assumption, viewer) -> list[dict]:
    return [{"when": h.history_date, "who": name_shown_to(viewer, h.history_user, "the demo loader"),
             "low": h.low, "central": h.central, "high": h.high, "source_note": h.source_note,
             "reason": h.history_change_reason or "Created"} for h in assumption.history.all()]


def run_as_json(scenario: Scenario, runs: list[SetRun]) -> dict:
    """`riep reorg run` and the API: every option under every assumption set, money as strings (exact)."""
    s = str
    return {"scenario": scenario.slug, "name": scenario.name, "vesting_year": str(scenario.vesting_year),
            "illustrative": scenario.illustrative, "distribution": "triangular (low, mode = central, high)",
            "draws": scenario.draws, "seed": scenario.seed,
            "assumption_sets": [{
                "name": run.assumption_set.name,
                "assumptions": [{"key": a.key, "label": a.label, "kind": a.kind, "low": s(a.low), "central": s(a.central),
                                 "high": s(a.high), "source_note": a.source_note} for a in run.assumptions],
                "options": [{
                    "option": o.option.option, "steady_net_saving": s(o.option.steady_net_saving),
                    "payback_year": o.option.payback_year, "npv": s(o.option.npv),
                    "npv_range": {"p10": s(o.range.p10), "p50": s(o.range.p50), "p90": s(o.range.p90),
                                  "mean": s(o.range.mean), "draws": o.range.draws},
                    "years": [{"year": y.year, "financial_year": str(scenario.vesting_year + y.year),
                               "gross_saving": s(y.gross_saving), "disaggregation": s(y.disaggregation),
                               "transition": s(y.transition), "net": s(y.net), "cumulative": s(y.cumulative)}
                              for y in o.option.years],
                    "tornado": [{"assumption": b.key, "npv_at_low": s(b.at_low.quantize(PENNY)),
                                 "npv_at_high": s(b.at_high.quantize(PENNY)), "swing": s(b.swing.quantize(PENNY))}
                                for b in o.tornado]} for o in run.options]} for run in runs]}
