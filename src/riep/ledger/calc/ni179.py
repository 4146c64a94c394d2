"""NI 179: the total net value of ongoing cash-releasing value-for-money gains since the start of 2008-09.

Interpretation (see the methodology page src/riep/methodology/ni179.md):

* NI 179 for year Y is the sum, over qualifying gains, of each gain's net value *in year Y*:
  gross saving − one-off investment incurred in Y − ongoing costs in Y (costs recorded before the
  first year of accrual are netted off in that first year). "Cumulative since 2008-09" means gains
  first made in earlier years still count in Y while they persist; Y's figure is not a sum over years.
* Qualifying: cash-releasing, service quality maintained, first accrued in 2008-09 or later and
  no later than Y, not withdrawn, and ongoing: the gain itself must persist in each of the two full
  years after the year it first accrued (F+1 and F+2), i.e. its ongoing value there (gross saving −
  ongoing costs) is positive. One-off investment does not decide persistence: "net" governs the amount
  counted, "ongoing" whether the gain counts at all, so the timing of a one-off investment cannot flip
  the verdict. A gain failing the test is deleted from every year.
  While Y < F+2 the test rests on the recorded forecast for F+1 and F+2: the gain is counted but
  marked provisional ("persistence not yet demonstrated"), in outturn and forecast runs alike.
* A year after the gain has ended (no gross saving) that still carries costs: the costs are netted off
  (cautious) and the line says so (reason costs_after_end), never "counted" as an ongoing gain.
* An outturn run counts realised and at-risk gains; a forecast run also counts planned and forecast ones.
* A gain shared between councils is split by explicit shares summing to 1, to the penny, so it is counted once.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from riep.core.fy import FinancialYear

from .gains import ZERO, Category, Gain, Status, split_by_shares

NI179_START = FinancialYear(2008)  # gains must have impacted since 1 April 2008
PERSISTENCE_YEARS = 2  # full financial years a gain must persist after the year it first accrues


class Basis(StrEnum):
    OUTTURN = "outturn"
    FORECAST = "forecast"


class ReasonCode(StrEnum):
    COUNTED = "counted"
    PROVISIONAL = "provisional"
    AT_RISK = "at_risk"
    WITHDRAWN = "withdrawn"
    NOT_REALISED = "not_realised"
    NON_CASHABLE = "non_cashable"
    QUALITY_NOT_MAINTAINED = "quality_not_maintained"
    BEFORE_NI179 = "before_2008_09"
    NOT_YET_ACCRUING = "not_yet_accruing"
    FAILS_PERSISTENCE = "fails_persistence"
    NO_VALUE = "no_value_in_year"
    COSTS_AFTER_END = "costs_after_end"


# Reasons that accompany a counted gain; every other code excludes it.
_NOT_YET_REALISED = frozenset({Status.PLANNED, Status.FORECAST})


@dataclass(frozen=True, slots=True)
class Reason:
    code: ReasonCode
    text: str


@dataclass(frozen=True, slots=True)
class Ni179Line:
    """One gain's part for one council in one year: counted or not, and why."""

    gain_id: str
    council_code: str
    share: Fraction
    project_id: str | None
    category: Category
    status: Status
    included: bool
    provisional: bool
    reasons: tuple[Reason, ...]
    gross_saving: Decimal  # whole gain, in the year
    investment: Decimal  # whole gain, in the year (with pre-accrual costs in the first year)
    ongoing_costs: Decimal
    staff_costs_excluded: Decimal  # implementation staff costs incurred anyway: shown, not netted
    net_value: Decimal  # whole gain
    counted: Decimal  # this council's part of net_value if included, else 0

    @property
    def reason(self) -> Reason:
        return self.reasons[0]


@dataclass(frozen=True, slots=True)
class Ni179Result:
    year: FinancialYear
    basis: Basis
    lines: tuple[Ni179Line, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.counted for line in self.lines), ZERO)

    def included(self) -> tuple[Ni179Line, ...]:
        return tuple(line for line in self.lines if line.included)

    def excluded(self) -> tuple[Ni179Line, ...]:
        return tuple(line for line in self.lines if not line.included)

    def for_council(self, council_code: str) -> "Ni179Result":
        return Ni179Result(self.year, self.basis, tuple(x for x in self.lines if x.council_code == council_code))

    def _group(self, key) -> dict:
        totals: dict = defaultdict(lambda: ZERO)
        for line in self.lines:
            totals[key(line)] += line.counted
        return dict(sorted(totals.items(), key=lambda item: (item[0] is None, str(item[0]))))

    def by_council(self) -> dict[str, Decimal]:
        return self._group(lambda line: line.council_code)

    def by_project(self) -> dict[str | None, Decimal]:
        """Totals per project; gains with no project are under None."""
        return self._group(lambda line: line.project_id)

    def by_category(self) -> dict[Category, Decimal]:
        return self._group(lambda line: line.category)

    def by_gain(self) -> dict[str, Decimal]:
        return self._group(lambda line: line.gain_id)


def _persistence_failures(gain: Gain) -> list[FinancialYear]:
    """The years after the first in which the gain does not persist: no ongoing value (gross − ongoing costs)."""
    years = [gain.first_year + k for k in range(1, PERSISTENCE_YEARS + 1)]
    return [year for year in years if gain.ongoing_value_in(year) <= 0]


def assess(gain: Gain, year: FinancialYear, basis: Basis = Basis.OUTTURN) -> tuple[bool, bool, tuple[Reason, ...]]:
    """Whether a gain counts towards NI 179 in a year: (included, provisional, reasons), all reasons listed."""
    year, basis = FinancialYear.parse(year), Basis(basis)
    first = gain.first_year
    out: list[Reason] = []
    if gain.status is Status.WITHDRAWN:
        out.append(Reason(ReasonCode.WITHDRAWN, "Withdrawn: the gain is no longer being pursued."))
    if basis is Basis.OUTTURN and gain.status in _NOT_YET_REALISED:
        out.append(Reason(
            ReasonCode.NOT_REALISED,
            f"Status is {gain.status.value}: planned and forecast gains are counted only in a forecast run.",
        ))
    if not gain.cash_releasing:
        out.append(Reason(
            ReasonCode.NON_CASHABLE,
            "Non-cashable (productivity) gain: recorded, but only cash-releasing gains count towards NI 179.",
        ))
    if not gain.service_quality_maintained:
        out.append(Reason(
            ReasonCode.QUALITY_NOT_MAINTAINED,
            "Service quality was not maintained, so the saving is a cut, not a value-for-money gain.",
        ))
    if first < NI179_START:
        out.append(Reason(
            ReasonCode.BEFORE_NI179,
            f"First accrued in {first}, before 2008-09: counted under the earlier (SR04) regime, not NI 179.",
        ))
    if first > year:
        out.append(Reason(ReasonCode.NOT_YET_ACCRUING, f"First accrues in {first}, after {year}."))
    else:
        failures = _persistence_failures(gain)
        if failures:
            years = ", ".join(f"{y} ({'recorded' if y <= year else 'forecast'})" for y in failures)
            out.append(Reason(
                ReasonCode.FAILS_PERSISTENCE,
                f"Not ongoing: a gain first accruing in {first} must persist for the two full years after "
                f"({first + 1} and {first + 2}): a gross saving above its ongoing costs. It has none in {years}. "
                "It is deleted from every year.",
            ))
        elif not out and gain.in_year(year).gross_saving == 0 and gain.net_in(year) == 0:
            ended = "the gain has ended (earlier years stand)" if year > first else "nothing is recorded for it"
            out.append(Reason(ReasonCode.NO_VALUE, f"No value in {year}: {ended}."))
    if out:
        return False, False, tuple(out)
    provisional = year < first + PERSISTENCE_YEARS
    if provisional:
        out.append(Reason(
            ReasonCode.PROVISIONAL,
            f"Provisionally included: persistence not yet demonstrated (the gain must persist in "
            f"{first + 1} and {first + 2}; the recorded forecast shows it does).",
        ))
    if gain.status is Status.AT_RISK:
        out.append(Reason(ReasonCode.AT_RISK, "Counted, but flagged at risk of not continuing."))
    if year > first and gain.in_year(year).gross_saving == 0:
        out.insert(0, Reason(
            ReasonCode.COSTS_AFTER_END,
            f"The gain has ended (no saving in {year}); its remaining costs of £{-gain.net_in(year):,.2f} are "
            "still netted off, which is cautious.",
        ))
    if not out:
        out.append(Reason(ReasonCode.COUNTED, "Counted: ongoing, cash-releasing, service quality maintained."))
    return True, provisional, tuple(out)


def _check_unique(gains: list[Gain]) -> None:
    ids = [g.id for g in gains]
    if len(set(ids)) != len(ids):
        raise ValueError("a gain id appears more than once: each gain must be recorded once (use shares to split it)")


def ni179(
    gains: Iterable[Gain],
    year: "FinancialYear | str",
    basis: "Basis | str" = Basis.OUTTURN,
    councils: Iterable[str] | None = None,
) -> Ni179Result:
    """NI 179 for a year, itemised per gain and council share; restrict to some councils with `councils`."""
    year, basis = FinancialYear.parse(year), Basis(basis)
    gains = list(gains)
    _check_unique(gains)
    wanted = set(councils) if councils is not None else None
    lines: list[Ni179Line] = []
    for gain in gains:
        included, provisional, reasons = assess(gain, year, basis)
        amounts = gain.in_year(year)
        investment = amounts.investment + (gain.costs_before_first_year() if year == gain.first_year else ZERO)
        net = gain.net_in(year)
        shares = gain.council_shares()
        parts = split_by_shares(net, [s.share for s in shares]) if included else (ZERO,) * len(shares)
        for share, part in zip(shares, parts):
            if wanted is not None and share.council_code not in wanted:
                continue
            lines.append(Ni179Line(
                gain_id=gain.id, council_code=share.council_code, share=share.share, project_id=gain.project_id,
                category=gain.category, status=gain.status, included=included, provisional=provisional,
                reasons=reasons, gross_saving=amounts.gross_saving, investment=investment,
                ongoing_costs=amounts.ongoing_costs, staff_costs_excluded=amounts.staff_costs_incurred_anyway,
                net_value=net, counted=part,
            ))
    return Ni179Result(year, basis, tuple(lines))


def ni179_series(
    gains: Iterable[Gain],
    years: Iterable["FinancialYear | str"],
    basis: "Basis | str" = Basis.OUTTURN,
    councils: Iterable[str] | None = None,
) -> dict[FinancialYear, Ni179Result]:
    """NI 179 for several years, e.g. year_range(FinancialYear(2008), FinancialYear(2010))."""
    gains, councils = list(gains), (list(councils) if councils is not None else None)
    return {FinancialYear.parse(y): ni179(gains, y, basis, councils) for y in years}
