"""CSR07: each council's NI 179 outturn against the cumulative 3% a year efficiency target."""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from riep.core.fy import FinancialYear
from riep.core.tables import FINANCIAL_YEAR, MONEY, PERCENTAGE, Column, Table
from riep.ledger.calc import csr07 as csr07_calc
from riep.ledger.calc.ni179 import Basis, ni179
from riep.ledger.models import Csr07Baseline, GainShare, Ni179Return
from riep.ledger.services.gains import (
    ZERO,
    council_code,
    gains_queryset,
    partnership_councils,
    to_calc_gain,
)
from riep.registry.models import Partnership


def trajectory_table(partnership: Partnership, years: list[FinancialYear] | None = None, known=None,
                     converted=None) -> Table:
    """Per council and CSR07 year: the validated NI 179 outturn against the cumulative 3% a year target.

    Only a validated return counts against the target: a draft, submitted or sent-back return shows its calculated
    figure beside it, marked as not validated, and no gap or percentage.

    `known`: a queryset of gains already fetched (from gains_queryset: the value report's), so that only the member
    councils' other gains are read again; `converted`: those already converted by to_calc_gain, by id.
    """
    params = csr07_calc.load_parameters()
    years = years or [FinancialYear(y) for y in range(params.first_year.start_year, params.last_year.start_year + 1)]
    members = partnership_councils(partnership)
    ids = [c.pk for c in members]
    baselines: dict = {}
    for b in Csr07Baseline.objects.filter(council_id__in=ids):  # the model's order, so the first as .first() gives
        baselines.setdefault(b.council_id, b)
    # Every gain of any member council, led or shared, fetched and converted once, not once per council: the value
    # report's page made 99 queries for one partnership, and read each gain again for each of its councils.
    by_council: dict = defaultdict(list)
    shared = GainShare.objects.filter(council_id__in=ids).values("gain_id")  # a subquery, not a join and DISTINCT
    found = gains_queryset().filter(Q(council_id__in=ids) | Q(pk__in=shared))
    member, again = set(ids), []
    if known is not None:  # a subquery, not a list of ids: a national partnership has thousands of gains
        found = found.exclude(pk__in=known.order_by().values("pk"))
        again = [g for g in known if g.council_id in member or any(s.council_id in member for s in g.shares.all())]
    for gain in [*again, *found]:
        calc_gain = (converted or {}).get(gain.pk) or to_calc_gain(gain)
        for council_id in {gain.council_id} | {s.council_id for s in gain.shares.all()}:
            by_council[council_id].append(calc_gain)
    councils = [c for c in members if c.pk in baselines or c.pk in by_council]
    rows = []
    totals: dict = defaultdict(lambda: ZERO)
    returns = {(r.council_id, r.year): r for r in Ni179Return.objects.filter(council__in=councils)}
    for council in councils:
        baseline = baselines.get(council.pk)
        gains = by_council.get(council.pk, [])
        for year in years:
            calculated = ni179(gains, year, Basis.OUTTURN, councils=[council_code(council)]).total
            ret = returns.get((council.pk, year))
            validated = ret.validated_total if ret is not None and ret.locked else None
            value = validated if validated is not None else ZERO
            target = csr07_calc.target_for(baseline.baseline, year, params) if baseline else None
            rows.append({
                "council": str(council), "year": year, "baseline": baseline.baseline if baseline else None,
                "target": target, "ni179": validated,
                "status": "Validated" if validated is not None else (ret.get_status_display() if ret else "Not started"),
                "calculated": None if validated is not None else calculated,
                "gap": None if target is None or validated is None else validated - target,
                "percent": None if validated is None else csr07_calc.ratio_of_target(validated, target),  # 0.647 is 64.7%
                "basis": (("Illustrative: " if baseline.illustrative and not baseline.source.lower().startswith("illustrative") else "")
                          + baseline.source) if baseline else "No baseline recorded",
            })
            totals[year] += value
    return Table("trajectory", f"NI 179 against the CSR07 trajectory: {partnership.name}", [
        Column("council", "Council"), Column("year", "Financial year", FINANCIAL_YEAR), Column("baseline", "2007-08 baseline", MONEY),
        Column("target", "CSR07 cumulative target", MONEY), Column("ni179", "NI 179 outturn (validated)", MONEY),
        Column("gap", "Gap (outturn − target)", MONEY), Column("percent", "% of target", PERCENTAGE),
        Column("status", "Return"), Column("calculated", "Calculated, not yet validated", MONEY),
        Column("basis", "Baseline source"),
    ], rows, note="Target = baseline × ((1.03)^k − 1), plus 1 percentage point from 2010-11 (Budget 2009). Only "
                  "validated returns count against it; other years show the figure calculated from the ledger, not "
                  "validated. The national expectation was not a mandatory per-council target: this is a comparison, "
                  "not a judgement.")
