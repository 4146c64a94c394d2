"""The ledger's gains as the pure engines see them, and which gains belong to a council or partnership."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, Q, Sum

from riep.core.fy import FinancialYear
from riep.core.tables import FINANCIAL_YEAR, MONEY, Column, Table
from riep.ledger.calc.gains import CouncilShare, Gain, as_share
from riep.ledger.calc.gains import GainYear as CalcYear
from riep.ledger.calc.ni179 import Basis, Ni179Result, ni179
from riep.ledger.models import EfficiencyGain, GainShare, GainStatus, GainYear
from riep.registry import scope
from riep.registry.models import Organisation, Partnership

ZERO = Decimal("0.00")


def council_code(council: Organisation) -> str:
    return council.gss_code or council.snac_code or f"org-{council.pk}"


def gains_queryset():
    # The project's additionality choice comes in the same query: the value report assesses every gain with it.
    return EfficiencyGain.objects.select_related("council", "project", "project__partnership", "project__theme",
                                                 "project__additionality").prefetch_related(
        "years", Prefetch("shares", queryset=GainShare.objects.select_related("council")),
    )


def to_calc_gain(gain: EfficiencyGain) -> Gain:
    shares = tuple(CouncilShare(council_code(s.council), as_share(s.share)) for s in gain.shares.all())
    return Gain(
        id=gain.reference, council_code=council_code(gain.council), category=gain.category,
        cash_releasing=gain.cash_releasing, service_quality_maintained=gain.service_quality_maintained,
        status=gain.status, first_year=gain.first_year,
        years=tuple(CalcYear(y.year, y.gross_saving, y.investment, y.ongoing_costs, y.staff_costs_incurred_anyway)
                    for y in gain.years.all()),
        project_id=gain.project.code if gain.project_id else None, shares=shares, description=gain.description,
    )


def gains_totals(gains) -> dict:
    """Gross saving and net value of all `gains` over all years, from the database (one query): the totals row of a
    list shown a page at a time is for the whole list."""
    sums = GainYear.objects.filter(gain__in=gains.order_by().values("pk")).aggregate(
        gross=Sum("gross_saving"), investment=Sum("investment"), ongoing=Sum("ongoing_costs"))
    gross = sums["gross"] or ZERO
    return {"gross": gross, "net": gross - (sums["investment"] or ZERO) - (sums["ongoing"] or ZERO)}


def gains_for_council(council: Organisation):
    return gains_queryset().filter(Q(council=council) | Q(shares__council=council)).distinct()


def partnership_councils(partnership: Partnership) -> list[Organisation]:
    return list(scope.councils_of_partnership(partnership).order_by("name"))


def gains_for_partnership(partnership: Partnership):
    """The partnership's gains: those of its projects, and project-less gains of its councils (riep.registry.scope)."""
    members = scope.councils_of_partnership(partnership).values("pk")
    return gains_queryset().filter(
        Q(project__partnership=partnership) | Q(project__isnull=True, council_id__in=members)
    ).distinct()


def ni179_for_council(council: Organisation, year: FinancialYear, basis: Basis = Basis.OUTTURN) -> Ni179Result:
    gains = [to_calc_gain(g) for g in gains_for_council(council)]
    return ni179(gains, year, basis, councils=[council_code(council)])


def gain_years_table(gain: EfficiencyGain) -> Table:
    rows, footer = [], {"year": "Total", "gross": ZERO, "investment": ZERO, "ongoing": ZERO, "net": ZERO}
    for y in gain.years.all():
        rows.append({"year": y.year, "gross": y.gross_saving, "investment": y.investment, "ongoing": y.ongoing_costs,
                     "net": y.net, "staff": y.staff_costs_incurred_anyway, "reference": y.reference_saving})
        for key, value in (("gross", y.gross_saving), ("investment", y.investment), ("ongoing", y.ongoing_costs), ("net", y.net)):
            footer[key] += value
    return Table("amounts", "Amounts by financial year", [
        Column("year", "Financial year", FINANCIAL_YEAR), Column("gross", "Gross saving", MONEY),
        Column("investment", "One-off investment", MONEY), Column("ongoing", "Ongoing costs", MONEY),
        Column("net", "Net value", MONEY), Column("staff", "Staff costs incurred anyway (not netted)", MONEY),
        Column("reference", "Reference case saving", MONEY),
    ], rows, footer, note="Net value = gross saving − one-off investment − ongoing costs.")


# For other capabilities, which find and link gains through these rather than the ledger's models -----------------


def find_gain(reference: str) -> EfficiencyGain | None:
    return EfficiencyGain.objects.filter(reference=reference).first()


def new_gain(reference: str) -> EfficiencyGain:
    """An unsaved gain to pass to `save_gain` (which checks, versions and saves it)."""
    return EfficiencyGain(reference=reference)


def gains_of(*, gain_id: int | None = None, project_id: int | None = None):
    """One gain by id, or a project's gains that are not withdrawn; no gains when neither is given."""
    if gain_id:
        return EfficiencyGain.objects.filter(pk=gain_id)
    if project_id:
        return EfficiencyGain.objects.filter(project_id=project_id).exclude(status=GainStatus.WITHDRAWN)
    return EfficiencyGain.objects.none()
