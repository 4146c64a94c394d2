"""NI 179 from the efficiency ledger: each council's NI 179 figure per year (outturn basis), as the ledger computes
it (`riep.ledger.services.ni179_for_council`), kept as the indicator's values so scorecards and peers see it.

A council without gains in the ledger gets no value (absent, not zero). Values are illustrative when any of the
council's gains is (the demo's are). Re-running changes only what the ledger changed.
"""
from __future__ import annotations

from django.utils import timezone

from riep.core.fy import FinancialYear
from riep.ledger import services as ledger
from riep.performance.models import Indicator, IndicatorValue

YEARS = (2008, 2009, 2010)  # NI 179 ran from 2008-09 to 2010-11


def refresh_ni179(councils) -> int:
    ind = Indicator.objects.filter(key="NI179").first()
    if ind is None:
        return 0
    written = 0
    for council in councils:
        gains = list(ledger.gains_for_council(council))
        if not gains:
            continue
        illustrative = any(getattr(g, "illustrative", False) for g in gains)
        for start in YEARS:
            fy = FinancialYear(start)
            total = ledger.ni179_for_council(council, fy).total
            fields = {"value": total, "vintage": "Efficiency ledger, outturn basis", "illustrative": illustrative,
                      "note": "From the efficiency ledger's gains (NI 179 rules).", "approved_at": timezone.now()}
            found = IndicatorValue.objects.filter(indicator=ind, council=council, period=str(fy)).first()
            if found is None:
                IndicatorValue.objects.create(indicator=ind, council=council, period=str(fy), **fields)
            elif found.value != total or found.illustrative != illustrative:
                found.value, found.illustrative = total, illustrative
                found.save(update_fields=["value", "illustrative"])
            else:
                continue
            written += 1
    return written
