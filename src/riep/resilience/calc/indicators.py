"""Financial resilience indicators of one council and year, from its Revenue Outturn Summary (RS) lines.

Input: the council's RS lines by year ({"2017-18": {"RS-805": Decimal, ...}}) and whether it is an upper-tier
council. Output: one `IndicatorValue` per indicator in `INDICATORS`, each either a value or unavailable with the
reason, never guessed. The definitions (and why) are on the methodology page; `INDICATORS` is the one list.

"Usable reserves" here are other earmarked reserves (RS line 915) plus unallocated reserves (916). Schools'
reserves (911) and public health reserves (914) are left out: they are ring-fenced, so a council cannot use them
to balance its budget. Ratios are Decimal fractions (0.153 is 15.3%); years are Decimal.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from riep.core.fy import FinancialYear

NRE = "RS-805"  # net revenue expenditure
COUNCIL_TAX = "RS-890"
CHILDREN, ADULTS = "RS-330", "RS-360"
INTEREST = "RS-781"  # interest payable and similar charges
HRA_INTEREST = "RS-783"  # HRA item 8: the housing revenue account's share of interest, negative (charged to the HRA)
EARMARKED, UNALLOCATED = "RS-915", "RS-916"
OPEN, CLOSE = "-1apr", "-31mar"
LOW, HIGH = "low", "high"  # which direction is the risk


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    definition: str
    formula: str
    lines: tuple[str, ...]
    risk_when: str  # LOW or HIGH
    unit: str  # "ratio" or "years"
    available: bool = True
    unavailable_reason: str = ""


INDICATORS: tuple[Indicator, ...] = (
    Indicator("reserves_level", "Level of usable reserves",
              "Usable reserves (other earmarked plus unallocated) at 31 March, relative to the year's net revenue "
              "expenditure.", "(915 + 916 at 31 March) ÷ 805", (EARMARKED + CLOSE, UNALLOCATED + CLOSE, NRE), LOW, "ratio"),
    Indicator("reserves_change", "Change in usable reserves over three years",
              "The change in usable reserves from 1 April two years before to 31 March of the year, relative to the "
              "starting level.", "(usable at 31 March of Y − usable at 1 April of Y−2) ÷ usable at 1 April of Y−2",
              (EARMARKED + OPEN, UNALLOCATED + OPEN, EARMARKED + CLOSE, UNALLOCATED + CLOSE), LOW, "ratio"),
    Indicator("reserves_sustainability", "Reserves sustainability",
              "How many years usable reserves would last if they kept falling as they did this year; \"not "
              "depleting\" when they did not fall.", "usable at 31 March ÷ (usable at 1 April − usable at 31 March)",
              (EARMARKED + OPEN, UNALLOCATED + OPEN, EARMARKED + CLOSE, UNALLOCATED + CLOSE), LOW, "years"),
    Indicator("unallocated_reserves", "Unallocated reserves",
              "Unallocated (general fund) reserves at 31 March relative to net revenue expenditure: the cushion not "
              "set aside for anything.", "916 at 31 March ÷ 805", (UNALLOCATED + CLOSE, NRE), LOW, "ratio"),
    Indicator("council_tax_share", "Council tax requirement relative to net revenue expenditure",
              "How much of net spending council tax pays for; a lower share means more reliance on grants and "
              "business rates that central decisions can change.", "890 ÷ 805", (COUNCIL_TAX, NRE), LOW, "ratio"),
    Indicator("social_care_ratio", "Social care ratio",
              "Adult and children's social care spending relative to net revenue expenditure (upper-tier councils "
              "only): demand-led spending that crowds out the rest.", "(330 + 360) ÷ 805", (CHILDREN, ADULTS, NRE),
              HIGH, "ratio"),
    Indicator("interest_share", "Interest payable relative to net revenue expenditure",
              "Interest payable by the general fund (interest payable less the share the housing revenue account "
              "bears) relative to net revenue expenditure: the cost of debt.", "(781 + 783) ÷ 805",
              (INTEREST, HRA_INTEREST, NRE), HIGH, "ratio"),
    Indicator("fees_and_charges", "Fees and charges relative to service expenditure",
              "Income from sales, fees and charges relative to service expenditure.", "—", (), LOW, "ratio",
              available=False, unavailable_reason="The RS summary publishes net expenditure only; sales, fees and "
              "charges are on the detailed service returns (RO1–RO6), which the platform does not import."),
    Indicator("external_debt", "Gross external debt", "Borrowing outstanding.", "—", (), HIGH, "ratio",
              available=False, unavailable_reason="Debt is in the capital outturn and borrowing returns (COR, "
              "Borrowing and Investment), not in the revenue returns."),
    Indicator("business_rates_growth", "Business rates growth", "Growth of the business rates base.", "—", (),
              LOW, "ratio", available=False, unavailable_reason="The business rates base is in the NNDR returns, "
              "not in the revenue returns; RS line 870 (retained rates income) mixes growth with tariffs, top-ups and "
              "pooling."),
)
BY_KEY = {i.key: i for i in INDICATORS}


@dataclass(frozen=True)
class IndicatorValue:
    key: str
    year: str
    value: Decimal | None
    status: str  # "value", "not depleting", "unavailable"
    reason: str = ""
    inputs: dict = field(default_factory=dict)  # line key (with ":Y" for another year) -> value used

    @property
    def available(self) -> bool:
        return self.value is not None


def _unavailable(key, year, reason, inputs=None) -> IndicatorValue:
    return IndicatorValue(key, year, None, "unavailable", reason, inputs or {})


def _need(lines: dict, keys, key, year):
    missing = [k for k in keys if k not in lines]
    if missing:
        return None, _unavailable(key, year, f"the {year} return has no figure for line {', '.join(missing)}")
    return {k: lines[k] for k in keys}, None


def _ratio(key, year, lines, numerator_keys, denominator_key=NRE) -> IndicatorValue:
    found, missing = _need(lines, (*numerator_keys, denominator_key), key, year)
    if missing:
        return missing
    if found[denominator_key] <= 0:
        return _unavailable(key, year, f"net revenue expenditure is {found[denominator_key]}: a ratio to it means "
                            "nothing", found)
    return IndicatorValue(key, year, sum(found[k] for k in numerator_keys) / found[denominator_key], "value", "", found)


def usable(lines: dict, when: str) -> Decimal | None:
    a, b = lines.get(EARMARKED + when), lines.get(UNALLOCATED + when)
    return None if a is None or b is None else a + b


def compute(year: str, lines_by_year: dict[str, dict], upper_tier: bool) -> dict[str, IndicatorValue]:
    """Every indicator of one council for one year."""
    lines = lines_by_year.get(year, {})
    out: dict[str, IndicatorValue] = {}
    for indicator in INDICATORS:
        if not indicator.available:
            out[indicator.key] = _unavailable(indicator.key, year, indicator.unavailable_reason)
        elif not lines:
            out[indicator.key] = _unavailable(indicator.key, year, f"no {year} revenue outturn return on record")
    if not lines:
        return out
    out["reserves_level"] = _ratio("reserves_level", year, lines, (EARMARKED + CLOSE, UNALLOCATED + CLOSE))
    out["unallocated_reserves"] = _ratio("unallocated_reserves", year, lines, (UNALLOCATED + CLOSE,))
    out["council_tax_share"] = _ratio("council_tax_share", year, lines, (COUNCIL_TAX,))
    out["interest_share"] = _ratio("interest_share", year, lines, (INTEREST, HRA_INTEREST))
    if upper_tier:
        out["social_care_ratio"] = _ratio("social_care_ratio", year, lines, (CHILDREN, ADULTS))
    else:
        out["social_care_ratio"] = _unavailable("social_care_ratio", year, "districts do not provide social care: "
                                                "the ratio is for upper-tier councils only")
    out["reserves_sustainability"] = _sustainability(year, lines)
    out["reserves_change"] = _change(year, lines_by_year)
    return out


def _sustainability(year, lines) -> IndicatorValue:
    key = "reserves_sustainability"
    opening, closing = usable(lines, OPEN), usable(lines, CLOSE)
    if opening is None or closing is None:
        return _unavailable(key, year, f"the {year} return lacks reserves lines 915 or 916")
    inputs = {EARMARKED + OPEN: lines[EARMARKED + OPEN], UNALLOCATED + OPEN: lines[UNALLOCATED + OPEN],
              EARMARKED + CLOSE: lines[EARMARKED + CLOSE], UNALLOCATED + CLOSE: lines[UNALLOCATED + CLOSE]}
    drawdown = opening - closing
    if drawdown <= 0:
        return IndicatorValue(key, year, None, "not depleting", "usable reserves did not fall this year", inputs)
    return IndicatorValue(key, year, max(closing, Decimal(0)) / drawdown, "value", "", inputs)


def _change(year, lines_by_year) -> IndicatorValue:
    key = "reserves_change"
    start_year = str(FinancialYear.parse(year) - 2)
    start, end = lines_by_year.get(start_year, {}), lines_by_year.get(year, {})
    opening, closing = usable(start, OPEN), usable(end, CLOSE)
    if opening is None:
        return _unavailable(key, year, f"needs the {start_year} return (reserves at 1 April {start_year[:4]}), "
                            "which is not on record")
    if closing is None:
        return _unavailable(key, year, f"the {year} return lacks reserves lines 915 or 916")
    inputs = {f"{EARMARKED + OPEN}:{start_year}": start[EARMARKED + OPEN],
              f"{UNALLOCATED + OPEN}:{start_year}": start[UNALLOCATED + OPEN],
              EARMARKED + CLOSE: end[EARMARKED + CLOSE], UNALLOCATED + CLOSE: end[UNALLOCATED + CLOSE]}
    if opening <= 0:
        return _unavailable(key, year, "usable reserves were nil at the start: a relative change means nothing", inputs)
    return IndicatorValue(key, year, (closing - opening) / opening, "value", "", inputs)
