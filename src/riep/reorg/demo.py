"""The reorganisation demo: Durham 2009 (two assumption sets), Bedfordshire 2009 (two unitaries), an illustrative
two-tier area of today (Suffolk, two options), a shared finance and payroll service across three Norfolk districts
whose realised savings are in the ledger, and a planning capacity pool in the East of England growth areas."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from riep.core.fy import FinancialYear
from riep.registry.models import Organisation, Partnership
from riep.reorg import demo_data as data
from riep.reorg.models import (
    Assumption,
    AssumptionSet,
    CapacityOffer,
    CapacityPlacement,
    CapacityPool,
    CapacityRequest,
    FunctionBaseline,
    FunctionSaving,
    RealisedSaving,
    Scenario,
    ScenarioCouncil,
    SharedService,
    SharedServiceCouncil,
)
from riep.reorg.services.scenarios import save_option
from riep.reorg.services.shared import record_realised_saving


def _council(code: str) -> Organisation:
    qs = Organisation.objects.councils()
    return qs.get(gss_code=code) if code.startswith("E") else qs.get(gss_code__isnull=True, snac_code=code)


def _scenario(slug, name, area, partnership, vesting, councils, sets, description, **extra) -> tuple[Scenario, dict]:
    scenario = Scenario.objects.create(slug=slug, name=name, area=area, vesting_year=FinancialYear.parse(vesting),
                                       partnership=Partnership.objects.filter(code=partnership).first(),
                                       description=description, illustrative=True, **extra)
    entries = {}
    for code, (spend, band_d, base) in councils.items():
        entries[code] = ScenarioCouncil.objects.create(
            scenario=scenario, council=_council(code), baseline_spend=spend, band_d=band_d, tax_base=base,
            baseline_source="Entered (illustrative)")
    for i, (set_name, note, rows) in enumerate(sets):
        aset = AssumptionSet.objects.create(scenario=scenario, name=set_name, note=note, position=i)
        for key, label, kind, low, central, high, source in rows:
            Assumption.objects.create(assumption_set=aset, key=key, label=label, kind=kind, low=low, central=central,
                                      high=high, source_note=source)
    return scenario, entries


def delete_reorg_rows() -> None:
    CapacityPlacement.objects.all().delete()
    CapacityPool.objects.all().delete()
    RealisedSaving.objects.all().delete()
    SharedService.objects.all().delete()
    Scenario.objects.all().delete()


def load_reorg_demo() -> None:
    durham, d = _scenario(
        "durham-2009", "County Durham 2009: one unitary council", "County Durham", "NE", "2009-10", data.DURHAM,
        data.DURHAM_SETS, "Durham County Council and its seven districts became one unitary council on 1 April 2009 "
        "(about 22,000 staff, a £1.2bn budget). The councils claimed a saving of about £21m a year; the government "
        "assessed it at more than £11m. Both are here as assumption sets with ranges.",
        tax_target="weighted_average", tax_years=3, referendum_limit=Decimal("0.0499"))
    save_option(durham, "One unitary council", {"Durham County Council (unitary)": list(d.values())})

    beds, b = _scenario(
        "bedfordshire-2009", "Bedfordshire 2009: two unitary councils", "Bedfordshire", "EE", "2009-10", data.BEDS,
        [data.BEDS_SET], "Bedford Borough and Central Bedfordshire became unitary councils on 1 April 2009; the county "
        "council's services were split between them.", tax_target="weighted_average", tax_years=2)
    save_option(beds, "Two unitaries (as in 2009)", {"Bedford Borough": [b["E06000055"]],
                                                     "Central Bedfordshire": [b["09UC"], b["09UE"]]})
    save_option(beds, "One unitary for the county", {"Bedfordshire (unitary)": list(b.values())}, 1)

    suffolk, s = _scenario(
        "suffolk-today", "Suffolk today: one or two unitaries (illustrative)", "Suffolk", "EE", "2028-29", data.SUFFOLK,
        [data.SUFFOLK_SET], "An illustrative two-tier area of today, with two options. Figures are illustrative, not "
        "the councils' proposals.", tax_target="weighted_average", tax_years=5, referendum_limit=Decimal("0.0499"))
    save_option(suffolk, "One unitary", {"Suffolk (unitary)": list(s.values())})
    save_option(suffolk, "Two unitaries: east and west", {
        "East Suffolk and Ipswich": [s["E07000202"], s["E07000244"]],
        "West and mid Suffolk": [s["E07000200"], s["E07000203"], s["E07000245"]]}, 1)

    _shared_service()
    _procurement_lincolnshire()
    _capacity_pool()


def _shared_service() -> None:
    councils = {code: _council(code) for code in data.SHARED_COUNCILS}
    service = SharedService.objects.create(
        slug="norfolk-finance-payroll", name="Shared finance and payroll service (three Norfolk districts)",
        partnership=Partnership.objects.get(code="EE"), sharing_model="lead_authority",
        lead_council=councils["E07000144"], formula="transactions", set_up_cost=Decimal("350000"), running_cost=Decimal("150000"),
        live_from=FinancialYear(2011), illustrative=True,
        description="Illustrative: Breckland, Broadland and South Norfolk share one finance and payroll service "
                    "from 2011-12, "
                    "Broadland as the lead authority; costs and savings shared by transactions.")
    for code, functions in data.SHARED_COUNCILS.items():
        SharedServiceCouncil.objects.create(service=service, council=councils[code])
        for function, (cost, fte, transactions) in functions.items():
            FunctionBaseline.objects.create(service=service, council=councils[code], function=function, cost=cost,
                                            fte=fte, transactions=transactions)
    for function, low, central, high, note in data.SHARED_SAVINGS:
        FunctionSaving.objects.create(service=service, function=function, low=low, central=central, high=high,
                                      source_note=note)
    for year, amount in data.SHARED_REALISED:
        record_realised_saving(None, service, year, amount, check_permission=False)


def _procurement_lincolnshire() -> None:
    """The published worked case, as a business case (its savings are not recorded in the demo's ledger)."""
    councils = [_council(code) for code in data.LINCS]
    service = SharedService.objects.create(
        slug="procurement-lincolnshire", name="Procurement Lincolnshire (worked case)",
        partnership=Partnership.objects.get(code="EM"), sharing_model="joint_committee", lead_council=councils[0],
        formula="equal", set_up_cost=Decimal("148000"), running_cost=Decimal("0"), illustrative=True,
        description="Lincolnshire County Council and its seven districts set up a shared procurement service in "
                    "2008: £148,000 to set up, about £10.5m saved over 2008–11 (REFERENCE §9). The split of the "
                    "baseline between councils is illustrative.")
    for council in councils:
        SharedServiceCouncil.objects.create(service=service, council=council)
        FunctionBaseline.objects.create(service=service, council=council, function="procurement",
                                        cost=data.LINCS_BASELINE)
    function, low, central, high, note = data.LINCS_SAVING
    FunctionSaving.objects.create(service=service, function=function, low=low, central=central, high=high,
                                  source_note=note)


def _capacity_pool() -> None:
    pool = CapacityPool.objects.create(
        slug="ee-growth-areas", name="East of England growth areas: planning capacity pool",
        partnership=Partnership.objects.get(code="EE"), illustrative=True,
        description="Illustrative: councils with spare planning officer time offer it to councils in the growth "
                    "areas (London–Stansted–Cambridge–Peterborough, Thames Gateway, Haven Gateway).")
    for code, specialism, days, start, end, km in data.POOL_OFFERS:
        CapacityOffer.objects.create(pool=pool, council=_council(code), specialism=specialism, days=days,
                                     start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), max_travel_km=km)
    for code, specialism, days, start, end in data.POOL_REQUESTS:
        CapacityRequest.objects.create(pool=pool, council=_council(code), specialism=specialism, days=days,
                                       start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))
    # Placements stay proposed: agreeing one adds a partnership project, which the demo's programme of twelve
    # initiatives does not include.
