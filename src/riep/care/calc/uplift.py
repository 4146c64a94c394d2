"""Next year's rate card from this year's, with every assumption explicit."""
from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from riep.core.fy import FinancialYear

from .ratecard import Parameter, RateCard, RateCardError, validate


def uplift_card(card: RateCard, *, name: str, financial_year: "str | FinancialYear", vintage: str,
                national_living_wage: Decimal, nlw_source: str, cpi_percent: Decimal,
                pay_uplift_percent: "Decimal | None" = None, statutory: "dict[str, Decimal] | None" = None,
                statutory_source: str = "", date: str = "") -> RateCard:
    """Next year's card from this year's, with every assumption explicit.

    Pay (every role and the sleep-in rate) rises by the National Living Wage ratio, or by
    `pay_uplift_percent` if given, never ending below the new NLW; other £ amounts rise by CPI;
    percentages and hours are carried over. Statutory values not supplied in `statutory` are
    carried over and flagged `verify`.
    """
    year = FinancialYear.parse(financial_year)
    old_nlw = card.value("statutory.national_living_wage")
    pay_factor = (national_living_wage / old_nlw) if pay_uplift_percent is None else 1 + pay_uplift_percent / 100
    cpi_factor = 1 + cpi_percent / 100
    how_pay = (f"NLW ratio {national_living_wage}/{old_nlw}" if pay_uplift_percent is None
               else f"pay uplift {pay_uplift_percent}%")
    statutory = dict(statutory or {})
    date = date or year.first_day.isoformat()
    penny = Decimal("0.01")

    def scaled(p: Parameter, factor: Decimal, floor: "Decimal | None", how: str) -> Parameter:
        def one(v):
            result = (v * factor).quantize(penny, ROUND_HALF_UP)
            return max(result, floor) if floor is not None else result
        return replace(p, low=one(p.low), central=one(p.central), high=one(p.high), date=date,
                       source=f"{p.source} — uplifted from {card.name} by {how}")

    new_params = []
    for p in card.parameters:
        if p.key == "statutory.national_living_wage":
            p = replace(p, low=national_living_wage, central=national_living_wage, high=national_living_wage,
                        source=nlw_source, date=date, verify=False)
        elif p.key in statutory:
            v = statutory.pop(p.key)
            p = replace(p, low=v, central=v, high=v, source=statutory_source or "supplied to uplift", date=date)
        elif p.key.startswith("statutory."):
            p = replace(p, verify=True, source=f"{p.source} — carried over from {card.name}; verify for {year.label}")
        elif p.key.startswith("pay."):
            p = scaled(p, pay_factor, national_living_wage, how_pay)
        elif p.key == "sleep_in.rate_per_night":
            p = scaled(p, pay_factor, None, how_pay)
        elif p.unit.startswith("£"):
            p = scaled(p, cpi_factor, None, f"CPI {cpi_percent}%")
        new_params.append(p)
    if statutory:
        raise RateCardError(name, next(iter(statutory)), "is not a statutory parameter of the card")
    new = replace(card, name=name, financial_year=year, vintage=vintage, parameters=tuple(new_params), path="",
                  description=f"{card.description} Uplifted from {card.name}: pay by {how_pay}, "
                              f"other £ amounts by CPI {cpi_percent}%.")
    validate(new)
    return new
