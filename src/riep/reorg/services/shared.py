"""Shared back-office services: the business case from the entered baselines, and realised savings into the ledger
(through riep.ledger.services, with the business case as the gain's evidence)."""
from __future__ import annotations

import io
from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from riep.core.errors import UserError
from riep.core.fy import FinancialYear
from riep.core.money import to_money
from riep.core.tables import write_xlsx
from riep.ledger.services import (
    Category,
    EvidenceLevel,
    GainData,
    GainStatus,
    attach_evidence_document,
    new_gain,
    save_gain,
)
from riep.reorg.calc import sharing
from riep.reorg.models import FUNCTIONS, RealisedSaving, SharedService
from riep.reorg.tables import business_case_tables


def business_case(service: SharedService) -> sharing.BusinessCase:
    members = list(service.members.select_related("council"))
    names = [str(m.council) for m in members]
    baselines = [sharing.CouncilBaseline(str(b.council), b.function, b.cost, b.fte, b.transactions)
                 for b in service.baselines.select_related("council")]
    savings = [sharing.FunctionSaving(s.function, s.low, s.central, s.high) for s in service.savings.all()]
    population = {str(m.council): m.council.population for m in members if m.council.population}
    entered = {str(m.council): m.entered_share for m in members if m.entered_share is not None}
    return sharing.business_case(names, baselines, savings, service.set_up_cost, service.running_cost,
                                 service.formula, population, entered)


def council_shares(service: SharedService) -> dict:
    """Organisation → share of the savings (the business case's formula), adding up to exactly 1, for the ledger."""
    members = {str(m.council): m.council for m in service.members.select_related("council")}
    return {members[s.council]: str(s.share) for s in business_case(service).shares}


def ledger_reference(service: SharedService, year: FinancialYear) -> str:
    readable = f"SHARED-{service.slug}-{year.start_year}"
    return readable if len(readable) <= 40 else f"SHARED-{service.pk}-{year.start_year}"  # never cut: unique


@transaction.atomic
def record_realised_saving(user, service: SharedService, year, amount, check_permission: bool = True):
    """A live service's realised saving for a year, as a cash-releasing gain shared between its councils by the
    business case's cost-sharing formula. Recording the same year again changes that gain (a new version)."""
    year = FinancialYear.parse(year)
    amount = to_money(amount)
    if service.live_from is None or year < service.live_from:
        raise UserError(f"{service} is not live in {year}: record realised savings from the year it goes live.",
                        field="year")
    if amount < 0:
        raise UserError("A realised saving must not be negative.", field="amount")
    saving, _ = RealisedSaving.objects.get_or_create(service=service, year=year, defaults={"amount": amount})
    saving.amount = amount
    case_url = reverse("reorg:shared_service", args=[service.slug])
    fields = {
        "council": service.lead_council, "project": None, "service_area": f"Shared service: {service.name}",
        "category": Category.SHARED_SERVICE,
        "description": (f"Realised saving of {service} ({service.get_sharing_model_display().lower()}, lead "
                        f"{service.lead_council}) in {year}: £{amount:,.2f}, shared between the councils "
                        f"{service.get_formula_display().lower()}."),
        "cash_releasing": True, "service_quality_maintained": True,
        "quality_evidence": "Service levels agreed in the shared-service business case are met.",
        "status": GainStatus.REALISED, "evidence_level": EvidenceLevel.BEFORE_AFTER,
        "evidence_method": f"Shared-service business case and outturn against the baseline: {case_url}",
        "first_year": year, "illustrative": service.illustrative,
    }
    data = GainData(fields, {year: {"gross_saving": amount, "investment": to_money(0), "ongoing_costs": to_money(0)}},
                    shares=council_shares(service), replace_years=True)
    gain = saving.ledger_gain or new_gain(ledger_reference(service, year))
    gain, changed = save_gain(user, gain, data, reason="Realised saving changed", check_permission=check_permission)
    saving.ledger_gain = gain
    saving.save()
    if changed:
        attach_business_case(service, gain, year, user)
    return saving


def business_case_workbook(service: SharedService) -> bytes:
    """The business case's tables (savings by function, each council's share, payback) as an XLSX workbook."""
    out = io.BytesIO()
    write_xlsx(business_case_tables(business_case(service), dict(FUNCTIONS)), out)
    return out.getvalue()


def attach_business_case(service: SharedService, gain, year: FinancialYear, user=None):
    """Files the business case, as it stands when the saving is recorded, as the gain's evidence document."""
    return attach_evidence_document(gain, f"Shared-service business case: {service.name} ({year})",
                                    f"business-case-{service.slug}-{year.start_year}.xlsx",
                                    business_case_workbook(service), user)


@transaction.atomic
def set_cost_sharing(user, service: SharedService, formula: str, entered: dict | None = None) -> SharedService:
    """Changes the cost-sharing formula; with "entered", every council's share in percent, adding up to 100.
    Checked on the whole business case first: anything wrong is refused naming the field, and nothing is saved."""
    members = {m.council.gss_code or m.council.snac_code: m for m in service.members.select_related("council")}
    entered = entered or {}
    unknown = [code for code in entered if code not in members]
    if unknown:
        raise UserError(f"{', '.join(unknown)} is not a council of {service}.", field="shares")
    names = [str(m.council) for m in members.values()]
    baselines = [sharing.CouncilBaseline(str(b.council), b.function, b.cost, b.fte, b.transactions)
                 for b in service.baselines.select_related("council")]
    savings = [sharing.FunctionSaving(s.function, s.low, s.central, s.high) for s in service.savings.all()]
    population = {str(m.council): m.council.population for m in members.values() if m.council.population}
    shares = {str(members[code].council): Decimal(str(v)) for code, v in entered.items()}
    sharing.business_case(names, baselines, savings, service.set_up_cost, service.running_cost, formula,
                          population, shares if formula == "entered" else None)
    for code, member in members.items():
        member.entered_share = Decimal(str(entered[code])) if formula == "entered" else None
        member.save()
    service.formula = formula
    service._history_user = user if getattr(user, "pk", None) else None
    service.save()
    return service
